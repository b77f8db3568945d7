using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace AzBackupTroubleshoot
{
    /// <summary>
    /// One VM's repair by Repair-VmSnapshotExtension: every step in order and the backup job it started.
    /// Carries Id, ResourceGroupName and Name like Get-AzVM's output, so it pipes on to
    /// Test-AzVmBackupReadiness for a second look; RemedyCode (of the first failed step) pipes to
    /// Get-BackupErrorRemedy.
    /// </summary>
    public sealed class VmSnapshotRepair
    {
        internal VmSnapshotRepair(string id, string subscriptionId, string resourceGroupName, string name, string? powerState, string? agentStatus,
            RepairStepList steps, RepairBackupJobResult? backupJob, TextList warnings, string language)
        {
            Id = id;
            SubscriptionId = subscriptionId;
            ResourceGroupName = resourceGroupName;
            Name = name;
            PowerState = powerState ?? string.Empty;
            AgentStatus = agentStatus ?? string.Empty;
            Steps = steps;
            BackupJob = backupJob;
            Warnings = warnings;
            Language = language;
            Status = StatusOf(steps);
            var failed = steps.FirstOrDefault(s => s.Outcome == "Failed" && s.RemedyCode.Length > 0);
            RemedyCode = failed?.RemedyCode ?? string.Empty;
        }

        /// <summary>The VM's resource id.</summary>
        public string Id { get; }
        public string SubscriptionId { get; }
        public string ResourceGroupName { get; }
        public string Name { get; }
        /// <summary>The VM's power state when the repair read it (running, deallocated...).</summary>
        public string PowerState { get; }
        /// <summary>What the VM agent reported when the repair read it (Ready, Not Ready...).</summary>
        public string AgentStatus { get; }
        /// <summary>Failed when a step failed; else Done when a step made its change; else WhatIf or Skipped.</summary>
        public string Status { get; }
        public RepairStepList Steps { get; }
        /// <summary>The on-demand backup job, when one was started.</summary>
        public RepairBackupJobResult? BackupJob { get; }
        public TextList Warnings { get; }
        /// <summary>The catalog code of the first failed step's remedy (Get-BackupErrorRemedy -Code), or empty.</summary>
        public string RemedyCode { get; }
        /// <summary>ja or en: the language of the steps' text.</summary>
        public string Language { get; }

        private static string StatusOf(RepairStepList steps)
        {
            if (steps.Any(s => s.Outcome == "Failed")) return "Failed";
            if (steps.Any(s => s.Outcome == "Done")) return "Done";
            if (steps.Any(s => s.Outcome == "WhatIf")) return "WhatIf";
            return "Skipped";
        }

        public override string ToString() => $"{Name}: {Status}";
    }

    /// <summary>A repair's steps in order: an array for ConvertTo-Json, "Step: Outcome; ..." for Export-Csv.</summary>
    public sealed class RepairStepList : ReadOnlyCollection<VmSnapshotRepairStep>
    {
        internal RepairStepList(IList<VmSnapshotRepairStep> steps)
            : base(steps)
        {
        }

        public override string ToString() => string.Join("; ", this.Select(s => s.ToString()));
    }

    /// <summary>One step of a repair: what, on which resource, how it ended (Done, Skipped, WhatIf, Failed) and why.</summary>
    public sealed class VmSnapshotRepairStep
    {
        internal VmSnapshotRepairStep(string step, string target, string outcome, string reason, string? remedyCode, string? errorCode)
        {
            Step = step;
            Target = target;
            Outcome = outcome;
            Reason = reason;
            RemedyCode = remedyCode ?? string.Empty;
            ErrorCode = errorCode ?? string.Empty;
        }

        /// <summary>RemoveExtension, RestartGuestAgent, TriggerBackup or WaitForBackup.</summary>
        public string Step { get; }
        /// <summary>The resource the step acted on: the extension, the VM or the protected item.</summary>
        public string Target { get; }
        public string Outcome { get; }
        public string Reason { get; }
        /// <summary>A catalog code (Get-BackupErrorRemedy -Code) for a step that could not go on, or empty.</summary>
        public string RemedyCode { get; }
        /// <summary>The error code ARM answered with, or empty.</summary>
        public string ErrorCode { get; }

        public override string ToString() => $"{Step}: {Outcome}";
    }

    /// <summary>The on-demand backup job a repair started, as far as it was followed.</summary>
    public sealed class RepairBackupJobResult
    {
        internal RepairBackupJobResult(string id, string status, TextList errorCodes, TextList remedyCodes, TextList errorMessages)
        {
            Id = id;
            JobId = id.Substring(id.LastIndexOf('/') + 1);
            Status = status;
            ErrorCodes = errorCodes;
            RemedyCodes = remedyCodes;
            ErrorMessages = errorMessages;
        }

        /// <summary>The job's resource id.</summary>
        public string Id { get; }
        /// <summary>The job's name, as Get-AzRecoveryServicesBackupJob shows it (JobId).</summary>
        public string JobId { get; }
        /// <summary>InProgress when not waited for; else Completed, CompletedWithWarnings, Failed or Cancelled.</summary>
        public string Status { get; }
        public TextList ErrorCodes { get; }
        /// <summary>Catalog codes for the job's errors (Get-BackupErrorRemedy -Code).</summary>
        public TextList RemedyCodes { get; }
        public TextList ErrorMessages { get; }

        public override string ToString() => $"{JobId} ({Status})";
    }
}
