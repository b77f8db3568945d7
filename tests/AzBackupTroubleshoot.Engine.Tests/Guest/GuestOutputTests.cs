using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using AzBackupTroubleshoot.Guest;
using AzBackupTroubleshoot.Readiness;
using AzBackupTroubleshoot.Remedies;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Guest
{
    /// <summary>The output format, what truncation and garbling do to it, and the scripts shipped in the engine.</summary>
    public sealed class GuestOutputTests
    {
        public static TheoryData<string, GuestOs> RecordedOutputs()
        {
            var data = new TheoryData<string, GuestOs>();
            foreach (var name in new[] { "healthy", "largest", "vss-writer-failed", "applocker-deny" }) data.Add(WindowsGuestEvaluatorTests.Fixture(name), GuestOs.Windows);
            data.Add(LinuxOutput, GuestOs.Linux);
            return data;
        }

        private const string LinuxOutput = "AZBT-GUEST 1 linux\nagent.proc=1\nagent.svc=walinuxagent|active|enabled\nwaagent.version=WALinuxAgent-2.2.45 running on ubuntu 22.04\n" +
            "waagent.version=Goal state agent: 2.11.1.4\nconf.file=1\nconf.Extensions.Enabled=n\nwire.80=1|curl\nwire.32526=1|curl\ndhcp.client=systemd-networkd\n" +
            "fs=/|ext4|Filesystem state: clean\nselinux=absent\ndisk=/|27411340|30298176\nsnapext=1.0.9225.0|success|3\nAZBT-END 13\n";

        [Fact]
        public void Complete_output_is_read_fact_by_fact()
        {
            var o = GuestOutputParser.Parse(LinuxOutput);
            Assert.True(o.IsComplete);
            Assert.Null(o.Problem);
            Assert.Equal(1, o.FormatVersion);
            Assert.Equal("linux", o.Os);
            Assert.Equal(13, o.Facts.Count);
            Assert.Equal(2, o.All("waagent.version").Count());
            Assert.Equal("ext4", o.First("fs")!.Field(1, 3));
        }

        [Theory]
        [MemberData(nameof(RecordedOutputs))]
        public void Output_cut_anywhere_never_gives_a_pass_it_did_not_earn(string text, GuestOs os)
        {
            var whole = GuestEvaluator.Evaluate(os, text).ToDictionary(f => f.CheckId);
            // Run Command keeps the end: cut from the front at every byte. A script stopped early: cut from the back.
            var bytes = Encoding.UTF8.GetBytes(text);
            for (var keep = 0; keep < bytes.Length - 1; keep++)
            {
                foreach (var part in new[] { Encoding.UTF8.GetString(bytes, bytes.Length - keep, keep), Encoding.UTF8.GetString(bytes, 0, keep) })
                {
                    var findings = GuestEvaluator.Evaluate(os, part);
                    Assert.Equal(GuestEvaluator.ChecksFor(os), findings.Select(f => f.CheckId));
                    foreach (var f in findings)
                    {
                        Assert.NotEqual(CheckStatus.Pass, f.Status);
                        Assert.NotEqual(CheckStatus.NotApplicable, f.Status);
                        // What is flagged from part of the output was flagged from the whole.
                        if (f.Status == CheckStatus.Fail || f.Status == CheckStatus.Warning) Assert.True(whole[f.CheckId].Status == f.Status, $"{f} from:\n{part}");
                    }
                }
            }
        }

        [Fact]
        public void A_lost_line_in_the_middle_is_noticed_by_the_count()
        {
            var text = LinuxOutput.Replace("conf.Extensions.Enabled=n\n", "");
            var o = GuestOutputParser.Parse(text);
            Assert.False(o.IsComplete);
            Assert.Contains("12", o.Problem!.English);
            Assert.All(GuestEvaluator.Evaluate(GuestOs.Linux, o), f => Assert.NotEqual(CheckStatus.Pass, f.Status));
        }

        [Fact]
        public void A_garbled_line_makes_the_output_untrusted_but_flags_still_stand()
        {
            var text = LinuxOutput.Replace("selinux=absent\n", "s\u0000e#l!nux absent\n");
            var findings = GuestEvaluator.Evaluate(GuestOs.Linux, text).ToDictionary(f => f.CheckId);
            Assert.Equal(CheckStatus.Fail, findings[GuestCheckIds.WaagentConf].Status);
            Assert.Equal(CheckStatus.Unknown, findings[GuestCheckIds.AgentService].Status);
            Assert.Contains("could not be read", findings[GuestCheckIds.AgentService].Evidence["output.problem"]);
        }

        [Theory]
        [InlineData("")]
        [InlineData("Enable succeeded: \n[stdout]\n\n[stderr]\n")]
        [InlineData("AZBT-GUEST 2 linux\nagent.proc=1\nAZBT-END 1\n")]
        [InlineData("AZBT-GUEST 1 windows\nsvc=RdAgent|Running|Auto|LocalSystem\nAZBT-END 1\n")]
        [InlineData("\u00ff\u00fe\u0000garbage\u0001\n\n\n")]
        public void Unusable_output_gives_unknown_for_every_check_with_the_reason(string text)
        {
            var findings = GuestEvaluator.Evaluate(GuestOs.Linux, text);
            Assert.Equal(GuestEvaluator.ChecksFor(GuestOs.Linux), findings.Select(f => f.CheckId));
            Assert.All(findings, f =>
            {
                Assert.Equal(CheckStatus.Unknown, f.Status);
                Assert.False(string.IsNullOrWhiteSpace(f.Message.English));
                Assert.False(string.IsNullOrWhiteSpace(f.Message.Japanese));
                Assert.Contains("output.tail", f.Evidence.Keys);
            });
        }

        [Fact]
        public void A_value_no_probe_prints_is_unknown_not_a_crash()
        {
            var text = GuestText.Reseal(LinuxOutput.Replace("disk=/|27411340|30298176", "disk=/|-|NaN|||").Replace("wire.80=1|curl", "wire.80=maybe"));
            var findings = GuestEvaluator.Evaluate(GuestOs.Linux, text).ToDictionary(f => f.CheckId);
            Assert.Equal(CheckStatus.Unknown, findings[GuestCheckIds.WireServer].Status);
            Assert.NotEqual(CheckStatus.Warning, findings[GuestCheckIds.Resources].Status);
        }

        [Fact]
        public void Selection_limits_the_checks()
        {
            // Only ARM checks selected: no guest finding, judged or unknown.
            var armOnly = new CheckSelection(new[] { "Vm.Exists", "VmAgent.Status" });
            Assert.Empty(GuestEvaluator.Evaluate(GuestOs.Linux, LinuxOutput, armOnly));
            Assert.Empty(GuestEvaluator.Unknown(GuestOs.Windows, new AzBackupTroubleshoot.Localization.LocalizedText("x", "x"), null, armOnly));
        }

        [Fact]
        public void Every_remedy_code_a_guest_finding_carries_is_in_the_catalog()
        {
            var catalog = RemedyCatalog.LoadDefault();
            foreach (var code in GuestEvaluator.RemedyCodes) Assert.True(catalog.TryGetEntry(code, out var entry) && entry.Code == code, code);
        }

        [Fact]
        public void Every_check_a_guest_finding_carries_is_a_guest_check_of_the_catalog()
        {
            foreach (var id in GuestEvaluator.ChecksFor(GuestOs.Windows).Concat(GuestEvaluator.ChecksFor(GuestOs.Linux)).Distinct())
            {
                Assert.True(AzBackupTroubleshoot.Checks.CheckCatalog.TryGet(id, out var definition), id);
                Assert.Equal(AzBackupTroubleshoot.Checks.CheckSource.Guest, definition.Source);
            }
        }

        [Fact]
        public void Both_scripts_ship_in_the_engine_with_their_format_header()
        {
            Assert.StartsWith("#!/bin/sh\n", GuestScripts.Linux);
            Assert.DoesNotContain("\r", GuestScripts.Linux);
            Assert.Contains("printf 'AZBT-GUEST 1 linux\\n'", GuestScripts.Linux);
            Assert.Contains("'AZBT-GUEST 1 windows'", GuestScripts.Windows);
            Assert.Same(GuestScripts.Linux, GuestScripts.For(GuestOs.Linux));
            Assert.Same(GuestScripts.Windows, GuestScripts.For(GuestOs.Windows));
        }

        private static string SourceDir()
        {
            for (var dir = new System.IO.DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "src", "AzBackupTroubleshoot.Engine", "Guest");
                if (System.IO.Directory.Exists(candidate)) return candidate;
            }

            throw new InvalidOperationException("src/AzBackupTroubleshoot.Engine/Guest not found above the test output.");
        }
    }
}
