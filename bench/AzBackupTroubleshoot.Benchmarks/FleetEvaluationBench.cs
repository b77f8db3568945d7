using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using AzBackupTroubleshoot.Inventory;
using AzBackupTroubleshoot.Readiness;

namespace AzBackupTroubleshoot.Benchmarks
{
    /// <summary>
    /// ReadinessEvaluator.Evaluate over an in-memory fleet (no ARM, no JSON): how the judging alone grows with
    /// the fleet. N VMs over N/50 groups, 90 percent protected by two vaults, one Azure Backup restore point
    /// collection per protected VM, 3 percent with a failed job, a few locks, shared subnets and NSGs.
    /// dotnet run -c Release --project bench/AzBackupTroubleshoot.Benchmarks -- fleet-evaluation [sizes...]
    /// </summary>
    public static class FleetEvaluationBench
    {
        private const string Subscription = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";

        public static void Run(string[] sizes)
        {
            var counts = sizes.Length > 0 ? sizes.Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() : new[] { 1000, 10000 };
            Console.WriteLine("| VMs | Evaluate (median of 3) | per VM |");
            Console.WriteLine("|---|---|---|");
            foreach (var n in counts)
            {
                var inventory = Build(n);
                var scope = InventoryScope.Subscription(Subscription);
                ReadinessEvaluator.Evaluate(inventory, scope);    // warm-up: JIT, the remedy catalog
                var runs = new List<double>();
                for (var i = 0; i < 3; i++)
                {
                    var watch = Stopwatch.StartNew();
                    var reports = ReadinessEvaluator.Evaluate(inventory, scope);
                    watch.Stop();
                    if (reports.Count < n) throw new InvalidOperationException($"{reports.Count} reports for {n} VMs");
                    runs.Add(watch.Elapsed.TotalMilliseconds);
                }

                var median = runs.OrderBy(x => x).ElementAt(1);
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0:N0} | {1:0} ms | {2:0.000} ms |", n, median, median / n));
            }
        }

