using System.Collections.Generic;
using System.Linq;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;

namespace AzBackupTroubleshoot.Inventory
{
    /// <summary>From the Azure SDK's VM model to the checks' view of a VM; tolerant of every null ARM may send.</summary>
    internal static class VmStateMapper
    {
        public static VmState From(VirtualMachineData data, VirtualMachineInstanceView? view)
        {
            var storage = data.StorageProfile;
            var disks = new List<DiskState>();
            if (storage?.OSDisk != null)
            {
                var os = storage.OSDisk;
                disks.Add(new DiskState(os.Name, true, os.DiskSizeGB, os.ManagedDisk?.StorageAccountType?.ToString(), os.ManagedDisk != null, os.WriteAcceleratorEnabled == true));
            }

            foreach (var d in storage?.DataDisks ?? Enumerable.Empty<VirtualMachineDataDisk>())
            {
                disks.Add(new DiskState(d.Name, false, d.DiskSizeGB, d.ManagedDisk?.StorageAccountType?.ToString(), d.ManagedDisk != null, d.WriteAcceleratorEnabled == true));
            }

            var nics = data.NetworkProfile?.NetworkInterfaces?.Where(n => n != null && !(n.Id is null)).ToArray() ?? new VirtualMachineNetworkInterfaceReference[0];
            var primaryNic = nics.FirstOrDefault(n => n.Primary == true) ?? (nics.Length > 0 ? nics[0] : null);
            return new VmState
            {
                Id = data.Id.ToString(),
                Name = data.Name,
                ResourceGroup = data.Id.ResourceGroupName ?? "",
                Location = data.Location.Name,
                OsType = storage?.OSDisk?.OSType?.ToString(),
                ProvisioningState = data.ProvisioningState,
                ProvisionVmAgent = data.OSProfile?.WindowsConfiguration?.ProvisionVmAgent ?? data.OSProfile?.LinuxConfiguration?.ProvisionVmAgent,
                SecurityType = data.SecurityProfile?.SecurityType?.ToString(),
                Disks = disks,
                NetworkInterfaceIds = nics.Select(n => n.Id.ToString()).ToArray(),
                PrimaryNetworkInterfaceId = primaryNic?.Id.ToString(),
                HasInstanceView = view?.VmAgent != null,
                Statuses = Statuses(view?.Statuses),
                AgentVersion = view?.VmAgent?.VmAgentVersion,
                AgentStatuses = Statuses(view?.VmAgent?.Statuses),
                Extensions = view?.Extensions?.Select(e => new ExtensionState(
                    e.Name, e.VirtualMachineExtensionInstanceViewType, e.TypeHandlerVersion, Statuses(e.Statuses), Statuses(e.Substatuses))).ToArray() ?? new ExtensionState[0],
            };
        }

        private static IReadOnlyList<StatusEntry> Statuses(IEnumerable<InstanceViewStatus>? statuses) =>
            statuses?.Where(s => s != null).Select(s => new StatusEntry(s.Code, s.Level?.ToString(), s.DisplayStatus, s.Message)).ToArray() ?? new StatusEntry[0];
    }
}
