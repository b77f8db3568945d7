using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using AzBackupTroubleshoot.ArmEmulator;

namespace AzBackupTroubleshoot.Engine.Tests.Support
{
    /// <summary>
    /// A generated estate for fleet-scale tests: N VMs over N/50 resource groups, NICs in their VM's group on
    /// a few shared subnets and NSGs, 90 percent protected by two vaults, a mix of broken VMs (agent not ready,
    /// old agent, failed snapshot extension, stopped) and some failed jobs. Same seed, same world.
    /// </summary>
    internal sealed class GeneratedFleet
    {
        public const string NetworkGroup = "rg-network";
        public const string BackupGroup = "rg-backup";

        private GeneratedFleet(World world, IReadOnlyList<string> vmIds, IReadOnlyList<string> groups, IReadOnlyList<string>? subscriptions = null)
        {
            World = world;
            VmIds = vmIds;
            Groups = groups;
            Subscriptions = subscriptions ?? new[] { ArmShapes.Subscription };
        }

        /// <summary>The subscriptions the fleet spans.</summary>
        public IReadOnlyList<string> Subscriptions { get; }

        /// <summary>The id of the <paramref name="index"/>-th subscription of a fleet built by <see cref="BuildMany"/>.</summary>
        public static string SubscriptionId(int index) => $"5ab0{index:x4}-7d3e-4c1a-9f00-{index:x12}";

        /// <summary>
        /// The same estate in each of several subscriptions (each with its own seed): every document of a one-subscription
        /// fleet moved to the subscription's id. VM ids are listed subscription by subscription.
        /// </summary>
        public static GeneratedFleet BuildMany(int subscriptionCount, int vmsPerSubscription, int seed = 7)
        {
            var world = new World();
            var vmIds = new List<string>();
            var subscriptions = new List<string>();
            IReadOnlyList<string> groups = Array.Empty<string>();
            for (var k = 0; k < subscriptionCount; k++)
            {
                var subscription = SubscriptionId(k);
                subscriptions.Add(subscription);
                var one = Build(vmsPerSubscription, seed + k);
                groups = one.Groups;
                // Subnets come with their virtual network (they have no type of their own here).
                foreach (var resource in one.World.All().Where(r => r["type"] != null))
                {
                    world.Add((JsonObject)JsonNode.Parse(resource.ToJsonString().Replace(ArmShapes.Subscription, subscription))!);
                }

                vmIds.AddRange(one.VmIds.Select(id => id.Replace(ArmShapes.Subscription, subscription)));
            }

            return new GeneratedFleet(world, vmIds, groups, subscriptions);
        }

        public World World { get; }
        /// <summary>Every VM id, in the order the emulator lists them.</summary>
        public IReadOnlyList<string> VmIds { get; }
        public IReadOnlyList<string> Groups { get; }

        public static string GroupName(int index) => $"rg-fleet-{index:D3}";

        public static GeneratedFleet Build(int vmCount, int seed = 7)
        {
            var random = new Random(seed);
            var world = new World();
            var groupCount = Math.Max(1, vmCount / 50);
            var groups = new List<string>();
            for (var g = 0; g < groupCount; g++) groups.Add(GroupName(g));

            // Shared network: one VNet with four subnets; two subnet NSGs, one of which denies outbound 443 to AzureCloud.
            var open = ArmShapes.SecurityGroup(NetworkGroup, "nsg-open");
            var closedId = ArmShapes.NetworkId(NetworkGroup, "networkSecurityGroups", "nsg-closed");
            var closed = ArmShapes.SecurityGroup(NetworkGroup, "nsg-closed", ArmShapes.OutboundRule(closedId, "deny-azurecloud", 100, "Deny", "AzureCloud", "443"));
            world.Add(open);
            world.Add(closed);
            var openId = open["id"]!.GetValue<string>();
            world.Add(ArmShapes.VirtualNetwork(NetworkGroup, "vnet-fleet", ("app", openId, null), ("data", openId, null), ("web", null, null), ("locked", closedId, null)));
            var subnets = new[] { "app", "data", "web", "locked" };

            var vaults = new[] { BackupShapes.VaultId(BackupGroup, "vault-a"), BackupShapes.VaultId(BackupGroup, "vault-b") };
            world.Add(BackupShapes.Vault(BackupGroup, "vault-a"));
            world.Add(BackupShapes.Vault(BackupGroup, "vault-b"));
            foreach (var vault in vaults) world.Add(BackupShapes.Policy(vault, "DefaultPolicy", "Daily"));

            for (var i = 0; i < vmCount; i++)
            {
                var group = groups[i % groupCount];
                var name = $"vm{i:D5}";
                var roll = random.Next(100);
                var agentStatus = roll < 4 ? "Not Ready" : "Ready";
                var agentVersion = roll >= 4 && roll < 7 ? "2.7.41491.900" : "2.7.41491.1102";
                var power = roll >= 7 && roll < 9 ? "deallocated" : "running";
                var snapshotCode = roll >= 9 && roll < 11 ? "ProvisioningState/failed/-2147024891" : "ProvisioningState/succeeded";
                var protect = random.Next(10) != 0;
                var extensions = protect ? new JsonArray(ArmShapes.ExtensionStatus("VMSnapshot", "Microsoft.Azure.RecoveryServices.VMSnapshot", snapshotCode)) : new JsonArray();
                world.Add(ArmShapes.Vm(group, name, agentStatus: agentStatus, agentVersion: agentVersion, powerState: power, extensions: extensions));
                var subnet = ArmShapes.NetworkId(NetworkGroup, "virtualNetworks", "vnet-fleet") + "/subnets/" + subnets[random.Next(100) < 5 ? 3 : i % 3];
                world.Add(ArmShapes.Nic(group, name, subnet));
                if (!protect) continue;
                var vault = vaults[i % vaults.Length];
                world.Add(BackupShapes.ProtectedItem(vault, group, name));
                if (random.Next(100) < 3)
                {
                    world.Add(BackupShapes.Job(vault, name, "Failed", DateTimeOffset.UtcNow.AddHours(-3).ToString("o"), 400060, "Snapshot operation failed due to no network connectivity on the virtual machine."));
                }
            }

            return new GeneratedFleet(world, OrderAsListed(world), groups);
        }

        private static IReadOnlyList<string> OrderAsListed(World world)
        {
            var list = new List<string>();
            foreach (var vm in world.List($"/subscriptions/{ArmShapes.Subscription}/providers/Microsoft.Compute/virtualMachines")) list.Add(vm["id"]!.GetValue<string>());
            return list;
        }
    }
}
