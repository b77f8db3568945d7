using System;
using System.Collections.Generic;

namespace AzBackupTroubleshoot.Inventory
{
    /// <summary>One status entry of an instance view (code, level, display status, message).</summary>
    public sealed class StatusEntry
    {
        public StatusEntry(string? code, string? level, string? displayStatus, string? message)
        {
            Code = code;
            Level = level;
            DisplayStatus = displayStatus;
            Message = message;
        }

        public string? Code { get; }
        public string? Level { get; }
        public string? DisplayStatus { get; }
        public string? Message { get; }
    }

    /// <summary>An extension as the instance view reports it.</summary>
    public sealed class ExtensionState
    {
        public ExtensionState(string? name, string? type, string? version, IReadOnlyList<StatusEntry> statuses, IReadOnlyList<StatusEntry> substatuses)
        {
            Name = name;
            Type = type;
            Version = version;
            Statuses = statuses;
            Substatuses = substatuses;
        }

        public string? Name { get; }
        /// <summary>Handler type, e.g. Microsoft.Azure.RecoveryServices.VMSnapshot.</summary>
        public string? Type { get; }
        public string? Version { get; }
        public IReadOnlyList<StatusEntry> Statuses { get; }
        public IReadOnlyList<StatusEntry> Substatuses { get; }
    }

    public sealed class DiskState
    {
        public DiskState(string? name, bool isOsDisk, int? sizeGb, string? storageAccountType, bool isManaged, bool writeAccelerator)
            : this(name, isOsDisk, sizeGb, storageAccountType, isManaged, writeAccelerator, null)
        {
        }

        public DiskState(string? name, bool isOsDisk, int? sizeGb, string? storageAccountType, bool isManaged, bool writeAccelerator, string? managedDiskId)
        {
            ManagedDiskId = managedDiskId;
            Name = name;
            IsOsDisk = isOsDisk;
            SizeGb = sizeGb;
            StorageAccountType = storageAccountType;
            IsManaged = isManaged;
            WriteAccelerator = writeAccelerator;
        }

        public string? Name { get; }
        public bool IsOsDisk { get; }
        public int? SizeGb { get; }
        public string? StorageAccountType { get; }
        public bool IsManaged { get; }
        public bool WriteAccelerator { get; }
        /// <summary>managedDisk.id, when the disk is managed and the model names it.</summary>
        public string? ManagedDiskId { get; }
    }

    /// <summary>
    /// The part of an instance view the checks read (power and provisioning statuses, the agent, extensions): what a
    /// statusOnly=true listing's entry is kept as until its VM's model page is judged.
    /// </summary>
    public sealed class InstanceViewState
    {
        public InstanceViewState(bool hasAgentView, IReadOnlyList<StatusEntry> statuses, string? agentVersion, IReadOnlyList<StatusEntry> agentStatuses,
            int agentExtensionHandlerCount, bool extensionsReported, IReadOnlyList<ExtensionState> extensions)
        {
            HasAgentView = hasAgentView;
            Statuses = statuses;
            AgentVersion = agentVersion;
            AgentStatuses = agentStatuses;
            AgentExtensionHandlerCount = agentExtensionHandlerCount;
            ExtensionsReported = extensionsReported;
            Extensions = extensions;
        }

        /// <summary>True when the view carried vmAgent.</summary>
        public bool HasAgentView { get; }
        public IReadOnlyList<StatusEntry> Statuses { get; }
        public string? AgentVersion { get; }
        public IReadOnlyList<StatusEntry> AgentStatuses { get; }
        public int AgentExtensionHandlerCount { get; }
        public bool ExtensionsReported { get; }
        public IReadOnlyList<ExtensionState> Extensions { get; }

        /// <summary>True when the view carries the agent's view, or says the VM is not running (then there is none to read).</summary>
        public bool IsUsable
        {
            get
            {
                if (HasAgentView) return true;
                foreach (var s in Statuses)
                {
                    if (s.Code != null && s.Code.StartsWith("PowerState/", StringComparison.OrdinalIgnoreCase))
                        return !s.Code.Equals("PowerState/running", StringComparison.OrdinalIgnoreCase);
                }

                return false;
            }
        }
    }

    /// <summary>What ARM says about a VM, in the form the checks read. Null means ARM did not say.</summary>
    public sealed class VmState
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string ResourceGroup { get; set; } = "";
        public string? Location { get; set; }
        /// <summary>Windows or Linux, from the OS disk.</summary>
        public string? OsType { get; set; }
        public string? ProvisioningState { get; set; }
        public bool? ProvisionVmAgent { get; set; }
        public string? SecurityType { get; set; }
        public IReadOnlyList<DiskState> Disks { get; set; } = Array.Empty<DiskState>();
        public IReadOnlyList<string> NetworkInterfaceIds { get; set; } = Array.Empty<string>();
        /// <summary>The NIC marked primary, or the only one; the guest's default route leaves through it.</summary>
        public string? PrimaryNetworkInterfaceId { get; set; }

        /// <summary>
        /// True when the VM model (plain GET or listing: profiles, disks, NICs) was read. A statusOnly
        /// listing carries no model, so a VM known only from it has none.
        /// </summary>
        public bool HasModel { get; set; } = true;
        /// <summary>True when the model carried a storageProfile (disks and OS type).</summary>
        public bool HasStorageProfile { get; set; } = true;

        /// <summary>True when the instance view's agent and extension parts were read.</summary>
        public bool HasInstanceView { get; set; }
        /// <summary>Why the instance view could not be read, when it could not.</summary>
        public string? InstanceViewGap { get; set; }
        /// <summary>Extension handlers the agent reports (vmAgent.extensionHandlers); extensions with none reported is a gap, not a Pass.</summary>
        public int AgentExtensionHandlerCount { get; set; }
        /// <summary>True when the instance view carried an extensions array.</summary>
        public bool ExtensionsReported { get; set; }
        public IReadOnlyList<StatusEntry> Statuses { get; set; } = Array.Empty<StatusEntry>();
        public string? AgentVersion { get; set; }
        public IReadOnlyList<StatusEntry> AgentStatuses { get; set; } = Array.Empty<StatusEntry>();
        public IReadOnlyList<ExtensionState> Extensions { get; set; } = Array.Empty<ExtensionState>();

        /// <summary>The PowerState/... code's value: running, stopped, deallocated, starting, stopping, deallocating.</summary>
        public string? PowerState
        {
            get
            {
                foreach (var s in Statuses)
                {
                    if (s.Code != null && s.Code.StartsWith("PowerState/", StringComparison.OrdinalIgnoreCase)) return s.Code.Substring("PowerState/".Length);
                }

                return null;
            }
        }
    }
}
