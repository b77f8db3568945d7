using System.Collections.Generic;
using AzBackupTroubleshoot.Localization;

namespace AzBackupTroubleshoot.Readiness
{
    /// <summary>Ordered from least to most serious; a report's status is its most serious finding.</summary>
    public enum CheckStatus
    {
        NotApplicable,
        Pass,
        Unknown,
        Warning,
        Fail,
    }

    /// <summary>The result of one readiness check for one VM: data, not an error.</summary>
    public sealed class Finding
    {
        public Finding(string checkId, CheckStatus status, LocalizedText message, IReadOnlyDictionary<string, string?> evidence, string? remedyCode)
        {
            CheckId = checkId;
            Status = status;
            Message = message;
            Evidence = evidence;
            RemedyCode = remedyCode;
        }

        public string CheckId { get; }
        public CheckStatus Status { get; }
        /// <summary>One line, in both languages.</summary>
        public LocalizedText Message { get; }
        /// <summary>The ARM values the check looked at, by JSON path.</summary>
        public IReadOnlyDictionary<string, string?> Evidence { get; }
        /// <summary>The catalog code of the remedy, for Warning and Fail (and Unknown when a remedy still applies).</summary>
        public string? RemedyCode { get; }

        public override string ToString() => $"{CheckId}: {Status} - {Message.English}";
    }

    /// <summary>Everything the checks found for one VM.</summary>
    public sealed class VmReadinessReport
    {
        public VmReadinessReport(string vmId, string name, string resourceGroup, string? location, IReadOnlyList<Finding> findings)
        {
            VmId = vmId;
            Name = name;
            ResourceGroup = resourceGroup;
            Location = location;
            Findings = findings;
            var worst = CheckStatus.NotApplicable;
            foreach (var f in findings)
            {
                if (f.Status > worst) worst = f.Status;
            }

            Status = worst;
        }

        public string VmId { get; }
        public string SubscriptionId => ReadinessEvaluator.SubscriptionOf(VmId);
        public string Name { get; }
        public string ResourceGroup { get; }
        public string? Location { get; }
        /// <summary>The worst status among the findings (Fail over Warning over Unknown over the rest).</summary>
        public CheckStatus Status { get; }
        public IReadOnlyList<Finding> Findings { get; }
    }
}
