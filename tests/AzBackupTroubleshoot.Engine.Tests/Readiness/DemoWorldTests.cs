using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AzBackupTroubleshoot.ArmEmulator;
using AzBackupTroubleshoot.Engine.Tests.Support;
using AzBackupTroubleshoot.Inventory;
using AzBackupTroubleshoot.Readiness;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Readiness
{
    /// <summary>The sample estate the README's demo serves still shows the failures it promises.</summary>
    public class DemoWorldTests
    {
        private readonly Xunit.Abstractions.ITestOutputHelper _output;

        public DemoWorldTests(Xunit.Abstractions.ITestOutputHelper output) => _output = output;

        public static string DemoWorld
        {
            get
            {
                for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "AzBackupTroubleshoot.sln"))) return Path.Combine(dir.FullName, "demo", "world");
                }

                throw new DirectoryNotFoundException("The repository root (AzBackupTroubleshoot.sln) was not found above " + AppContext.BaseDirectory);
            }
        }

        [Fact]
        public async Task Every_demo_vm_shows_its_failure()
        {
            var world = World.Load(DemoWorld);
            await using var h = await EmulatorHarness.StartAsync(world);
            var scope = InventoryScope.Subscription(ArmShapes.Subscription);
            var inventory = await FleetInventory.LoadAsync(h.Connection, scope);
            Assert.Empty(inventory.Gaps);
            Assert.Empty(inventory.Failures);
            Assert.Empty(inventory.Network.Unreadable);
            var reports = ReadinessEvaluator.Evaluate(inventory, scope).ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);

            var expected = new Dictionary<string, (string Check, CheckStatus Status, string? Remedy)>
            {
                ["web02"] = ("VmAgent.Status", CheckStatus.Fail, "UserErrorGuestAgentStatusUnavailable"),
                ["app01"] = ("Network.NsgOutbound", CheckStatus.Fail, "ExtensionSnapshotFailedNoNetwork"),
                ["app02"] = ("BackupExtension.State", CheckStatus.Fail, "ExtensionOperationFailedForManagedDisks"),
                ["db01"] = ("Protection.FailedJobs", CheckStatus.Fail, "ExtensionSnapshotFailedCOM"),
                ["db02"] = ("Protection.JobInProgress", CheckStatus.Warning, "UserErrorBackupOperationInProgress"),
                ["file01"] = ("RestorePoints.Collections", CheckStatus.Fail, "UserErrorRpCollectionLimitReached"),
                ["lnx01"] = ("VmAgent.Version", CheckStatus.Fail, "UserErrorGuestAgentVersionUnsupported"),
                ["lnx02"] = ("BackupExtension.State", CheckStatus.Fail, "ExtensionStuckInDeletionState"),
                ["big01"] = ("Support.DiskCount", CheckStatus.Fail, "UserErrorBCMUnsupportedDiskCount"),
                ["tl01"] = ("Support.TrustedLaunchPolicy", CheckStatus.Warning, null),
                ["west01"] = ("RestorePoints.Locks", CheckStatus.Fail, "UserErrorRpCollectionLimitReached"),
                ["retired01"] = ("Vm.Exists", CheckStatus.Fail, "BCMV2VMNotFound"),
            };
            foreach (var (vm, (check, status, remedy)) in expected)
            {
                var finding = reports[vm].Findings.Single(f => f.CheckId == check);
                Assert.True(status == finding.Status && remedy == finding.RemedyCode, $"{vm} {check}: {finding.Status} {finding.RemedyCode}");
            }

            Assert.Equal(CheckStatus.Pass, reports["web01"].Status);
            Assert.Equal(CheckStatus.Pass, reports["web02"].Findings.Single(f => f.CheckId == "Network.ForcedTunneling").Status);
            Assert.NotEqual(CheckStatus.Fail, reports["stopped01"].Status);
        }

        [Fact]
        public async Task A_one_vm_scan_of_a_deleted_but_protected_vm_reports_it_as_a_group_scan_does()
        {
            await using var h = await EmulatorHarness.StartAsync(World.Load(DemoWorld));
            var result = await new ReadinessScanner(h.Connection).ScanAsync(InventoryScope.Vm(ArmShapes.Subscription, "rg-demo", "retired01"));
            Assert.Empty(result.Failures);
            var finding = Assert.Single(Assert.Single(result.Reports).Findings);
            Assert.Equal(("Vm.Exists", CheckStatus.Fail, "BCMV2VMNotFound"), (finding.CheckId, finding.Status, finding.RemedyCode));

            // A VM that is gone and protected by nothing is still the plain 404 it was.
            var unknown = await new ReadinessScanner(h.Connection).ScanAsync(InventoryScope.Vm(ArmShapes.Subscription, "rg-demo", "never-was"));
            Assert.Equal(404, Assert.Single(unknown.Failures).Error.Status);
            Assert.Empty(unknown.Reports);
        }

        /// <summary>The request counts the closing note quotes: a group and a subscription scan of the demo estate, each way of reading a group's status.</summary>
        [Theory]
        // 13 VMs in rg-demo, 12 running. Listings: 12 requests; each VM whose status must be read alone adds one.
        [InlineData("group", GroupStatusSource.SubscriptionStatusListing, true, 14)]
        [InlineData("group", GroupStatusSource.SubscriptionStatusListing, false, 26)]
        [InlineData("group", GroupStatusSource.PerVmInstanceView, true, 26)]
        [InlineData("group", GroupStatusSource.PerVmInstanceView, false, 26)]
        [InlineData("subscription", GroupStatusSource.SubscriptionStatusListing, true, 14)]
        [InlineData("subscription", GroupStatusSource.SubscriptionStatusListing, false, 26)]
        public async Task Request_counts_of_demo_scans(string scopeKind, GroupStatusSource source, bool statusOnlyCarriesAgent, int expected)
        {
            await using var h = await EmulatorHarness.StartAsync(World.Load(DemoWorld), new EmulatorOptions { StatusOnlyCarriesFullInstanceView = statusOnlyCarriesAgent });
            var scope = scopeKind == "group" ? InventoryScope.Group(ArmShapes.Subscription, "rg-demo") : InventoryScope.Subscription(ArmShapes.Subscription);
            var inventory = await FleetInventory.LoadAsync(h.Connection, scope, new InventoryOptions { GroupStatusSource = source });
            var reports = ReadinessEvaluator.Evaluate(inventory, scope);
            Assert.Empty(inventory.Failures);
            Assert.Equal(CheckStatus.Fail, reports.Single(r => r.Name == "file01").Findings.Single(f => f.CheckId == "RestorePoints.Collections").Status);
            _output.WriteLine($"{scopeKind} scan, {source}, statusOnly with agent view: {statusOnlyCarriesAgent}: {h.Requests.Total} requests");
            foreach (var route in h.Requests.ByRoute.OrderBy(kv => kv.Key)) _output.WriteLine($"  {route.Value,3} {route.Key}");
            Assert.Equal(expected, h.Requests.Total);
        }

        [Fact]
        public void Relative_times_in_a_world_file_become_instants_at_load()
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse("{\"a\":\"@now-6h\",\"b\":[\"@now-2d\",\"@nowhere\"],\"c\":\"@now\"}")!;
            var now = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
            World.ResolveRelativeTimes(node, now);
            Assert.Equal(now.AddHours(-6), DateTimeOffset.Parse(node["a"]!.GetValue<string>()));
            Assert.Equal(now.AddDays(-2), DateTimeOffset.Parse(node["b"]![0]!.GetValue<string>()));
            Assert.Equal("@nowhere", node["b"]![1]!.GetValue<string>());
            Assert.Equal(now, DateTimeOffset.Parse(node["c"]!.GetValue<string>()));
        }
    }
}
