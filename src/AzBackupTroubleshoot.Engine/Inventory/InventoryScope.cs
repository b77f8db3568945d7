using System;

namespace AzBackupTroubleshoot.Inventory
{
    /// <summary>What to read: one VM, a resource group's VMs, or a subscription's.</summary>
    public sealed class InventoryScope
    {
        private InventoryScope(string subscriptionId, string? resourceGroup, string? vmName)
        {
            if (string.IsNullOrWhiteSpace(subscriptionId)) throw new ArgumentException("A subscription id is required.", nameof(subscriptionId));
            SubscriptionId = subscriptionId;
            ResourceGroup = resourceGroup;
            VmName = vmName;
        }

        public string SubscriptionId { get; }
        public string? ResourceGroup { get; }
        public string? VmName { get; }

        public static InventoryScope Subscription(string subscriptionId) => new InventoryScope(subscriptionId, null, null);

        public static InventoryScope Group(string subscriptionId, string resourceGroup) =>
            new InventoryScope(subscriptionId, Required(resourceGroup, nameof(resourceGroup)), null);

        public static InventoryScope Vm(string subscriptionId, string resourceGroup, string name) =>
            new InventoryScope(subscriptionId, Required(resourceGroup, nameof(resourceGroup)), Required(name, nameof(name)));

        /// <summary>From a VM resource id: /subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Compute/virtualMachines/{n}.</summary>
        public static InventoryScope FromVmId(string resourceId)
        {
            var s = (resourceId ?? "").Trim('/').Split('/');
            if (s.Length != 8 || !s[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase) || !s[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase) ||
                !s[5].Equals("Microsoft.Compute", StringComparison.OrdinalIgnoreCase) || !s[6].Equals("virtualMachines", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"'{resourceId}' is not a virtual machine resource id (/subscriptions/{{id}}/resourceGroups/{{group}}/providers/Microsoft.Compute/virtualMachines/{{name}}).", nameof(resourceId));
            }

            return Vm(s[1], s[3], s[7]);
        }

        /// <summary>From a subscription, resource group or VM resource id.</summary>
        public static InventoryScope FromResourceId(string resourceId)
        {
            var s = (resourceId ?? "").Trim().Trim('/').Split('/');
            if (s.Length == 2 && s[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase)) return Subscription(s[1]);
            if (s.Length == 4 && s[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase) && s[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase)) return Group(s[1], s[3]);
            try
            {
                return FromVmId(resourceId!);
            }
            catch (ArgumentException)
            {
                throw new ArgumentException($"'{resourceId}' is not a virtual machine, resource group or subscription id.", nameof(resourceId));
            }
        }

        /// <summary>The ARM id of what this scope covers.</summary>
        public string Id => VmName != null ? VmId : ResourceGroup != null ? $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroup}" : $"/subscriptions/{SubscriptionId}";

        public override string ToString() => Id;

        public string VmId => $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroup}/providers/Microsoft.Compute/virtualMachines/{VmName}";

        private static string Required(string value, string name) =>
            string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"{name} is required.", name) : value;
    }
}
