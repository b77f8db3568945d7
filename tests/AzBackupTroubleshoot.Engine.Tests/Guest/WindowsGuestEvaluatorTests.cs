using System;
using System.IO;
using System.Linq;
using System.Text;
using AzBackupTroubleshoot.Guest;
using AzBackupTroubleshoot.Readiness;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Guest
{
    /// <summary>
    /// The evaluator over what the Windows script printed in the Pester run (tests/pester/GuestScript.Windows.Tests.ps1
    /// keeps Fixtures/windows/*.txt equal to the script's real output for each mocked guest).
    /// </summary>
    public sealed class WindowsGuestEvaluatorTests
    {
        private static readonly string FixtureDir = Path.Combine(Path.GetDirectoryName(LinuxGuestHarness.FixturesRoot)!, "windows");

        public static readonly (string Case, string CheckId, CheckStatus Status, string Remedy)[] BrokenCases =
        {
            ("agent-stopped", GuestCheckIds.AgentService, CheckStatus.Fail, "UserErrorGuestAgentStatusUnavailable"),
            ("old-agent", GuestCheckIds.AgentVersion, CheckStatus.Fail, "UserErrorGuestAgentStatusUnavailable"),
            ("wire-blocked", GuestCheckIds.WireServer, CheckStatus.Fail, "UserErrorGuestAgentStatusUnavailable"),
            ("winhttp-proxy", GuestCheckIds.Proxy, CheckStatus.Warning, "ExtensionSnapshotFailedNoNetwork"),
            ("static-ip", GuestCheckIds.Dhcp, CheckStatus.Fail, "GuestAgentSnapshotTaskStatusError"),
            ("vss-writer-failed", GuestCheckIds.VssWriters, CheckStatus.Fail, "ExtensionFailedVssWriterInBadState"),
            ("vss-service-disabled", GuestCheckIds.VssService, CheckStatus.Fail, "ExtensionFailedVssServiceInBadState"),
            ("complus-disabled", GuestCheckIds.ComPlus, CheckStatus.Fail, "ExtensionSnapshotFailedCOM"),
            ("msdtc-wrong-account", GuestCheckIds.Msdtc, CheckStatus.Fail, "ExtensionInstallationFailedMDTC"),
            ("iaasvmprovider-disabled", GuestCheckIds.IaasVmProvider, CheckStatus.Fail, "GuestAgentSnapshotTaskStatusError"),
            ("sql-without-copy-backup", GuestCheckIds.SqlVssCopyBackup, CheckStatus.Warning, "GuestAgentSnapshotTaskStatusError"),
            ("bitlocker-locked", GuestCheckIds.BitLocker, CheckStatus.Fail, "ExtensionSnapshotBitlockerError"),
            ("machinekeys-changed", GuestCheckIds.MachineKeys, CheckStatus.Fail, "ExtensionConfigParsingFailure"),
            ("strongcrypto-off", GuestCheckIds.StrongCrypto, CheckStatus.Fail, "ExtensionSnapshotFailedNoSecureNetwork"),
            ("msiserver-disabled", GuestCheckIds.WindowsInstaller, CheckStatus.Fail, "ExtensionVCRedistInstallationFailure"),
            ("applocker-deny", GuestCheckIds.AppControl, CheckStatus.Fail, "GuestAgentSnapshotTaskStatusError"),
            ("applocker-no-allow", GuestCheckIds.AppControl, CheckStatus.Fail, "GuestAgentSnapshotTaskStatusError"),
            ("memory-exhausted", GuestCheckIds.Resources, CheckStatus.Warning, "ExtensionFailedOutOfMemoryError"),
        };

        public static TheoryData<string> BrokenCaseNames()
        {
            var data = new TheoryData<string>();
            foreach (var c in BrokenCases) data.Add(c.Case);
            return data;
        }

        internal static string Fixture(string name) => File.ReadAllText(Path.Combine(FixtureDir, name + ".txt"));

        [Theory]
        [InlineData("healthy")]
        [InlineData("wmi-services-broken")]
        public void A_healthy_guest_passes_every_check(string name)
        {
            var output = GuestOutputParser.Parse(Fixture(name));
            Assert.True(output.IsComplete, output.Problem?.English);
            var findings = GuestEvaluator.Evaluate(GuestOs.Windows, output);
            Assert.Equal(GuestEvaluator.ChecksFor(GuestOs.Windows), findings.Select(f => f.CheckId));
            Assert.All(findings, f => Assert.True(f.Status == CheckStatus.Pass || f.Status == CheckStatus.NotApplicable, f.ToString()));
            Assert.Equal(CheckStatus.NotApplicable, findings.Single(f => f.CheckId == GuestCheckIds.SqlVssCopyBackup).Status);
        }

        [Fact]
        public void Without_WMI_the_services_are_read_from_sc()
        {
            var findings = GuestEvaluator.Evaluate(GuestOs.Windows, Fixture("wmi-services-broken")).ToDictionary(f => f.CheckId);
            Assert.Equal(CheckStatus.Pass, findings[GuestCheckIds.Msdtc].Status);
            Assert.Contains("sc.MSDTC", findings[GuestCheckIds.Msdtc].Evidence.Keys);
            Assert.Contains("NetworkService", findings[GuestCheckIds.Msdtc].Evidence["sc.MSDTC"]);
        }

        [Theory]
        [MemberData(nameof(BrokenCaseNames))]
        public void A_broken_guest_fails_exactly_its_own_check(string name)
        {
            var expected = BrokenCases.Single(c => c.Case == name);
            var findings = GuestEvaluator.Evaluate(GuestOs.Windows, Fixture(name));
            var finding = Assert.Single(findings, f => f.Status != CheckStatus.Pass && f.Status != CheckStatus.NotApplicable);
            Assert.Equal(expected.CheckId, finding.CheckId);
            Assert.Equal(expected.Status, finding.Status);
            Assert.Equal(expected.Remedy, finding.RemedyCode);
            Assert.NotEmpty(finding.Evidence);
        }

        [Fact]
        public void The_largest_guest_stays_well_under_the_limit_and_reports_every_problem()
        {
            var text = Fixture("largest");
            Assert.True(Encoding.UTF8.GetByteCount(text) < GuestScripts.RunCommandOutputLimit * 3 / 4, Encoding.UTF8.GetByteCount(text).ToString());
            var findings = GuestEvaluator.Evaluate(GuestOs.Windows, text).ToDictionary(f => f.CheckId);
            foreach (var id in new[] { GuestCheckIds.VssWriters, GuestCheckIds.BitLocker, GuestCheckIds.MachineKeys, GuestCheckIds.Dhcp })
                Assert.Equal(CheckStatus.Fail, findings[id].Status);
            Assert.Equal(CheckStatus.Warning, findings[GuestCheckIds.Proxy].Status);
            Assert.Equal(CheckStatus.Warning, findings[GuestCheckIds.SqlVssCopyBackup].Status);
            Assert.Equal(CheckStatus.Warning, findings[GuestCheckIds.Resources].Status);
            Assert.Contains("(+6)", findings[GuestCheckIds.VssWriters].Message.English);
        }

        [Fact]
        public void Every_recorded_case_is_judged_here()
        {
            var names = Directory.GetFiles(FixtureDir, "*.txt").Select(Path.GetFileNameWithoutExtension).ToArray();
            Assert.All(names, n => Assert.True(n == "healthy" || n == "largest" || n == "wmi-services-broken" || BrokenCases.Any(c => c.Case == n), n));
            Assert.All(BrokenCases, c => Assert.Contains(c.Case, names));
        }

        [Fact]
        public void A_probe_that_failed_leaves_its_checks_unknown_with_the_error()
        {
            var text = GuestText.Reseal(Fixture("healthy").Replace("bitlocker=C:|Unlocked\nbitlocker=D:|Unlocked\n", "err=bitlocker|Access is denied.\n"));
            var findings = GuestEvaluator.Evaluate(GuestOs.Windows, text).ToDictionary(f => f.CheckId);
            Assert.Equal(CheckStatus.Unknown, findings[GuestCheckIds.BitLocker].Status);
            Assert.Equal("Access is denied.", findings[GuestCheckIds.BitLocker].Evidence["err.bitlocker"]);
            Assert.Equal(CheckStatus.Pass, findings[GuestCheckIds.MachineKeys].Status);
        }

        [Fact]
        public void WDAC_enforcement_is_a_warning_to_check_the_policy()
        {
            var findings = GuestEvaluator.Evaluate(GuestOs.Windows, Fixture("healthy").Replace("wdac.umci=0", "wdac.umci=2")).ToDictionary(f => f.CheckId);
            Assert.Equal(CheckStatus.Warning, findings[GuestCheckIds.AppControl].Status);
            Assert.Equal("GuestAgentSnapshotTaskStatusError", findings[GuestCheckIds.AppControl].RemedyCode);
        }

        [Fact]
        public void AppLocker_rules_are_not_enforced_while_Application_Identity_is_stopped()
        {
            var text = Fixture("applocker-deny").Replace("svc=AppIDSvc|Running|Auto|", "svc=AppIDSvc|Stopped|Manual|");
            var findings = GuestEvaluator.Evaluate(GuestOs.Windows, text).ToDictionary(f => f.CheckId);
            Assert.Equal(CheckStatus.Pass, findings[GuestCheckIds.AppControl].Status);
        }
    }
}
