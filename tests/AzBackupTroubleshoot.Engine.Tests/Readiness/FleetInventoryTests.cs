using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AzBackupTroubleshoot.ArmEmulator;
using AzBackupTroubleshoot.Engine.Tests.Support;
using AzBackupTroubleshoot.Inventory;
using AzBackupTroubleshoot.Readiness;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Readiness
{
    /// <summary>Fleet scale and faults: how many requests a scan costs, and that every VM still gets an answer.</summary>
    public class FleetInventoryTests
    {
        private readonly Xunit.Abstractions.ITestOutputHelper _output;

        public FleetInventoryTests(Xunit.Abstractions.ITestOutputHelper output) => _output = output;

        private static readonly string Vault = BackupShapes.VaultId("rg-backup", "vault-jpe");

        private static World Fleet(int count, int groups = 4, bool protect = true)
        {
            var world = new World();
            world.Add(BackupShapes.Vault("rg-backup", "vault-jpe"));
            for (var i = 0; i < count; i++)
            {
                var group = "rg-" + (i % groups);
                var name = $"vm{i:D4}";
                world.Add(ArmShapes.Vm(group, name, extensions: new JsonArray(ArmShapes.ExtensionStatus("VMSnapshot", "Microsoft.Azure.RecoveryServices.VMSnapshot"))));
                if (!protect) continue;
                world.Add(BackupShapes.ProtectedItem(Vault, group, name));
                world.Add(BackupShapes.RestorePointCollection("AzureBackupRG_japaneast_1", "AzureBackup_" + name, ArmShapes.VmId(group, name), 2));
                if (i % 50 == 0) world.Add(BackupShapes.Job(Vault, name, "Failed", DateTimeOffset.UtcNow.AddHours(-3).ToString("o"), 0, "Snapshot operation failed due to COM+ error"));
            }

            ArmShapes.AddPlainNetwork(world);
            return world;
        }

        [Theory]
        [InlineData(200, 33)]
        [InlineData(1000, 13)]
        public async Task A_thousand_vms_cost_their_listings_and_one_read_per_backup_restore_point_collection(int pageSize, int maxListingRequests)
        {
            await using var h = await EmulatorHarness.StartAsync(Fleet(1000), new EmulatorOptions { PageSize = pageSize });
            var scope = InventoryScope.Subscription(ArmShapes.Subscription);
            var inventory = await FleetInventory.LoadAsync(h.Connection, scope);
            var reports = ReadinessEvaluator.Evaluate(inventory, scope);

            Assert.Equal(1000, reports.Count);
            Assert.All(reports, r => Assert.Equal(CheckStatus.Pass, r.Findings.Single(f => f.CheckId == "VmAgent.Status").Status));
            Assert.Equal(20, reports.Count(r => r.Findings.Single(f => f.CheckId == "Protection.FailedJobs").Status == CheckStatus.Fail));
            // No request names a single VM: everything came from list calls, but restore points, which only
            // GET ...restorePointCollections/{name}?$expand=restorePoints returns: one per collection Azure Backup owns.
            Assert.Equal(0, h.Requests.CountWhere("/virtualMachines/{}"));
            var restorePointReads = h.Requests.Count("GET", "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Compute/restorePointCollections/{}");
            Assert.Equal(1000, restorePointReads);
            Assert.Equal(0, h.Requests.CountWhere("/networkInterfaces/{}"));
            Assert.Equal(0, h.Requests.CountWhere("/subnets/{}"));
            Assert.All(reports, r => Assert.Equal(CheckStatus.Pass, r.Findings.Single(f => f.CheckId == "Network.NsgOutbound").Status));
            var routes = string.Join(", ", h.Requests.ByRoute.OrderBy(kv => kv.Key).Select(kv => kv.Key + " = " + kv.Value));
            _output.WriteLine($"page size {pageSize}: {h.Requests.Total} requests ({routes})");
            Assert.True(h.Requests.Total - restorePointReads <= maxListingRequests, $"{h.Requests.Total} requests: {routes}");
        }

        [Fact]
        public async Task Vms_whose_listing_lacks_the_agent_view_are_read_one_by_one()
        {
            await using var h = await EmulatorHarness.StartAsync(Fleet(12), new EmulatorOptions { StatusOnlyCarriesFullInstanceView = false });
            var scope = InventoryScope.Subscription(ArmShapes.Subscription);
            var inventory = await FleetInventory.LoadAsync(h.Connection, scope);
            Assert.Equal(12, h.Requests.Count("GET", "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Compute/virtualMachines/{}/instanceView"));
            Assert.All(ReadinessEvaluator.Evaluate(inventory, scope), r => Assert.Equal(CheckStatus.Pass, r.Findings.Single(f => f.CheckId == "VmAgent.Status").Status));
        }

        [Fact]
        public async Task A_denied_resource_group_leaves_the_others_answered()
        {
            var options = new EmulatorOptions { StatusOnlyCarriesFullInstanceView = false };
            options.DenyScopes.Add($"/subscriptions/{ArmShapes.Subscription}/resourceGroups/rg-1");
            await using var h = await EmulatorHarness.StartAsync(Fleet(12), options);
            var scope = InventoryScope.Subscription(ArmShapes.Subscription);
            var inventory = await FleetInventory.LoadAsync(h.Connection, scope);
            var reports = ReadinessEvaluator.Evaluate(inventory, scope);

            Assert.Equal(3, inventory.Failures.Count);
            Assert.All(inventory.Failures, f => { Assert.Equal(403, f.Error.Status); Assert.Contains("/resourceGroups/rg-1/", f.VmId); });
            Assert.Equal(12, reports.Count);
            Assert.All(reports.Where(r => r.ResourceGroup == "rg-1"), r => Assert.Equal(CheckStatus.Unknown, r.Findings.Single(f => f.CheckId == "VmAgent.Status").Status));
            Assert.All(reports.Where(r => r.ResourceGroup != "rg-1"), r => Assert.Equal(CheckStatus.Pass, r.Findings.Single(f => f.CheckId == "VmAgent.Status").Status));
        }

        [Fact]
        public async Task Server_errors_and_dropped_connections_are_ridden_out()
        {
            var options = new EmulatorOptions { PageSize = 10 };
            options.Faults.Add(new FaultRule { PathContains = "/", Kind = FaultKind.ServerError, Rate = 0.15 });
            options.Faults.Add(new FaultRule { PathContains = "/", Kind = FaultKind.DropConnection, Rate = 0.1 });
            await using var h = await EmulatorHarness.StartAsync(Fleet(60), options, o => o.MaxRetries = 6);
            var scope = InventoryScope.Subscription(ArmShapes.Subscription);
            var inventory = await FleetInventory.LoadAsync(h.Connection, scope);
            Assert.Empty(inventory.Failures);
            Assert.Empty(inventory.Gaps);
            Assert.Equal(60, ReadinessEvaluator.Evaluate(inventory, scope).Count);
            Assert.True(h.Requests.Total > 15, "faults were injected and retried");
        }

        [Fact]
        public async Task A_malformed_vault_listing_becomes_a_gap_and_protection_unknown()
        {
            var options = new EmulatorOptions();
            options.Faults.Add(new FaultRule { PathContains = "/backupProtectedItems", Kind = FaultKind.MalformedBody, Times = 1 });
            await using var h = await EmulatorHarness.StartAsync(Fleet(5), options);
            var scope = InventoryScope.Subscription(ArmShapes.Subscription);
            var inventory = await FleetInventory.LoadAsync(h.Connection, scope);
            var reports = ReadinessEvaluator.Evaluate(inventory, scope);
            Assert.Single(inventory.Gaps);
            Assert.Equal(5, reports.Count);
            Assert.All(reports, r => Assert.Equal(CheckStatus.Unknown, r.Findings.Single(f => f.CheckId == "Protection.Status").Status));
            Assert.All(reports, r => Assert.Equal(CheckStatus.Pass, r.Findings.Single(f => f.CheckId == "VmAgent.Status").Status));
        }

        [Fact]
        public async Task Sparse_and_odd_payloads_still_get_an_answer()
        {
            var world = new World();
            // A VM with nulls where ARM may leave them out: no instance view, no OS profile, no storage profile.
            world.Add(new JsonObject
            {
                ["id"] = ArmShapes.VmId("rg-odd", "bare"),
                ["name"] = "bare",
                ["type"] = "Microsoft.Compute/virtualMachines",
                ["location"] = "japaneast",
                ["properties"] = new JsonObject { ["provisioningState"] = "Succeeded", ["storageProfile"] = null, ["unexpected"] = new JsonObject { ["x"] = 1 } },
                ["extraTopLevel"] = "ignored",
            });
            await using var h = await EmulatorHarness.StartAsync(world);
            var scope = InventoryScope.Subscription(ArmShapes.Subscription);
            var inventory = await FleetInventory.LoadAsync(h.Connection, scope);
            var report = Assert.Single(ReadinessEvaluator.Evaluate(inventory, scope));
            Assert.Equal(CheckStatus.Unknown, report.Findings.Single(f => f.CheckId == "VmAgent.Status").Status);
            Assert.Equal(CheckStatus.Unknown, report.Findings.Single(f => f.CheckId == "Vm.Extensions").Status);
            Assert.Equal(CheckStatus.Warning, report.Findings.Single(f => f.CheckId == "Protection.Status").Status);
        }

        [Fact]
        public async Task One_vm_reads_only_what_it_needs()
        {
            await using var h = await EmulatorHarness.StartAsync(Fleet(50));
            var scope = InventoryScope.Vm(ArmShapes.Subscription, "rg-2", "vm0002");
            var inventory = await FleetInventory.LoadAsync(h.Connection, scope);
            Assert.Single(inventory.Vms);
            Assert.Equal(1, h.Requests.Count("GET", "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Compute/virtualMachines/{}"));
            Assert.Equal(0, h.Requests.Count("GET", "/subscriptions/{}/providers/Microsoft.Compute/virtualMachines"));
        }

        [Fact]
        public async Task A_missing_vm_is_a_clear_404_failure()
        {
            await using var h = await EmulatorHarness.StartAsync(Fleet(3));
            var scope = InventoryScope.FromVmId(ArmShapes.VmId("rg-0", "nope"));
            var inventory = await FleetInventory.LoadAsync(h.Connection, scope);
            var failure = Assert.Single(inventory.Failures);
            Assert.Equal(404, failure.Error.Status);
            Assert.Equal(ArmShapes.VmId("rg-0", "nope"), failure.VmId);
            Assert.Empty(ReadinessEvaluator.Evaluate(inventory, scope));
        }

        [Fact]
        public void Scopes_reject_ids_that_are_not_vms()
        {
            Assert.Throws<ArgumentException>(() => InventoryScope.FromVmId("/subscriptions/x/resourceGroups/g/providers/Microsoft.Network/networkInterfaces/n"));
            Assert.Throws<ArgumentException>(() => new CheckSelection(new[] { "No.Such.Check" }));
        }
    }
}
