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
        {
            Id = id;
            SourceVmId = sourceVmId;
            RestorePointCount = restorePointCount;
        }

        public string Id { get; }
        public string? SourceVmId { get; }
        public int RestorePointCount { get; }
    }
}
