using System;
using System.Linq;
using System.Threading.Tasks;
using AzBackupTroubleshoot.ArmEmulator;
using AzBackupTroubleshoot.Engine.Tests.Support;
using AzBackupTroubleshoot.Inventory;
using AzBackupTroubleshoot.Readiness;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Readiness
{
    /// <summary>The scanner the cmdlet drives: VMs piped in one by one share one read of the subscription's listings.</summary>
    public class ReadinessScannerTests
    {
        [Fact]
        public async Task Vms_scanned_one_by_one_share_the_subscription_listings()
        {
            var world = new World();
            var vault = BackupShapes.VaultId("rg-backup", "vault-jpe");
            world.Add(BackupShapes.Vault("rg-backup", "vault-jpe"));
            for (var i = 0; i < 6; i++)
            {
                world.Add(ArmShapes.Vm("rg-app", "vm" + i));
                world.Add(BackupShapes.ProtectedItem(vault, "rg-app", "vm" + i));
            }

            ArmShapes.AddPlainNetwork(world);
            await using var h = await EmulatorHarness.StartAsync(world);
            var scanner = new ReadinessScanner(h.Connection);
            var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => scanner.ScanAsync(InventoryScope.FromResourceId(ArmShapes.VmId("rg-app", "vm" + i)))));

            Assert.All(results, r => Assert.Equal(CheckStatus.Pass, Assert.Single(r.Reports).Findings.Single(f => f.CheckId == "Protection.Status").Status));
            Assert.Equal(1, h.Requests.Count("GET", "/subscriptions/{}/providers/Microsoft.RecoveryServices/vaults"));
            Assert.Equal(1, h.Requests.Count("GET", "/subscriptions/{}/providers/Microsoft.Authorization/locks"));
            Assert.Equal(1, h.Requests.Count("GET", "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.RecoveryServices/vaults/{}/backupProtectedItems"));
            Assert.Equal(6, h.Requests.Count("GET", "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Compute/virtualMachines/{}"));
        }

        /// <summary>
        /// A subscription scan takes the status entries it joins, so what it holds shrinks as reports stream; a later scan
        /// through the same scanner (the cmdlet's pipeline) then reads the listing again, never each VM's instance view.
        /// </summary>
        [Fact]
        public async Task A_subscription_scanned_again_through_one_scanner_reads_the_status_listing_again_not_each_vm()
        {
            var world = new World();
            var vault = BackupShapes.VaultId("rg-backup", "vault-jpe");
            world.Add(BackupShapes.Vault("rg-backup", "vault-jpe"));
            for (var i = 0; i < 6; i++)
            {
                var group = i < 3 ? "rg-a" : "rg-b";
                world.Add(ArmShapes.Vm(group, "vm" + i, agentStatus: i == 1 ? "Not Ready" : "Ready"));
                if (i != 4) world.Add(BackupShapes.ProtectedItem(vault, group, "vm" + i));
            }

            ArmShapes.AddPlainNetwork(world);
            var records = new System.Collections.Concurrent.ConcurrentQueue<AzBackupTroubleshoot.Arm.ArmRequestRecord>();
            await using var h = await EmulatorHarness.StartAsync(world, null, o => o.OnRequest = records.Enqueue);
            var scanner = new ReadinessScanner(h.Connection);
            static string[] Summaries(ReadinessScanResult r) =>
                r.Reports.Select(v => v.VmId + " " + string.Join(",", v.Findings.OrderBy(f => f.CheckId).Select(f => f.CheckId + "=" + f.Status))).OrderBy(x => x).ToArray();

            var first = await scanner.ScanAsync(InventoryScope.Subscription(ArmShapes.Subscription));
            var groupA = await scanner.ScanAsync(InventoryScope.Group(ArmShapes.Subscription, "rg-a"));
            var second = await scanner.ScanAsync(InventoryScope.Subscription(ArmShapes.Subscription));

            Assert.Equal(6, first.Reports.Count);
            Assert.Equal(CheckStatus.Fail, first.Reports.Single(r => r.Name == "vm1").Findings.Single(f => f.CheckId == "VmAgent.Status").Status);
            Assert.All(first.Reports, r => Assert.NotEqual(CheckStatus.Unknown, r.Findings.Single(f => f.CheckId == "VmAgent.Status").Status));
            Assert.Equal(Summaries(first), Summaries(second));
            Assert.Equal(Summaries(first).Where(x => x.Contains("/resourceGroups/rg-a/")).ToArray(), Summaries(groupA));
            Assert.Equal(0, h.Requests.CountWhere("instanceView"));
            // The first scan's listing was spent by its joins; the group's fresh one is shared by the second subscription scan.
            Assert.Equal(2, records.Count(r => r.Uri.Query.Contains("statusOnly=true", StringComparison.OrdinalIgnoreCase)));
        }

        [Fact]
        public async Task A_selection_limits_the_findings()
        {
            var world = new World();
            world.Add(ArmShapes.Vm("rg-app", "vm0"));
            ArmShapes.AddPlainNetwork(world);
            await using var h = await EmulatorHarness.StartAsync(world);
            var scanner = new ReadinessScanner(h.Connection, new CheckSelection(new[] { "VmAgent.Status", "Network.NsgOutbound" }));
            var result = await scanner.ScanAsync(InventoryScope.FromResourceId($"/subscriptions/{ArmShapes.Subscription}/resourceGroups/rg-app"));
            Assert.Equal(new[] { "Network.NsgOutbound", "VmAgent.Status" }, Assert.Single(result.Reports).Findings.Select(f => f.CheckId).OrderBy(x => x).ToArray());
        }

        [Theory]
        [InlineData("/subscriptions/s1", "/subscriptions/s1")]
        [InlineData("/subscriptions/s1/resourceGroups/rg", "/subscriptions/s1/resourceGroups/rg")]
        [InlineData("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm", "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm")]
        [InlineData(" /subscriptions/s1/resourceGroups/rg/ ", "/subscriptions/s1/resourceGroups/rg")]
        public void Scopes_parse_from_subscription_group_and_vm_ids(string id, string expected)
        {
            Assert.Equal(expected, InventoryScope.FromResourceId(id).Id);
        }

        [Theory]
        [InlineData("")]
        [InlineData("vm01")]
        [InlineData("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic")]
        [InlineData("/resourceGroups/rg")]
        public void Other_ids_are_refused_with_a_reason(string id)
        {
            var ex = Assert.Throws<ArgumentException>(() => InventoryScope.FromResourceId(id));
            Assert.Contains("is not a virtual machine, resource group or subscription id", ex.Message);
        }
    }
}
