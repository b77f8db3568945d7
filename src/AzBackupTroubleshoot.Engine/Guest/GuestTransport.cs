using System;
using System.Threading;
using System.Threading.Tasks;

namespace AzBackupTroubleshoot.Guest
{
    /// <summary>The guest families the in-guest checks have a script for.</summary>
    public enum GuestOs
    {
        Windows,
        Linux,
    }

    /// <summary>
    /// Runs a script inside a VM and returns what it printed: Run Command in production
    /// (RunPowerShellScript on Windows, RunShellScript on Linux), anything else in tests.
    /// </summary>
    public interface IGuestCommandRunner
    {
        /// <summary>
        /// Runs <paramref name="script"/> in the guest of <paramref name="vmId"/>. A failure of the
        /// transport (VM not reachable, agent not Ready, conflict that never cleared) should come back
        /// as <see cref="GuestCommandResult.Failed"/>; throwing works too, and so does honouring the token.
        /// </summary>
        Task<GuestCommandResult> RunAsync(string vmId, GuestOs os, string script, CancellationToken cancellationToken);
    }

    /// <summary>What a guest command produced, or why it could not run.</summary>
    public sealed class GuestCommandResult
    {
        private GuestCommandResult(bool succeeded, string output, string error, string? failureReason)
        {
            Succeeded = succeeded;
            Output = output;
            Error = error;
            FailureReason = failureReason;
        }

        /// <summary>True when the script ran and its output came back (whatever it says).</summary>
        public bool Succeeded { get; }
        /// <summary>Standard output as returned (Run Command keeps only its last 4,096 bytes).</summary>
        public string Output { get; }
        /// <summary>Standard error as returned.</summary>
        public string Error { get; }
        /// <summary>Why the script did not run or its output did not come back.</summary>
        public string? FailureReason { get; }

        public static GuestCommandResult Completed(string? output, string? error = null) =>
            new GuestCommandResult(true, output ?? "", error ?? "", null);

        public static GuestCommandResult Failed(string reason) =>
            new GuestCommandResult(false, "", "", string.IsNullOrWhiteSpace(reason) ? "The guest command failed." : reason);
    }
}
