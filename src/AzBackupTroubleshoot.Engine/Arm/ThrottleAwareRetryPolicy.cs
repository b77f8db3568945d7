using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace AzBackupTroubleshoot.Arm
{
    /// <summary>
    /// Azure.Core's retry policy with two changes for ARM's read budget (a token bucket per subscription):
    /// a 429 is retried on its own, larger budget (<see cref="ArmConnectionOptions.MaxThrottledRetries"/>) so a
    /// throttled read waits its turn instead of being lost; and every request of a subscription waits while
    /// ARM has said to (Retry-After on a 429) or while its remaining reads
    /// (x-ms-ratelimit-remaining-subscription-reads) are down to what is in flight, so the callers back off
    /// together rather than each burning its retries against an empty bucket.
    /// </summary>
    internal sealed class ThrottleAwareRetryPolicy : RetryPolicy
    {
        public const string RemainingReadsHeader = "x-ms-ratelimit-remaining-subscription-reads";
        private const string ThrottledRetriesProperty = "AzBackupTroubleshoot.ThrottledRetries";
        private const string OtherRetriesProperty = "AzBackupTroubleshoot.OtherRetries";

        private readonly ArmConnectionOptions _options;
        private readonly ConcurrentDictionary<string, ResumeTime> _resumeBySubscription = new ConcurrentDictionary<string, ResumeTime>(StringComparer.OrdinalIgnoreCase);

        public ThrottleAwareRetryPolicy(ArmConnectionOptions options)
            : base(options.MaxRetries + options.MaxThrottledRetries, new ArmDelay(options.RetryDelay))
        {
            _options = options;
        }

        protected override bool ShouldRetry(HttpMessage message, Exception? exception)
        {
            if (message.CancellationToken.IsCancellationRequested) return false;
            if (exception == null && message.HasResponse && message.Response.Status == 429)
            {
                return Take(message, ThrottledRetriesProperty, _options.MaxThrottledRetries);
            }

            // Other failures keep the ordinary budget, whatever throttling came before.
            var retriable = exception != null ? message.ResponseClassifier.IsRetriable(message, exception) : message.ResponseClassifier.IsRetriableResponse(message);
            return retriable && Take(message, OtherRetriesProperty, _options.MaxRetries);
        }

        protected override ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception) => new ValueTask<bool>(ShouldRetry(message, exception));

        protected override async ValueTask OnSendingRequestAsync(HttpMessage message)
        {
            var wait = Resume(message).Remaining();
            if (wait > TimeSpan.Zero) await Task.Delay(wait, message.CancellationToken).ConfigureAwait(false);
            // No attempt starts once the caller has cancelled, even one that was waiting for nothing.
            message.CancellationToken.ThrowIfCancellationRequested();
        }

        protected override void OnSendingRequest(HttpMessage message)
        {
            var wait = Resume(message).Remaining();
            if (wait > TimeSpan.Zero) message.CancellationToken.WaitHandle.WaitOne(wait);
            message.CancellationToken.ThrowIfCancellationRequested();
        }

        protected override ValueTask OnRequestSentAsync(HttpMessage message)
        {
            OnRequestSent(message);
            return default;
        }

        protected override void OnRequestSent(HttpMessage message)
        {
            if (!message.HasResponse) return;
            var response = message.Response;
            if (response.Status == 429)
            {
                Resume(message).NotBefore(RetryAfter(response) ?? _options.RetryDelay);
                return;
            }

            // Few reads left: pause the subscription's requests for a moment so the bucket refills (ARM: about 25 a second).
            if (response.Headers.TryGetValue(RemainingReadsHeader, out var text) &&
                int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var remaining) && remaining <= _options.MaxConcurrency)
            {
                Resume(message).NotBefore(_options.LowReadsPause);
            }
        }

        /// <summary>Counts one more retry against a budget; false when it is spent.</summary>
        private static bool Take(HttpMessage message, string budget, int limit)
        {
            var used = message.TryGetProperty(budget, out var value) && value is int n ? n : 0;
            if (used >= limit) return false;
            message.SetProperty(budget, used + 1);
            return true;
        }

        /// <summary>Retry-After in seconds (or retry-after-ms / x-ms-retry-after-ms, which ARM's services also send).</summary>
        internal static TimeSpan? RetryAfter(Response response)
        {
            foreach (var name in new[] { "retry-after-ms", "x-ms-retry-after-ms" })
            {
                if (response.Headers.TryGetValue(name, out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var m)) return TimeSpan.FromMilliseconds(m);
            }

            if (!response.Headers.TryGetValue("Retry-After", out var text)) return null;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)) return TimeSpan.FromSeconds(seconds);
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at - DateTimeOffset.UtcNow : (TimeSpan?)null;
        }

        private ResumeTime Resume(HttpMessage message) => _resumeBySubscription.GetOrAdd(SubscriptionOf(message.Request.Uri.Path), _ => new ResumeTime());

        private static string SubscriptionOf(string path)
        {
            var segments = path.Trim('/').Split('/');
            return segments.Length >= 2 && segments[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase) ? segments[1] : "";
        }

        /// <summary>The earliest time a subscription's next attempt may start (Stopwatch ticks).</summary>
        private sealed class ResumeTime
        {
            private long _notBefore;

            public void NotBefore(TimeSpan delay)
            {
                var until = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
                long seen;
                while ((seen = Interlocked.Read(ref _notBefore)) < until && Interlocked.CompareExchange(ref _notBefore, until, seen) != seen)
                {
                }
            }

            public TimeSpan Remaining()
            {
                var ticks = Interlocked.Read(ref _notBefore) - Stopwatch.GetTimestamp();
                return ticks <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(ticks / (double)Stopwatch.Frequency);
            }
        }

        /// <summary>
        /// Exponential for failures (Azure.Core's base takes the larger of this and Retry-After); for a 429 only a
        /// little jitter on top of Retry-After, since the budget for throttling is counted apart.
        /// </summary>
        private sealed class ArmDelay : DelayStrategy
        {
            private static readonly TimeSpan MaxFailureDelay = TimeSpan.FromSeconds(8);
            private readonly TimeSpan _initial;

            public ArmDelay(TimeSpan initial)
                : base(TimeSpan.FromMinutes(1), 0.2) => _initial = initial;

            protected override TimeSpan GetNextDelayCore(Response? response, int retryNumber)
            {
                if (response?.Status == 429) return TimeSpan.FromMilliseconds(_initial.TotalMilliseconds / 4);
                var exponent = Math.Min(retryNumber, 10);
                var ms = Math.Min(MaxFailureDelay.TotalMilliseconds, _initial.TotalMilliseconds * Math.Pow(2, Math.Max(0, exponent - 1)));
                return TimeSpan.FromMilliseconds(ms);
            }
        }
    }
}
