using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using AzBackupTroubleshoot.Guest;
using AzBackupTroubleshoot.Readiness;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Guest
{
    /// <summary>
    /// Runs the embedded Linux guest script for real, under a given shell, against a fake guest:
    /// Fixtures/linux/healthy with a case's files laid over it. The guest's commands are copies of
    /// the fake guest command (FakeGuestStub.sh in the emulator) that print the case's _stub files; PATH holds only those and the few text tools the
    /// script needs, so a command a case does not provide is really absent.
    /// </summary>
    /// <summary>A fact that needs a POSIX shell with dash and bash: skipped on Windows.</summary>
    public sealed class PosixFactAttribute : FactAttribute
    {
        public PosixFactAttribute()
        {
            if (OperatingSystem.IsWindows()) Skip = "Needs dash and bash.";
        }
    }

    /// <summary>A theory that needs a POSIX shell with dash and bash: skipped on Windows.</summary>
    public sealed class PosixTheoryAttribute : TheoryAttribute
    {
        public PosixTheoryAttribute()
        {
            if (OperatingSystem.IsWindows()) Skip = "Needs dash and bash.";
        }
    }

    internal static class LinuxGuestHarness
    {

        public static string FixturesRoot { get; } = Locate();

        public static string[] Shells { get; } = { "dash", "bash" };

        public sealed class Run
        {
            public Run(string stdout, string stderr, int exitCode)
            {
                Stdout = stdout;
                Stderr = stderr;
                ExitCode = exitCode;
            }

            public string Stdout { get; }
            public string Stderr { get; }
            public int ExitCode { get; }
        }

        /// <summary>Builds the fake guest of <paramref name="caseName"/> in a new temporary folder.</summary>
        public static string BuildGuest(string caseName)
        {
            var work = Path.Combine(Path.GetTempPath(), "azbt-guest-" + Guid.NewGuid().ToString("N"));
            var root = Path.Combine(work, "root");
            Copy(Path.Combine(FixturesRoot, "healthy"), root);
            if (caseName != "healthy")
            {
                var overlay = Path.Combine(FixturesRoot, caseName);
                if (!Directory.Exists(overlay)) throw new DirectoryNotFoundException(overlay);
                Copy(overlay, root);
            }

            foreach (var tool in AzBackupTroubleshoot.ArmEmulator.FakeGuest.TextTools) Which(tool);
            AzBackupTroubleshoot.ArmEmulator.FakeGuest.BuildPath(Path.Combine(work, "bin"), Path.Combine(root, "_stub"));
            return work;
        }

        public static Run RunScript(string shell, string guest)
        {
            var script = Path.Combine(guest, "guest-linux.sh");
            File.WriteAllText(script, GuestScripts.Linux, new UTF8Encoding(false));
            var result = AzBackupTroubleshoot.ArmEmulator.FakeGuest.Run(Which(shell), script, guest, Path.Combine(guest, "bin"), Path.Combine(guest, "root"), Path.Combine(guest, "root", "_stub"));
            if (result.ExitCode == null) throw new TimeoutException($"{shell} did not finish the guest script.");
            return new Run(result.Stdout, result.Stderr, result.ExitCode.Value);
        }

        /// <summary>Builds the case's guest, runs the script in it and removes it again.</summary>
        public static Run RunCase(string shell, string caseName)
        {
            var guest = BuildGuest(caseName);
            try
            {
                return RunScript(shell, guest);
            }
            finally
            {
                Directory.Delete(guest, true);
            }
        }

        public static string Which(string command) =>
            AzBackupTroubleshoot.ArmEmulator.FakeGuest.Which(command) ?? throw new FileNotFoundException($"'{command}' is needed to run the Linux guest script tests.");

        private static void Copy(string from, string to)
        {
            foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
                Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
            Directory.CreateDirectory(to);
            foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
                File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), true);
        }

        private static string Locate([CallerFilePath] string source = "")
        {
            var relative = Path.Combine("tests", "AzBackupTroubleshoot.Engine.Tests", "Guest", "Fixtures", "linux");
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (Directory.Exists(candidate)) return candidate;
            }

            var beside = Path.Combine(Path.GetDirectoryName(source) ?? "", "Fixtures", "linux");
            if (Directory.Exists(beside)) return beside;
            throw new DirectoryNotFoundException("The Linux guest fixtures (" + relative + ") were not found above the test output folder.");
        }

        /// <summary>The cases besides healthy and largest, each with the one check it breaks.</summary>
        public static readonly (string Case, string CheckId, CheckStatus Status, string? Remedy)[] BrokenCases =
        {
            ("agent-stopped", GuestCheckIds.AgentService, CheckStatus.Fail, "UserErrorGuestAgentStatusUnavailable"),
            ("old-agent", GuestCheckIds.AgentVersion, CheckStatus.Fail, "UserErrorGuestAgentVersionUnsupported"),
            ("extensions-disabled", GuestCheckIds.WaagentConf, CheckStatus.Fail, "GuestAgentSnapshotTaskStatusError"),
            ("wire-blocked", GuestCheckIds.WireServer, CheckStatus.Fail, "UserErrorGuestAgentStatusUnavailable"),
            ("static-ip", GuestCheckIds.Dhcp, CheckStatus.Fail, "GuestAgentSnapshotTaskStatusError"),
            ("proxy-no-bypass", GuestCheckIds.Proxy, CheckStatus.Warning, "ExtensionSnapshotFailedNoNetwork"),
            ("fs-not-clean", GuestCheckIds.FileSystems, CheckStatus.Fail, "UserErrorFsFreezeFailed"),
            ("duplicate-mount", GuestCheckIds.FileSystems, CheckStatus.Fail, "UserErrorFsFreezeFailed"),
            ("selinux-enforcing", GuestCheckIds.SELinux, CheckStatus.Warning, "UserErrorVmNotInDesirableState"),
            ("disk-full", GuestCheckIds.Resources, CheckStatus.Warning, "GuestAgentSnapshotTaskStatusError"),
            ("snapshot-extension-error", GuestCheckIds.SnapshotExtension, CheckStatus.Warning, "ExtensionOperationFailedForManagedDisks"),
        };

        public static bool IsBrokenCase(string name) => BrokenCases.Any(c => c.Case == name);
    }
}
