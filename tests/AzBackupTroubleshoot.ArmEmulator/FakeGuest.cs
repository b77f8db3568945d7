using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;

namespace AzBackupTroubleshoot.ArmEmulator
{
    /// <summary>
    /// Runs the Linux guest script in a fake guest: a PATH of a few real text tools plus one copy of
    /// the stub script per command the guest's _stub folder answers for, and AZBT_GUEST_ROOT at the
    /// guest's files. The emulator's Run Command and the script tests both run guests this way.
    /// </summary>
    public static class FakeGuest
    {
        public static readonly string[] TextTools = { "tr", "cut", "sed", "grep", "sort", "uniq", "head", "awk", "cat" };

        public sealed class Result
        {
            public Result(string stdout, string stderr, int? exitCode)
            {
                Stdout = stdout;
                Stderr = stderr;
                ExitCode = exitCode;
            }

            public string Stdout { get; }
            public string Stderr { get; }
            /// <summary>Null when the script did not finish and was killed.</summary>
            public int? ExitCode { get; }
        }

        /// <summary>The path of a system command, or null.</summary>
        public static string? Which(string command) =>
            new[] { "/usr/bin", "/bin", "/usr/local/bin", "/usr/sbin", "/sbin" }.Select(d => Path.Combine(d, command)).FirstOrDefault(File.Exists);

        /// <summary>The fake guest command (FakeGuestStub.sh, embedded): one copy for the emulator and the script tests.</summary>
        public static string StubScript { get; } = ReadStub();

        private static string ReadStub()
        {
            using var stream = typeof(FakeGuest).Assembly.GetManifestResourceStream("FakeGuestStub.sh")!;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }

        /// <summary>Fills <paramref name="bin"/> with the text tools and a stub per command of <paramref name="stubs"/>.</summary>
        public static void BuildPath(string bin, string stubs)
        {
            Directory.CreateDirectory(bin);
            foreach (var tool in TextTools)
            {
                var found = Which(tool);
                if (found != null) File.CreateSymbolicLink(Path.Combine(bin, tool), found);
            }

            if (!Directory.Exists(stubs)) return;
            var stub = StubScript.Replace("\r\n", "\n");
            foreach (var file in Directory.GetFiles(stubs))
            {
                var name = Path.GetFileName(file).Split('_')[0];
                if (name.EndsWith(".rc", StringComparison.Ordinal)) name = name.Substring(0, name.Length - 3);
                var target = Path.Combine(bin, name);
                if (File.Exists(target)) continue;
                File.WriteAllText(target, stub);
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        /// <summary>Runs <paramref name="scriptFile"/> under <paramref name="shell"/> with only <paramref name="bin"/> on PATH.</summary>
        public static Result Run(string shell, string scriptFile, string workDirectory, string bin, string guestRoot, string stubs)
        {
            var psi = new ProcessStartInfo(shell, scriptFile)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = workDirectory,
                StandardOutputEncoding = Encoding.UTF8,
            };
            psi.Environment.Clear();
            psi.Environment["PATH"] = bin;
            psi.Environment["AZBT_GUEST_ROOT"] = guestRoot;
            psi.Environment["AZBT_STUB_DIR"] = stubs;
            psi.Environment["LC_ALL"] = "C";
            using var process = Process.Start(psi)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            // A guard against a hung script, not a timing assertion.
            if (!process.WaitForExit(60_000))
            {
                process.Kill(true);
                return new Result(stdout, "The script did not finish within 60 s.", null);
            }

            return new Result(stdout, stderr.Result, process.ExitCode);
        }
    }
}
