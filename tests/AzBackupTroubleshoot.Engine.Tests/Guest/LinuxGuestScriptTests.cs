using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using AzBackupTroubleshoot.Guest;
using AzBackupTroubleshoot.Readiness;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Guest
{
    /// <summary>The embedded Linux script, run for real under dash and bash against fake guests.</summary>
    public sealed class LinuxGuestScriptTests
    {
        public static TheoryData<string> Shells()
        {
            var data = new TheoryData<string>();
            foreach (var s in LinuxGuestHarness.Shells) data.Add(s);
            return data;
        }

        public static TheoryData<string, string> BrokenGuests()
        {
            var data = new TheoryData<string, string>();
            foreach (var shell in LinuxGuestHarness.Shells)
            foreach (var c in LinuxGuestHarness.BrokenCases) data.Add(shell, c.Case);
            return data;
        }

        [PosixTheory]
        [MemberData(nameof(Shells))]
        public void A_healthy_guest_passes_every_check(string shell)
        {
            var run = LinuxGuestHarness.RunCase(shell, "healthy");
            Assert.Equal(0, run.ExitCode);
            var output = GuestOutputParser.Parse(run.Stdout);
            Assert.True(output.IsComplete, output.Problem?.English + "\n" + run.Stdout + run.Stderr);
            var findings = GuestEvaluator.Evaluate(GuestOs.Linux, output);
            Assert.Equal(GuestEvaluator.ChecksFor(GuestOs.Linux), findings.Select(f => f.CheckId));
            Assert.All(findings, f => Assert.True(f.Status == CheckStatus.Pass || f.Status == CheckStatus.NotApplicable, f + "\n" + run.Stdout));
            Assert.Equal(CheckStatus.NotApplicable, findings.Single(f => f.CheckId == GuestCheckIds.SELinux).Status);
            // The latest sequence number (3) counts, not the older failed one (2).
            Assert.Contains("1.0.9225.0", findings.Single(f => f.CheckId == GuestCheckIds.SnapshotExtension).Message.English);
        }

        [PosixTheory]
        [MemberData(nameof(BrokenGuests))]
        public void A_broken_guest_fails_exactly_its_own_check(string shell, string caseName)
        {
            var expected = LinuxGuestHarness.BrokenCases.Single(c => c.Case == caseName);
            var run = LinuxGuestHarness.RunCase(shell, caseName);
            var output = GuestOutputParser.Parse(run.Stdout);
            Assert.True(output.IsComplete, output.Problem?.English + "\n" + run.Stdout);
            var findings = GuestEvaluator.Evaluate(GuestOs.Linux, output);
            var flagged = findings.Where(f => f.Status != CheckStatus.Pass && f.Status != CheckStatus.NotApplicable).ToArray();
            var finding = Assert.Single(flagged);
            Assert.Equal(expected.CheckId, finding.CheckId);
            Assert.Equal(expected.Status, finding.Status);
            Assert.Equal(expected.Remedy, finding.RemedyCode);
            Assert.NotEmpty(finding.Evidence);
            Assert.False(string.IsNullOrWhiteSpace(finding.Message.Japanese));
        }

        [PosixTheory]
        [MemberData(nameof(Shells))]
        public void The_largest_realistic_guest_prints_well_under_the_run_command_limit(string shell)
        {
            var run = LinuxGuestHarness.RunCase(shell, "largest");
            var bytes = Encoding.UTF8.GetByteCount(run.Stdout);
            Assert.True(bytes < GuestScripts.RunCommandOutputLimit * 3 / 4, $"{bytes} bytes:\n{run.Stdout}");
            var output = GuestOutputParser.Parse(run.Stdout);
            Assert.True(output.IsComplete, output.Problem?.English);
            var findings = GuestEvaluator.Evaluate(GuestOs.Linux, output).ToDictionary(f => f.CheckId);
            Assert.Equal(CheckStatus.Fail, findings[GuestCheckIds.FileSystems].Status);
            Assert.Equal(CheckStatus.Warning, findings[GuestCheckIds.SELinux].Status);
            Assert.Equal(CheckStatus.Pass, findings[GuestCheckIds.Proxy].Status);
            // The three newest extension folders travel; the newest one is judged.
            Assert.Contains("1.0.9240.0", findings[GuestCheckIds.SnapshotExtension].Message.English);
        }

        [PosixFact]
        public void Proxy_credentials_stay_in_the_guest()
        {
            var run = LinuxGuestHarness.RunCase("dash", "largest");
            Assert.DoesNotContain("Sup3rS3cretPassw0rd", run.Stdout);
            Assert.Contains("http://***@proxy-egress-primary", run.Stdout);
        }

        [PosixTheory]
        [MemberData(nameof(Shells))]
        public void The_script_changes_nothing_in_the_guest(string shell)
        {
            var guest = LinuxGuestHarness.BuildGuest("largest");
            try
            {
                var root = Path.Combine(guest, "root");
                var before = Fingerprint(root);
                var run = LinuxGuestHarness.RunScript(shell, guest);
                Assert.StartsWith("AZBT-GUEST 1 linux", run.Stdout);
                Assert.Equal(before, Fingerprint(root));
            }
            finally
            {
                Directory.Delete(guest, true);
            }
        }

        [PosixFact]
        public void Without_its_commands_the_script_still_ends_and_says_what_it_could_not_see()
        {
            var guest = LinuxGuestHarness.BuildGuest("healthy");
            try
            {
                foreach (var stub in new[] { "ps", "systemctl", "waagent", "curl", "tune2fs", "df" }) File.Delete(Path.Combine(guest, "bin", stub));
                var run = LinuxGuestHarness.RunScript("dash", guest);
                var output = GuestOutputParser.Parse(run.Stdout);
                Assert.True(output.IsComplete, output.Problem?.English + "\n" + run.Stdout);
                var findings = GuestEvaluator.Evaluate(GuestOs.Linux, output).ToDictionary(f => f.CheckId);
                foreach (var id in new[] { GuestCheckIds.AgentService, GuestCheckIds.AgentVersion, GuestCheckIds.WireServer, GuestCheckIds.FileSystems, GuestCheckIds.Resources })
                    Assert.Equal(CheckStatus.Unknown, findings[id].Status);
                // What the files say is still judged.
                Assert.Equal(CheckStatus.Pass, findings[GuestCheckIds.WaagentConf].Status);
                Assert.Equal(CheckStatus.Pass, findings[GuestCheckIds.Dhcp].Status);
            }
            finally
            {
                Directory.Delete(guest, true);
            }
        }

        [Fact]
        public void Every_fixture_case_is_tested()
        {
            var cases = Directory.GetDirectories(LinuxGuestHarness.FixturesRoot).Select(Path.GetFileName).ToArray();
            Assert.All(cases, c => Assert.True(c == "healthy" || c == "largest" || LinuxGuestHarness.IsBrokenCase(c!), c));
            Assert.All(LinuxGuestHarness.BrokenCases, c => Assert.Contains(c.Case, cases));
        }

        private static string Fingerprint(string root)
        {
            var sb = new StringBuilder();
            foreach (var file in Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal))
            {
                sb.Append(Path.GetRelativePath(root, file)).Append('\n');
                if (File.Exists(file)) sb.Append(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)))).Append('\n');
            }

            return sb.ToString();
        }
    }
}
