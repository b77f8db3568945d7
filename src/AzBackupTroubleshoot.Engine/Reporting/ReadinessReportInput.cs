using System;
using System.Collections.Generic;
using System.Linq;
using AzBackupTroubleshoot.Localization;
using AzBackupTroubleshoot.Readiness;

namespace AzBackupTroubleshoot.Reporting
{
    /// <summary>One VM's readiness report and when it was checked: a row of the HTML report.</summary>
    public sealed class ReportedVm
    {
        public ReportedVm(VmReadinessReport report, DateTimeOffset checkedAt)
        {
            Report = report;
            CheckedAt = checkedAt;
        }

        public VmReadinessReport Report { get; }
        public DateTimeOffset CheckedAt { get; }
    }

    public sealed class ReadinessReportOptions
    {
        public DisplayLanguage Language { get; set; } = DisplayLanguage.English;
        /// <summary>The page's heading; the default title when empty.</summary>
        public string? Title { get; set; }
        public DateTimeOffset GeneratedAt { get; set; } = DateTimeOffset.UtcNow;
        /// <summary>How many checks the "most frequent failing checks" chart shows.</summary>
        public int TopChecks { get; set; } = 10;
        /// <summary>
        /// How many VMs (the most serious first) show their evidence and resource id; the rest show
        /// their findings and remedies only, so that a large estate's page stays small enough to mail.
        /// </summary>
        public int DetailedVms { get; set; } = 1000;
        /// <summary>How many VM names a remedy lists before "and N more".</summary>
        public int VmNamesPerRemedy { get; set; } = 12;
    }

    /// <summary>How many VMs a check did not pass on.</summary>
    public sealed class CheckTally
    {
        internal CheckTally(string checkId) => CheckId = checkId;

        public string CheckId { get; }
        public int Fail { get; internal set; }
        public int Warning { get; internal set; }
        public int Total => Fail + Warning;
    }

    /// <summary>A remedy code the findings point to, and the VMs it concerns (in report order).</summary>
    public sealed class RemedyTally
    {
        internal RemedyTally(string code, int number)
        {
            Code = code;
            Number = number;
        }

        public string Code { get; }
        /// <summary>1-based, in order of first mention: the page's anchor for the remedy.</summary>
        public int Number { get; internal set; }
        public List<string> VmNames { get; } = new List<string>();
    }

    /// <summary>What the report's summary says, computed once from the VMs.</summary>
    public sealed class ReadinessReportSummary
    {
        private ReadinessReportSummary()
        {
        }

        public int VmCount { get; private set; }
        public IReadOnlyDictionary<CheckStatus, int> VmsByStatus { get; private set; } = new Dictionary<CheckStatus, int>();
        /// <summary>The checks that failed or warned on the most VMs, most first.</summary>
        public IReadOnlyList<CheckTally> TopFailingChecks { get; private set; } = new CheckTally[0];
        public IReadOnlyList<string> Subscriptions { get; private set; } = new string[0];
        public int ResourceGroupCount { get; private set; }
        public DateTimeOffset? FirstChecked { get; private set; }
        public DateTimeOffset? LastChecked { get; private set; }
        /// <summary>The VMs that need attention (status Fail, Warning or Unknown), worst first, then by group and name.</summary>
        public IReadOnlyList<ReportedVm> AttentionVms { get; private set; } = new ReportedVm[0];
        /// <summary>The remedies of the attention VMs' findings, the most VMs first.</summary>
        public IReadOnlyList<RemedyTally> Remedies { get; private set; } = new RemedyTally[0];

        public static bool NeedsAttention(CheckStatus status) => status == CheckStatus.Fail || status == CheckStatus.Warning || status == CheckStatus.Unknown;

        public static ReadinessReportSummary From(IReadOnlyList<ReportedVm> vms, int topChecks)
        {
            var byStatus = new Dictionary<CheckStatus, int>();
            foreach (CheckStatus s in Enum.GetValues(typeof(CheckStatus))) byStatus[s] = 0;
            var checks = new Dictionary<string, CheckTally>(StringComparer.OrdinalIgnoreCase);
            var subscriptions = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            var groups = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            DateTimeOffset? first = null, last = null;
            foreach (var vm in vms)
            {
                var report = vm.Report;
                byStatus[report.Status]++;
                if (report.SubscriptionId.Length > 0) subscriptions.Add(report.SubscriptionId);
                groups.Add(report.SubscriptionId + "/" + report.ResourceGroup);
                if (first == null || vm.CheckedAt < first) first = vm.CheckedAt;
                if (last == null || vm.CheckedAt > last) last = vm.CheckedAt;
                // A VM counts once per check, at its worst finding of that check.
                var worstByCheck = new Dictionary<string, CheckStatus>(StringComparer.OrdinalIgnoreCase);
                foreach (var f in report.Findings)
                {
                    if (f.Status != CheckStatus.Fail && f.Status != CheckStatus.Warning) continue;
                    if (!worstByCheck.TryGetValue(f.CheckId, out var seen) || f.Status > seen) worstByCheck[f.CheckId] = f.Status;
                }

                foreach (var pair in worstByCheck)
                {
                    if (!checks.TryGetValue(pair.Key, out var tally)) checks[pair.Key] = tally = new CheckTally(pair.Key);
                    if (pair.Value == CheckStatus.Fail) tally.Fail++;
                    else tally.Warning++;
                }
            }

            var attention = vms.Where(v => NeedsAttention(v.Report.Status))
                .OrderByDescending(v => v.Report.Status)
                .ThenBy(v => v.Report.ResourceGroup, StringComparer.OrdinalIgnoreCase)
                .ThenBy(v => v.Report.Name, StringComparer.OrdinalIgnoreCase)
                .ToArray();

            var remedies = new Dictionary<string, RemedyTally>(StringComparer.OrdinalIgnoreCase);
            var codesOfVm = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var vm in attention)
            {
                codesOfVm.Clear();
                foreach (var f in vm.Report.Findings)
                {
                    if (!NeedsAttention(f.Status) || string.IsNullOrEmpty(f.RemedyCode) || !codesOfVm.Add(f.RemedyCode!)) continue;
                    if (!remedies.TryGetValue(f.RemedyCode!, out var tally)) remedies[f.RemedyCode!] = tally = new RemedyTally(f.RemedyCode!, 0);
                    tally.VmNames.Add(vm.Report.Name);
                }
            }

            var orderedRemedies = remedies.Values.OrderByDescending(r => r.VmNames.Count).ThenBy(r => r.Code, StringComparer.Ordinal).ToArray();
            for (var i = 0; i < orderedRemedies.Length; i++) orderedRemedies[i].Number = i + 1;

            return new ReadinessReportSummary
            {
                VmCount = vms.Count,
                VmsByStatus = byStatus,
                TopFailingChecks = checks.Values.OrderByDescending(c => c.Total).ThenByDescending(c => c.Fail)
                    .ThenBy(c => c.CheckId, StringComparer.Ordinal).Take(Math.Max(0, topChecks)).ToArray(),
                Subscriptions = subscriptions.ToArray(),
                ResourceGroupCount = groups.Count,
                FirstChecked = first,
                LastChecked = last,
                AttentionVms = attention,
                Remedies = orderedRemedies,
            };
        }
    }
}
