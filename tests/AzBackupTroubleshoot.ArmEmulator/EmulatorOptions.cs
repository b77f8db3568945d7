using System;
using System.Collections.Generic;

namespace AzBackupTroubleshoot.ArmEmulator
{
    public enum FaultKind
    {
        /// <summary>500 InternalServerError with the ARM envelope.</summary>
        ServerError,
        /// <summary>503 ServiceUnavailable with Retry-After.</summary>
        ServiceUnavailable,
        /// <summary>The connection is dropped without a response.</summary>
        DropConnection,
        /// <summary>429 TooManyRequests with Retry-After.</summary>
        Throttle,
        /// <summary>200 with a body that is not JSON.</summary>
        MalformedBody,
        /// <summary>200 whose body breaks off: a part of it is sent, then the connection is dropped.</summary>
        DropMidBody,
        /// <summary>A latency spike: the answer is held back for <see cref="FaultRule.Delay"/>, then served as usual.</summary>
        Delay,
    }

    /// <summary>Injects a fault into requests whose path contains <see cref="PathContains"/>.</summary>
    public sealed class FaultRule
    {
        public string PathContains { get; set; } = "";
        /// <summary>When set, only requests whose query string contains this (statusOnly=true, say).</summary>
        public string? QueryContains { get; set; }
        /// <summary>When set, only requests whose query string does not contain this.</summary>
        public string? QueryLacks { get; set; }
        /// <summary>When set, only this page (1-based) of a list: the first request, or the one whose skip token starts there.</summary>
        public int? Page { get; set; }
        public FaultKind Kind { get; set; }
        /// <summary>Fault the first N matching requests (0: no count limit, use Rate).</summary>
        public int Times { get; set; }
        /// <summary>
        /// Fault this share of matching requests (0 to 1). Which ones is decided from the seed, the request
        /// (method, path, query, page) and how often that request came before, never from arrival order, so
        /// the same scan meets the same faults however its requests interleave.
        /// </summary>
        public double Rate { get; set; }
        public int RetryAfterSeconds { get; set; } = 1;
        /// <summary>How long a <see cref="FaultKind.Delay"/> holds the answer back (ended early when the client goes away).</summary>
        public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(1);
    }

    /// <summary>
    /// How a long-running DELETE answers. VirtualMachineExtension_Delete_MinimumSet_Gen.json documents 200 with {},
    /// 202 with a lowercase location header alone, and 204; async-operations.md (LRO.md [D1]) adds 202 with Azure-AsyncOperation.
    /// </summary>
    public enum DeleteAnswer
    {
        /// <summary>202 with Azure-AsyncOperation, Location and Retry-After; both URLs poll.</summary>
        AzureAsyncOperation,
        /// <summary>202 with a lowercase location header only.</summary>
        LocationOnly,
        /// <summary>200 with {}: deleted at once.</summary>
        Ok,
        /// <summary>204: deleted at once.</summary>
        NoContent,
    }

    /// <summary>What the emulator does beyond serving the world: limits, faults, identities.</summary>
    public sealed class EmulatorOptions
    {
        /// <summary>Items per page of a list; the rest follow by nextLink.</summary>
        public int PageSize { get; set; } = 100;

        /// <summary>
        /// statusOnly=true listings carry the agent and extension views, or only the power and provisioning statuses
        /// (what a Compute engineer describes on azure-sdk-for-go#19707). Either way the model (profiles, tags) is stripped.
        /// </summary>
        public bool StatusOnlyCarriesFullInstanceView { get; set; } = true;

        /// <summary>Token bucket for reads per subscription (ARM: 250, refilled at 25 per second). Null: unlimited.</summary>
        public int? ReadBucketCapacity { get; set; }
        public double ReadRefillPerSecond { get; set; } = 25;

        /// <summary>Delay added to every response.</summary>
        public TimeSpan Latency { get; set; } = TimeSpan.Zero;

        public List<FaultRule> Faults { get; } = new List<FaultRule>();

        /// <summary>
        /// Resource Graph queries a caller may make per <see cref="GraphQuotaWindow"/> (ERRORS.md: "e.g. 15 queries per
        /// 5-second window per user"); past them, 429 with Retry-After until the window resets.
        /// </summary>
        public int GraphQuotaPerWindow { get; set; } = 15;
        public TimeSpan GraphQuotaWindow { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>
        /// Scopes (id prefixes) that answer 403 AuthorizationFailed. Resource Graph leaves their rows out, and answers
        /// 403 AccessDenied when nothing the request names is left (a denied management group: its id here).
        /// </summary>
        public List<string> DenyScopes { get; } = new List<string>();

        /// <summary>How DELETE of an existing resource answers.</summary>
        public DeleteAnswer DeleteAnswer { get; set; } = DeleteAnswer.AzureAsyncOperation;

        /// <summary>Polls a long-running operation answers "in progress" before it completes.</summary>
        public int OperationPollsBeforeDone { get; set; } = 1;

        public int Seed { get; set; } = 20261122;

        /// <summary>Called as each request arrives (method, path): a signal tests can wait on instead of time.</summary>
        public Action<string, string>? OnRequestReceived { get; set; }
    }
}
