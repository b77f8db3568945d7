using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AzBackupTroubleshoot.Arm;

namespace AzBackupTroubleshoot.Inventory
{
    /// <summary>A VM's name and resource group, as tab completion offers them.</summary>
    public sealed class VmName
    {
        public VmName(string resourceGroup, string name)
        {
            ResourceGroup = resourceGroup;
            Name = name;
        }

        public string ResourceGroup { get; }
        public string Name { get; }
    }

    /// <summary>The names of a subscription's VMs and their groups, from one VM listing (no instance views).</summary>
    public static class VmDirectory
    {
        public static async Task<IReadOnlyList<VmName>> ListAsync(ArmConnection connection, string subscriptionId, CancellationToken cancellationToken)
        {
            var names = new List<VmName>();
            var path = "/subscriptions/" + subscriptionId + "/providers/Microsoft.Compute/virtualMachines";
            await foreach (var vm in connection.Rest.ListAsync(path, FleetInventory.ComputeApiVersion, cancellationToken).ConfigureAwait(false))
            {
                var id = ArmJson.Str(vm, "id");
                if (id == null) continue;
                try
                {
                    var scope = InventoryScope.FromVmId(id);
                    names.Add(new VmName(scope.ResourceGroup!, scope.VmName!));
                }
                catch (ArgumentException)
                {
                    // Not a VM id: nothing to offer.
                }
            }

            return names;
        }
    }
}
