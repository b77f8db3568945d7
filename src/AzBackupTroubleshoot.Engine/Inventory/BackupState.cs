using System;
using System.Collections.Generic;

namespace AzBackupTroubleshoot.Inventory
{
    public sealed class HealthDetail
    {
        public HealthDetail(int? code, string? title, string? message, IReadOnlyList<string> recommendations)
        {
            Code = code;
            Title = title;
            Message = message;
            Recommendations = recommendations;
        }

        public int? Code { get; }
        public string? Title { get; }
        public string? Message { get; }
        public IReadOnlyList<string> Recommendations { get; }
    }

    /// <summary>A VM's protected item in a Recovery Services vault.</summary>
    public sealed class ProtectedItemState
    {
        public string Id { get; set; } = "";
        public string VaultId { get; set; } = "";
        public string? VaultLocation { get; set; }
        public string? SourceResourceId { get; set; }
        public string? FriendlyName { get; set; }
        public string? PolicyId { get; set; }
        /// <summary>V1 (Standard) or V2 (Enhanced).</summary>
        public string? PolicyType { get; set; }
        public string? ProtectionState { get; set; }
        public string? HealthStatus { get; set; }
        public IReadOnlyList<HealthDetail> HealthDetails { get; set; } = Array.Empty<HealthDetail>();
        public string? LastBackupStatus { get; set; }
        public DateTimeOffset? LastBackupTime { get; set; }
        /// <summary>When the latest recovery point was made (lastRecoveryPoint): the age of what a restore would get.</summary>
        public DateTimeOffset? LastRecoveryPoint { get; set; }
        /// <summary>Microsoft.Compute/virtualMachines, or Microsoft.ClassicCompute/virtualMachines for a classic VM.</summary>
        public string? ProtectedItemType { get; set; }
        /// <summary>iaasvmcontainerv2;{group};{vm}: the container that backup jobs name.</summary>
        public string? ContainerName { get; set; }
        /// <summary>True for a soft-deleted item (isScheduledForDeferredDelete).</summary>
        public bool IsSoftDeleted { get; set; }

        /// <summary>A classic (ASM) VM's item: it never matches an ARM VM, nor is it an orphan of one.</summary>
        public bool IsClassic =>
            (ProtectedItemType != null && ProtectedItemType.IndexOf("ClassicCompute", StringComparison.OrdinalIgnoreCase) >= 0) ||
            (SourceResourceId != null && SourceResourceId.IndexOf("/Microsoft.ClassicCompute/", StringComparison.OrdinalIgnoreCase) >= 0);
    }

    /// <summary>How often a backup policy takes a backup, from its schedulePolicy.</summary>
    public sealed class BackupPolicyState
    {
        public BackupPolicyState(string id, string? frequency, TimeSpan? interval)
        {
            Id = id;
            Frequency = frequency;
            Interval = interval;
        }

        public string Id { get; }
        /// <summary>scheduleRunFrequency: Hourly, Daily or Weekly.</summary>
        public string? Frequency { get; }
        /// <summary>The time between scheduled backups; null when the policy does not say.</summary>
        public TimeSpan? Interval { get; }
    }

    /// <summary>What could not be read. Kind names the listing; Scope is the vault or subscription it belongs to.</summary>
    public sealed class InventoryGap
    {
        public InventoryGap(string kind, string scope, string message)
        {
            Kind = kind;
            Scope = scope;
            Message = message;
        }

        public const string Vaults = "vaults";
        public const string ProtectedItems = "protectedItems";
        public const string Jobs = "backupJobs";
        public const string Policies = "backupPolicies";
        public const string Locks = "locks";
        public const string RestorePointCollections = "restorePointCollections";
        public const string RestorePoints = "restorePoints";
        /// <summary>A NIC listing that failed: the VMs whose NICs it did not bring have their network checks Unknown.</summary>
        public const string NetworkInterfaces = "networkInterfaces";
        /// <summary>The statusOnly=true VM listing broke off: the VMs it did not reach have no run-time status.</summary>
        public const string VmStatus = "vmStatus";

        public string Kind { get; }
        public string Scope { get; }
        public string Message { get; }

        public override string ToString() => Message;
    }

    public sealed class JobErrorState
    {
        public JobErrorState(long? code, string? message, IReadOnlyList<string> recommendations)
        {
            Code = code;
            Message = message;
            Recommendations = recommendations;
        }

        /// <summary>The numeric code (ErrorDetails.ErrorCode in Az).</summary>
        public long? Code { get; }
        public string? Message { get; }
        public IReadOnlyList<string> Recommendations { get; }
    }

    /// <summary>A backup job of a vault (failed or running, the ones the checks read).</summary>
    public sealed class BackupJobState
    {
        public string Id { get; set; } = "";
        public string VaultId { get; set; } = "";
        public string? EntityFriendlyName { get; set; }
        public string? Operation { get; set; }
        public string? Status { get; set; }
        /// <summary>The protection container the job ran on (iaasvmcontainerv2;{group};{vm}), when the job names it.</summary>
        public string? ContainerName { get; set; }
        public DateTimeOffset? StartTime { get; set; }
        public IReadOnlyList<JobErrorState> Errors { get; set; } = Array.Empty<JobErrorState>();
    }

    public sealed class LockState
    {
        public LockState(string id, string? level, string? notes)
        {
            Id = id;
            Level = level;
            Notes = notes;
        }

        public string Id { get; }
        /// <summary>CanNotDelete or ReadOnly.</summary>
        public string? Level { get; }
        public string? Notes { get; }

        /// <summary>The scope the lock applies to: the id before /providers/Microsoft.Authorization/locks.</summary>
        public string Scope
        {
            get
            {
                var i = Id.IndexOf("/providers/Microsoft.Authorization/locks/", StringComparison.OrdinalIgnoreCase);
                return i < 0 ? Id : Id.Substring(0, i);
            }
        }
    }

    public sealed class RestorePointCollectionState
    {
        public RestorePointCollectionState(string id, string? sourceVmId, int restorePointCount)
            : this(id, sourceVmId, (int?)restorePointCount)
        {
        }

        /// <summary>A collection whose restore points were not (or could not be) read has a null count.</summary>
        public RestorePointCollectionState(string id, string? sourceVmId, int? restorePointCount)
        {
            Id = id;
            SourceVmId = sourceVmId;
            RestorePointCount = restorePointCount ?? 0;
            RestorePointsRead = restorePointCount.HasValue;
        }

        public string Id { get; }
        public string? SourceVmId { get; }
        public int RestorePointCount { get; }
        /// <summary>False when the count is not known: ARM lists collections without their restore points.</summary>
        public bool RestorePointsRead { get; }

        /// <summary>Azure Backup names its collections AzureBackup_{vm}_{n}; others (a user's own restore points) do not count against its limit.</summary>
        public bool IsAzureBackupOwned => Name.StartsWith("AzureBackup_", StringComparison.OrdinalIgnoreCase);

        public string Name => Id.Substring(Id.LastIndexOf('/') + 1);
    }
}
