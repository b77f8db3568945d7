using System;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AzBackupTroubleshoot.Arm;
using static AzBackupTroubleshoot.Inventory.ArmJson;

namespace AzBackupTroubleshoot.Repair
{
    internal enum OperationState
    {
        Succeeded,
        Failed,
        Canceled,
        TimedOut,
    }

    internal sealed class OperationOutcome
    {
        public OperationOutcome(OperationState state, JsonElement body, string? errorCode = null, string? errorMessage = null)
        {
            State = state;
            Body = body;
            ErrorCode = errorCode;
            ErrorMessage = errorMessage;
        }

        public OperationState State { get; }
        /// <summary>The last status body (Azure-AsyncOperation) or final body (Location), default when none.</summary>
        public JsonElement Body { get; }
        public string? ErrorCode { get; }
        public string? ErrorMessage { get; }
    }

    /// <summary>
    /// Follows an ARM long-running operation (LRO.md [D1]): Azure-AsyncOperation first (status InProgress until
    /// Succeeded, Failed or Canceled), else Location (202 while running, 200 or 204 when done), pausing as
    /// Retry-After says (seconds or an HTTP date), and gives up at the deadline instead of waiting forever.
    /// </summary>
    internal static class OperationFollower
    {
        public static async Task<OperationOutcome> FollowAsync(ArmRestClient rest, ArmResponse start, string resourceId, DateTimeOffset deadline, RepairOptions options, CancellationToken cancellationToken)
        {
            var statusUrl = AbsoluteUrl(start.Header("Azure-AsyncOperation"));
            var locationUrl = AbsoluteUrl(start.Header("Location"));
            if (start.Status != 201 && start.Status != 202 || (statusUrl == null && locationUrl == null))
            {
                return new OperationOutcome(OperationState.Succeeded, start.Body);
            }

            var last = start;
            while (true)
            {
                var remaining = deadline - options.Clock();
                if (remaining <= TimeSpan.Zero) return new OperationOutcome(OperationState.TimedOut, last.Body);
                var pause = RetryAfter(last, options);
                await options.Delay(pause < remaining ? pause : remaining, cancellationToken).ConfigureAwait(false);
                if (deadline - options.Clock() <= TimeSpan.Zero) return new OperationOutcome(OperationState.TimedOut, last.Body);

                try
                {
                    if (statusUrl != null)
                    {
                        last = await rest.PollAsync(statusUrl, resourceId, cancellationToken).ConfigureAwait(false);
                        var status = Str(last.Body, "status");
                        if (Is(status, "Succeeded")) return new OperationOutcome(OperationState.Succeeded, last.Body);
                        if (Is(status, "Failed") || Is(status, "Canceled") || Is(status, "Cancelled"))
                        {
                            var error = Obj(last.Body, "error");
                            return new OperationOutcome(Is(status, "Failed") ? OperationState.Failed : OperationState.Canceled, last.Body, Str(error, "code"), Str(error, "message"));
                        }

                        continue;
                    }

                    last = await rest.PollAsync(locationUrl!, resourceId, cancellationToken).ConfigureAwait(false);
                    if (last.Status != 202) return new OperationOutcome(OperationState.Succeeded, last.Body);
                }
                catch (ArmRequestException ex) when (ex.Status >= 400 && ex.Status != 429 && ex.Status < 500)
                {
                    // A Location URL answers a failed operation with its error.
                    return new OperationOutcome(OperationState.Failed, default, ex.ErrorCode, ex.Message);
                }
            }
        }

        /// <summary>The pause the server asked for, within the configured bounds.</summary>
        internal static TimeSpan RetryAfter(ArmResponse response, RepairOptions options)
        {
            var value = response.Header("Retry-After");
            TimeSpan pause;
            if (value != null && int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            {
                pause = TimeSpan.FromSeconds(seconds);
            }
            else if (value != null && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                pause = at - options.Clock();
                if (pause < TimeSpan.Zero) pause = TimeSpan.Zero;
            }
            else
            {
                pause = options.DefaultPollInterval;
            }

            return pause > options.MaxPollInterval ? options.MaxPollInterval : pause;
        }

        private static Uri? AbsoluteUrl(string? value) =>
            !string.IsNullOrWhiteSpace(value) && Uri.TryCreate(value!.Trim(), UriKind.Absolute, out var uri) ? uri : null;

        private static bool Is(string? value, string expected) => string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);
    }
}