        internal static FleetInventory Build(int vmCount)
        {
            var random = new Random(7);
            var sub = "/subscriptions/" + Subscription;
            var net = sub + "/resourceGroups/rg-network/providers/Microsoft.Network";
            var nsgOpen = new NetworkSecurityGroupState(net + "/networkSecurityGroups/nsg-open", new List<SecurityRuleState>(NetworkDefaults()));
            var closedRules = new List<SecurityRuleState> { new SecurityRuleState("deny-azurecloud", 100, "Outbound", "Deny", "Tcp", new[] { "AzureCloud" }, new[] { "443" }, false) };
            closedRules.AddRange(NetworkDefaults());
            var nsgClosed = new NetworkSecurityGroupState(net + "/networkSecurityGroups/nsg-closed", closedRules);
            var vnet = net + "/virtualNetworks/vnet-fleet";
            var subnets = new[] { new SubnetState(vnet + "/subnets/app", nsgOpen.Id, null), new SubnetState(vnet + "/subnets/data", nsgOpen.Id, null), new SubnetState(vnet + "/subnets/web", null, null), new SubnetState(vnet + "/subnets/locked", nsgClosed.Id, null) };
            var vaults = new[] { sub + "/resourceGroups/rg-backup/providers/Microsoft.RecoveryServices/vaults/vault-a", sub + "/resourceGroups/rg-backup/providers/Microsoft.RecoveryServices/vaults/vault-b" };

            var vms = new List<VmState>();
            var nics = new Dictionary<string, NicState>(StringComparer.OrdinalIgnoreCase);
            var items = new List<ProtectedItemState>();
            var jobs = new List<BackupJobState>();
            var collections = new List<RestorePointCollectionState>();
            var groups = Math.Max(1, vmCount / 50);
            for (var i = 0; i < vmCount; i++)
            {
                var group = "rg-fleet-" + (i % groups).ToString("D3", CultureInfo.InvariantCulture);
                var name = "vm" + i.ToString("D5", CultureInfo.InvariantCulture);
                var id = $"{sub}/resourceGroups/{group}/providers/Microsoft.Compute/virtualMachines/{name}";
                var nicId = $"{sub}/resourceGroups/{group}/providers/Microsoft.Network/networkInterfaces/{name}-nic";
                var roll = random.Next(100);
                var protect = random.Next(10) != 0;
                nics[nicId] = new NicState(nicId, id, new[] { subnets[random.Next(100) < 5 ? 3 : i % 3].Id }, null, false, new[] { "10.0.1.4" }, Array.Empty<string>());
                vms.Add(new VmState
                {
                    Id = id, Name = name, ResourceGroup = group, Location = "japaneast", OsType = "Windows", ProvisioningState = "Succeeded", ProvisionVmAgent = true,
                    Disks = new[] { new DiskState(name + "_OsDisk", true, 127, "Premium_LRS", true, false) },
                    NetworkInterfaceIds = new[] { nicId }, PrimaryNetworkInterfaceId = nicId,
                    HasInstanceView = true, ExtensionsReported = true, AgentVersion = roll < 7 && roll >= 4 ? "2.7.41491.900" : "2.7.41491.1102",
                    Statuses = new[] { new StatusEntry("ProvisioningState/succeeded", "Info", null, null), new StatusEntry(roll >= 7 && roll < 9 ? "PowerState/deallocated" : "PowerState/running", "Info", null, null) },
                    AgentStatuses = new[] { new StatusEntry("ProvisioningState/succeeded", "Info", roll < 4 ? "Not Ready" : "Ready", null) },
                    Extensions = protect ? new[] { new ExtensionState("VMSnapshot", "Microsoft.Azure.RecoveryServices.VMSnapshot", "1.0.9225.0", new[] { new StatusEntry(roll >= 9 && roll < 11 ? "ProvisioningState/failed/-2147024891" : "ProvisioningState/succeeded", "Info", null, "Enable succeeded") }, Array.Empty<StatusEntry>()) } : Array.Empty<ExtensionState>(),
                });
                if (!protect) continue;
                var vault = vaults[i % 2];
                var container = $"iaasvmcontainerv2;{group};{name}";
                items.Add(new ProtectedItemState
                {
                    Id = $"{vault}/backupFabrics/Azure/protectionContainers/IaasVMContainer;{container}/protectedItems/VM;{container}",
                    VaultId = vault, VaultLocation = "japaneast", SourceResourceId = id, FriendlyName = name, PolicyId = vault + "/backupPolicies/DefaultPolicy", PolicyType = "V2",
                    ProtectionState = "Protected", HealthStatus = "Passed", LastBackupStatus = "Completed", LastBackupTime = DateTimeOffset.UtcNow.AddHours(-20), ProtectedItemType = "Microsoft.Compute/virtualMachines", ContainerName = container,
                });
                collections.Add(new RestorePointCollectionState($"{sub}/resourceGroups/AzureBackupRG_japaneast_1/providers/Microsoft.Compute/restorePointCollections/AzureBackup_{name}_1", id, 2));
                if (random.Next(100) < 3)
                {
                    jobs.Add(new BackupJobState
                    {
                        Id = vault + "/backupJobs/" + Guid.NewGuid(), VaultId = vault, EntityFriendlyName = name, Operation = "Backup", Status = "Failed", StartTime = DateTimeOffset.UtcNow.AddHours(-3),
                        Errors = new[] { new JobErrorState(400060, "Snapshot operation failed due to no network connectivity on the virtual machine.", Array.Empty<string>()) },
                    });
                }
            }

            var byVm = items.GroupBy(x => x.SourceResourceId!, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => (IReadOnlyList<ProtectedItemState>)g.ToArray(), StringComparer.OrdinalIgnoreCase);
            return new FleetInventory
            {
                ReadAt = DateTimeOffset.UtcNow,
                Vms = vms,
                ProtectedItemsByVm = byVm,
                ProtectedItems = byVm.ToDictionary(kv => kv.Key, kv => kv.Value[0], StringComparer.OrdinalIgnoreCase),
                AllProtectedItems = items,
                Jobs = jobs,
                BackupPolicies = vaults.ToDictionary(v => v + "/backupPolicies/DefaultPolicy", v => new BackupPolicyState(v + "/backupPolicies/DefaultPolicy", "Daily", TimeSpan.FromDays(1)), StringComparer.OrdinalIgnoreCase),
                Locks = new[] { new LockState(sub + "/resourceGroups/rg-network/providers/Microsoft.Authorization/locks/keep", "CanNotDelete", null) },
                RestorePointCollections = collections,
                Network = new NetworkView
                {
                    Nics = nics,
                    Subnets = subnets.ToDictionary(s => s.Id, StringComparer.OrdinalIgnoreCase),
                    SecurityGroups = new[] { nsgOpen, nsgClosed }.ToDictionary(s => s.Id, StringComparer.OrdinalIgnoreCase),
                    VirtualNetworks = new Dictionary<string, VirtualNetworkState>(StringComparer.OrdinalIgnoreCase) { [vnet] = new VirtualNetworkState(vnet, false, false) },
                },
            };
        }

        private static IEnumerable<SecurityRuleState> NetworkDefaults() => new[]
        {
            new SecurityRuleState("AllowVnetOutBound", 65000, "Outbound", "Allow", "*", new[] { "VirtualNetwork" }, new[] { "*" }, true),
            new SecurityRuleState("AllowInternetOutBound", 65001, "Outbound", "Allow", "*", new[] { "Internet" }, new[] { "*" }, true),
            new SecurityRuleState("DenyAllOutBound", 65500, "Outbound", "Deny", "*", new[] { "*" }, new[] { "*" }, true),
        };
    }
}
