using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AzBackupTroubleshoot.Localization;
using AzBackupTroubleshoot.Readiness;

namespace AzBackupTroubleshoot.Guest
{
    /// <summary>
    /// Runs the guest script of a VM's OS through a transport, reads its output and judges it. A
    /// transport failure, an exception or a timeout becomes Unknown findings that say why; only the
    /// caller's own cancellation propagates.
    /// </summary>
    public sealed class GuestInspector
    {
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

        private readonly IGuestCommandRunner _runner;

        public GuestInspector(IGuestCommandRunner runner, TimeSpan? timeout = null)
        {
            _runner = runner ?? throw new ArgumentNullException(nameof(runner));
            Timeout = timeout ?? DefaultTimeout;
            if (Timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), "The timeout must be positive.");
        }

        /// <summary>How long one VM's command may take, transport included.</summary>
        public TimeSpan Timeout { get; }

        public async Task<IReadOnlyList<Finding>> InspectAsync(string vmId, GuestOs os, CheckSelection? selection = null, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrWhiteSpace(vmId)) throw new ArgumentException("A VM id is required.", nameof(vmId));
            selection ??= CheckSelection.All;
            if (!GuestEvaluator.ChecksFor(os).Any(selection.Includes)) return Array.Empty<Finding>();

            GuestCommandResult result;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(Timeout);
                try
                {
                    result = await _runner.RunAsync(vmId, os, GuestScripts.For(os), timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    var seconds = Timeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
                    return GuestEvaluator.Unknown(os, new LocalizedText($"The in-guest checks did not finish within {seconds} s.", $"ゲスト内チェックが {seconds} 秒以内に終わりませんでした。"), Evidence(("timeoutSeconds", seconds)), selection);
                }
                catch (Exception e) when (!(e is OperationCanceledException))
                {
                    return GuestEvaluator.Unknown(os, new LocalizedText($"The in-guest checks could not run: {e.Message}", $"ゲスト内チェックを実行できませんでした: {e.Message}"), Evidence(("error", e.GetType().Name + ": " + e.Message)), selection);
                }
            }

            if (result == null || !result.Succeeded)
            {
                var reason = result?.FailureReason ?? "no result";
                return GuestEvaluator.Unknown(os, new LocalizedText($"The in-guest checks could not run: {reason}", $"ゲスト内チェックを実行できませんでした: {reason}"), Evidence(("error", reason)), selection);
            }

            var output = GuestOutputParser.Parse(result.Output);
            var findings = GuestEvaluator.Evaluate(os, output, selection);
            if (output.IsComplete || string.IsNullOrWhiteSpace(result.Error)) return findings;
            // Output that did not arrive whole: what the script wrote to stderr may say why.
            var stderr = result.Error.Trim();
            if (stderr.Length > 300) stderr = "..." + stderr.Substring(stderr.Length - 300);
            return findings.Select(f => f.Status != CheckStatus.Unknown ? f : new Finding(f.CheckId, f.Status, f.Message, With(f.Evidence, "stderr", stderr), f.RemedyCode)).ToArray();
        }

        private static IReadOnlyDictionary<string, string?> Evidence(params (string Key, string? Value)[] items) =>
            items.ToDictionary(i => i.Key, i => i.Value, StringComparer.Ordinal);

        private static IReadOnlyDictionary<string, string?> With(IReadOnlyDictionary<string, string?> evidence, string key, string value)
        {
            var d = evidence.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            d[key] = value;
            return d;
        }
    }
}
