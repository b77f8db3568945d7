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
