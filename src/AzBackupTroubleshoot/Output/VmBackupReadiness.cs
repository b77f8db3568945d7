using System;

namespace AzBackupTroubleshoot
{
    /// <summary>
    /// One VM's readiness for Azure Backup: where it is, its overall status and every finding. Carries
    /// ResourceGroupName, Name and Id like Get-AzVM's output, so it pipes on to commands that take a VM.
    /// </summary>
    public sealed class VmBackupReadiness
    {
        internal VmBackupReadiness(string id, string subscriptionId, string resourceGroupName, string name, string? location, string status, ReadinessFinding[] findings, DateTimeOffset checkedAt, string language)
        {
            Id = id;
            SubscriptionId = subscriptionId;
            ResourceGroupName = resourceGroupName;
            Name = name;
            Location = location;
            Status = status;
            Findings = new FindingList(findings);
            CheckedAt = checkedAt;
            Language = language;
            foreach (var f in findings)
            {
                if (f.Status == "Fail") FailCount++;
                else if (f.Status == "Warning") WarningCount++;
                else if (f.Status == "Unknown") UnknownCount++;
            }
        }

        /// <summary>The VM's resource id.</summary>
        public string Id { get; }
        public string SubscriptionId { get; }
        public string ResourceGroupName { get; }
        public string Name { get; }
        public string? Location { get; }
        /// <summary>The most serious finding's status: Fail, Warning, Unknown, Pass or NotApplicable.</summary>
        public string Status { get; }
        public int FailCount { get; }
        public int WarningCount { get; }
        public int UnknownCount { get; }
        public FindingList Findings { get; }
        public DateTimeOffset CheckedAt { get; }
        /// <summary>ja or en: the language of the findings' text.</summary>
        public string Language { get; }

        /// <summary>The most serious finding's text, for one-line views.</summary>
        public string Summary
        {
            get
            {
                ReadinessFinding? worst = null;
                foreach (var f in Findings)
                {
                    if (worst == null || Rank(f.Status) > Rank(worst.Status)) worst = f;
                }

                return worst == null ? string.Empty : worst.Status == "Pass" || worst.Status == "NotApplicable" ? worst.Status : worst.CheckId + ": " + worst.Detail;
            }
        }

        internal static int Rank(string status) => status switch
        {
            "Fail" => 4,
            "Warning" => 3,
            "Unknown" => 2,
            "Pass" => 1,
            _ => 0,
        };

        public override string ToString() => $"{Name}: {Status}";
    }

    /// <summary>
    /// One check's result for one VM. Its RemedyCode binds to Get-BackupErrorRemedy -Code, so findings
    /// pipe straight into the remedy lookup; its text is in Detail, not Message, so that it binds nowhere else.
    /// </summary>
    public sealed class ReadinessFinding
    {
        internal ReadinessFinding(string vmId, string vmName, string resourceGroupName, string checkId, string status, string detail, FindingEvidence evidence, string? remedyCode, string language,
            string? detailEnglish = null, string? detailJapanese = null)
        {
            VmId = vmId;
            VmName = vmName;
            ResourceGroupName = resourceGroupName;
            CheckId = checkId;
            Status = status;
            Detail = detail;
            Evidence = evidence;
            // Empty, never null: PowerShell passes over a null property when binding by name, and the
            // finding would then bind Get-BackupErrorRemedy -Message by value as text.
            RemedyCode = remedyCode ?? string.Empty;
            Language = language;
            DetailEnglish = detailEnglish ?? detail;
            DetailJapanese = detailJapanese ?? detail;
        }

        public string VmId { get; }
        public string VmName { get; }
        public string ResourceGroupName { get; }
        /// <summary>A stable id such as VmAgent.Status; -Check and -ExcludeCheck take these.</summary>
        public string CheckId { get; }
        public string Status { get; }
        /// <summary>One line saying what was found.</summary>
        public string Detail { get; }
        /// <summary>The ARM values the check judged, by JSON path.</summary>
        public FindingEvidence Evidence { get; }
        /// <summary>The catalog code of the remedy (Get-BackupErrorRemedy -Code), or empty when there is nothing to fix.</summary>
        public string RemedyCode { get; }
        public string Language { get; }

        // Both languages of Detail, so that a report can be written in either whatever the scan's
        // language was. Internal: the object shows (and exports) one language.
        internal string DetailEnglish { get; }
        internal string DetailJapanese { get; }

        public override string ToString() => $"{CheckId}: {Status} - {Detail}";
    }
}
