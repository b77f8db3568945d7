using System;

namespace AzBackupTroubleshoot.Arm
{
    public sealed class ArmConnectionOptions
    {
        /// <summary>Most requests in flight at once, across every caller of the connection.</summary>
        public int MaxConcurrency { get; set; } = 16;

        /// <summary>Retries after a failed (5xx, 408) or dropped request.</summary>
        public int MaxRetries { get; set; } = 3;

        /// <summary>
        /// Retries after a 429, counted apart from <see cref="MaxRetries"/>: each waits for Retry-After, and
        /// every request of the subscription waits with it.
        /// </summary>
        public int MaxThrottledRetries { get; set; } = 10;

        /// <summary>
        /// How long a subscription's requests pause when ARM's remaining reads
        /// (x-ms-ratelimit-remaining-subscription-reads) fall to <see cref="MaxConcurrency"/> or below.
        /// </summary>
        public TimeSpan LowReadsPause { get; set; } = TimeSpan.FromSeconds(1);

        public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(0.8);

        public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

        /// <summary>
        /// Trust a server certificate by thumbprint instead of the machine's roots: for a local ARM
        /// emulator over HTTPS. Leave null for Azure.
        /// </summary>
        public string? TrustedServerCertificateThumbprint { get; set; }

        /// <summary>Called for each completed HTTP attempt (no headers, no token): for verbose output.</summary>
        public Action<ArmRequestRecord>? OnRequest { get; set; }
    }

    /// <summary>What a request did, safe to show: method, URL, status, ids for Azure support.</summary>
    public sealed class ArmRequestRecord
    {
        public ArmRequestRecord(string method, Uri uri, int status, string? clientRequestId, string? serviceRequestId, TimeSpan elapsed)
        {
            Method = method;
            Uri = uri;
            Status = status;
            ClientRequestId = clientRequestId;
            ServiceRequestId = serviceRequestId;
            Elapsed = elapsed;
        }

        public string Method { get; }
        public Uri Uri { get; }
        public int Status { get; }
        public string? ClientRequestId { get; }
        public string? ServiceRequestId { get; }
        public TimeSpan Elapsed { get; }
        /// <summary>Stopwatch.GetTimestamp() as the attempt was sent (after any throttling wait).</summary>
        public long StartTimestamp { get; internal set; }

        public override string ToString() =>
            $"{Method} {Uri.GetLeftPart(UriPartial.Path)} -> {(Status == 0 ? "no response" : Status.ToString(System.Globalization.CultureInfo.InvariantCulture))} in {Elapsed.TotalMilliseconds:0} ms (x-ms-client-request-id {ClientRequestId}, x-ms-request-id {ServiceRequestId})";
    }
}
