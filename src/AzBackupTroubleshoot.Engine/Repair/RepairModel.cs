using System;
using System.Collections.Generic;
using AzBackupTroubleshoot.Localization;

namespace AzBackupTroubleshoot.Repair
{
    /// <summary>What one repair step ended as.</summary>
    public enum RepairOutcome
    {
        Done,
        Skipped,
        WhatIf,
        Failed,
    }

    /// <summary>The writes a repair may make; each is approved (ShouldProcess) on its own.</summary>
    public enum RepairAction
    {
        RemoveExtension,
        RestartGuestAgent,
        TriggerBackup,
    }

    /// <summary>What the repair is asked to do beyond removing the backup extension.</summary>
    public sealed class RepairOptions
    {
        public bool RestartGuestAgent { get; set; }
        public bool TriggerBackup { get; set; }
        /// <summary>Until when the on-demand recovery point is kept; default now + 30 days.</summary>
        public DateTimeOffset? RetainUntil { get; set; }
        /// <summary>Wait for the backup job to end.</summary>
        public bool Wait { get; set; }
        /// <summary>For everything one VM's repair waits on: operations and the backup job.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(60);
        /// <summary>Poll interval when the server sends no Retry-After.</summary>
        public TimeSpan DefaultPollInterval { get; set; } = TimeSpan.FromSeconds(10);
        /// <summary>Longest pause between polls whatever Retry-After says.</summary>
        public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(60);
        /// <summary>The clock and the pause, replaceable so that timeouts can be tested without waiting.</summary>
        public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;
        public Func<TimeSpan, System.Threading.CancellationToken, System.Threading.Tasks.Task> Delay { get; set; } =
            (wait, token) => System.Threading.Tasks.Task.Delay(wait, token);
    }

    /// <summary>A backup extension of a VM as its model and instance view show it.</summary>
    public sealed class BackupExtension
    {
        public BackupExtension(string name, string id, string? publisher, string? type, string? provisioningState, string? instanceViewStatus)
        {
            Name = name;
            Id = id;
            Publisher = publisher;
            Type = type;
            ProvisioningState = provisioningState;
            InstanceViewStatus = instanceViewStatus;
        }

        public string Name { get; }
        public string Id { get; }
        public string? Publisher { get; }
        public string? Type { get; }
        /// <summary>The extension resource's provisioningState (Succeeded, Failed, Deleting, Updating...); null when only the instance view lists it.</summary>
        public string? ProvisioningState { get; }
        /// <summary>The instance view's status code (ProvisioningState/failed, ...), when it reports the extension.</summary>
        public string? InstanceViewStatus { get; }
    }

    /// <summary>One write the repair intends to make, for the host to approve.</summary>
    public sealed class PlannedWrite
    {
        public PlannedWrite(RepairAction action, string target, LocalizedText description)
        {
            Action = action;
            Target = target;
            Description = description;
        }

        public RepairAction Action { get; }
        /// <summary>The resource the write goes to (extension id, VM id, protected item id).</summary>
        public string Target { get; }
        public LocalizedText Description { get; }
    }

    /// <summary>What the reads found for one VM and the writes a repair would make.</summary>
    public sealed class RepairPlan
    {
        internal RepairPlan(string vmId)
        {
            VmId = vmId;
        }

        public string VmId { get; }
        public string Name { get; internal set; } = "";
        public string ResourceGroup { get; internal set; } = "";
        public string? OsType { get; internal set; }
        public string? PowerState { get; internal set; }
        public string? AgentStatus { get; internal set; }
        public IReadOnlyList<BackupExtension> Extensions { get; internal set; } = Array.Empty<BackupExtension>();
        public string? ProtectedItemId { get; internal set; }
        public string? VaultId { get; internal set; }
        /// <summary>Why the VM could not be read; the plan has no writes then.</summary>
        public Arm.ArmRequestException? ReadError { get; internal set; }
        public List<LocalizedText> Warnings { get; } = new List<LocalizedText>();
        public List<PlannedWrite> Writes { get; } = new List<PlannedWrite>();
        /// <summary>Steps decided by the reads alone (skipped, stuck).</summary>
        internal List<RepairStep> DecidedSteps { get; } = new List<RepairStep>();
        internal RepairOptions Options { get; set; } = new RepairOptions();
    }

    /// <summary>One step of a repair: what, on which resource, how it ended and why.</summary>
    public sealed class RepairStep
    {
        public RepairStep(string what, string target, RepairOutcome outcome, LocalizedText reason, string? remedyCode = null, string? errorCode = null)
        {
            What = what;
            Target = target;
            Outcome = outcome;
            Reason = reason;
            RemedyCode = remedyCode;
            ErrorCode = errorCode;
        }

        /// <summary>RemoveExtension, RestartGuestAgent, TriggerBackup or WaitForBackup.</summary>
        public string What { get; }
        public string Target { get; }
        public RepairOutcome Outcome { get; }
        public LocalizedText Reason { get; }
        /// <summary>A catalog code (Get-BackupErrorRemedy -Code) for a step that cannot go on.</summary>
        public string? RemedyCode { get; }
        /// <summary>The ARM error code, when ARM refused or failed the step.</summary>
        public string? ErrorCode { get; }
    }

    /// <summary>The on-demand backup job a repair started.</summary>
    public sealed class RepairBackupJob
    {
        public RepairBackupJob(string id, string? status, IReadOnlyList<string> errorCodes, IReadOnlyList<string> remedyCodes, IReadOnlyList<string> errorMessages)
        {
            Id = id;
            Status = status;
            ErrorCodes = errorCodes;
            RemedyCodes = remedyCodes;
            ErrorMessages = errorMessages;
        }

        /// <summary>The job's resource id (.../vaults/{vault}/backupJobs/{jobId}).</summary>
        public string Id { get; }
        /// <summary>InProgress, Completed, CompletedWithWarnings, Failed, Cancelled; InProgress when not waited for.</summary>
        public string? Status { get; }
        public IReadOnlyList<string> ErrorCodes { get; }
        public IReadOnlyList<string> RemedyCodes { get; }
        public IReadOnlyList<string> ErrorMessages { get; }
    }

    /// <summary>One VM's repair: every step in order and the backup job when one was started.</summary>
    public sealed class VmRepairResult
    {
        internal VmRepairResult(RepairPlan plan, IReadOnlyList<RepairStep> steps, RepairBackupJob? job)
        {
            Plan = plan;
            Steps = steps;
            BackupJob = job;
        }

        public RepairPlan Plan { get; }
        public IReadOnlyList<RepairStep> Steps { get; }
        public RepairBackupJob? BackupJob { get; }
    }
}
