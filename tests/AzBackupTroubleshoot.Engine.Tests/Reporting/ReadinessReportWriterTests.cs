using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AzBackupTroubleshoot.Localization;
using AzBackupTroubleshoot.Readiness;
using AzBackupTroubleshoot.Reporting;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Reporting
{
    public class ReadinessReportWriterTests
    {
        private static readonly DateTimeOffset Checked = new DateTimeOffset(2026, 12, 2, 3, 14, 0, TimeSpan.Zero);

        private static ReportedVm Vm(string name, params Finding[] findings) =>
            new ReportedVm(new VmReadinessReport($"/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg-a/providers/Microsoft.Compute/virtualMachines/{name}", name, "rg-a", "japaneast", findings), Checked);

        private static Finding F(string check, CheckStatus status, string? remedy = null, string evidenceValue = "x") =>
            new Finding(check, status, new LocalizedText($"{check} english", $"{check} 日本語"), new Dictionary<string, string?> { ["properties.value"] = evidenceValue }, remedy);

        [Fact]
        public void Every_text_from_Azure_or_the_user_is_encoded()
        {
            var vm = Vm("<script>alert(1)</script>", F("VmAgent.Status", CheckStatus.Fail, "UserErrorGuestAgentStatusUnavailable", "\"><img src=x onerror=alert(2)>"));
            var html = ReadinessReportWriter.Render(new[] { vm }, new ReadinessReportOptions { Title = "<u>t</u> & 'q'" });

            Assert.DoesNotContain("<script", html);
            Assert.DoesNotContain("<img", html);
            Assert.DoesNotContain("<u>", html);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
            Assert.Contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;", html);
            Assert.Contains("<title>&lt;u&gt;t&lt;/u&gt; &amp; &#39;q&#39;</title>", html);
            Assert.Contains($"content=\"{ReadinessReportWriter.ContentSecurityPolicy.Replace("'", "&#39;")}\"", html);
            Assert.All(Regex.Matches(html, "(?:src|href)=\"([^\"]*)\"").Cast<Match>(), m => Assert.StartsWith("#", m.Groups[1].Value));
        }

        [Fact]
        public void The_summary_counts_VMs_by_status_and_checks_by_VMs_that_failed_them()
        {
            var vms = new[]
            {
                Vm("a", F("VmAgent.Status", CheckStatus.Fail, "UserErrorGuestAgentStatusUnavailable"), F("Network.NsgOutbound", CheckStatus.Warning)),
                Vm("b", F("VmAgent.Status", CheckStatus.Fail, "UserErrorGuestAgentStatusUnavailable"), F("VmAgent.Status", CheckStatus.Warning)),
                Vm("c", F("VmAgent.Status", CheckStatus.Pass)),
                Vm("d", F("Network.NsgOutbound", CheckStatus.Warning), F("Protection.Status", CheckStatus.Unknown)),
            };
            var summary = ReadinessReportSummary.From(vms, topChecks: 10);

            Assert.Equal(2, summary.VmsByStatus[CheckStatus.Fail]);
            Assert.Equal(1, summary.VmsByStatus[CheckStatus.Warning]);
            Assert.Equal(1, summary.VmsByStatus[CheckStatus.Pass]);
            Assert.Equal(new[] { "a", "b", "d" }, summary.AttentionVms.Select(v => v.Report.Name));
            // b failed and warned on VmAgent.Status: it counts once, as failed.
            var agent = summary.TopFailingChecks.Single(c => c.CheckId == "VmAgent.Status");
            Assert.Equal((2, 0), (agent.Fail, agent.Warning));
            Assert.Equal("VmAgent.Status", summary.TopFailingChecks[0].CheckId);
            Assert.Equal(new[] { "a", "b" }, summary.Remedies.Single().VmNames);
        }

        [Fact]
        public void The_page_is_in_the_language_asked_for_and_lists_each_remedy_once()
        {
            var vms = Enumerable.Range(0, 3).Select(i => Vm("vm" + i, F("VmAgent.Status", CheckStatus.Fail, "UserErrorGuestAgentStatusUnavailable"))).ToArray();
            var ja = ReadinessReportWriter.Render(vms, new ReadinessReportOptions { Language = DisplayLanguage.Japanese });
            var en = ReadinessReportWriter.Render(vms, new ReadinessReportOptions { Language = DisplayLanguage.English });

            Assert.Contains("<html lang=\"ja\">", ja);
            Assert.Contains("VmAgent.Status 日本語", ja);
            Assert.DoesNotContain("VmAgent.Status english", ja);
            Assert.Contains("VmAgent.Status english", en);
            Assert.Single(Regex.Matches(ja, "<section class=\"rem\"").Cast<Match>());
            Assert.Equal(3, Regex.Matches(ja, "href=\"#r1\"").Count);
        }

        [Fact]
        public void Beyond_the_detailed_VMs_sections_keep_findings_but_drop_evidence()
        {
            var vms = Enumerable.Range(0, 5).Select(i => Vm("vm" + i, F("VmAgent.Status", CheckStatus.Fail, null, "evidence-" + i))).ToArray();
            var html = ReadinessReportWriter.Render(vms, new ReadinessReportOptions { DetailedVms = 2 });

            Assert.Equal(5, Regex.Matches(html, "<section class=\"vm ").Count);
            Assert.Contains("evidence-0", html);
            Assert.Contains("evidence-1", html);
            Assert.DoesNotContain("evidence-2", html);
            Assert.Contains("first 2 VMs", html);
        }
    }
}
