using System;
using System.Linq;
using System.Threading.Tasks;
using AzBackupTroubleshoot.Arm;
using AzBackupTroubleshoot.ArmEmulator;
using AzBackupTroubleshoot.Inventory;
using AzBackupTroubleshoot.Readiness;

namespace AzBackupTroubleshoot.Engine.Tests.Support
{
    /// <summary>One scan of a world through a fresh emulator: the inventory, its reports and the requests it cost.</summary>
    internal sealed class ScanOutcome
    {
        public ScanOutcome(FleetInventory inventory, VmReadinessReport[] reports, RequestLog requests)
        {
            Inventory = inventory;
            Reports = reports;
            Requests = requests;
        }

        public FleetInventory Inventory { get; }
        public VmReadinessReport[] Reports { get; }
        public RequestLog Requests { get; }

        public VmReadinessReport Report(string vmName) => Reports.Single(r => r.Name.Equals(vmName, StringComparison.OrdinalIgnoreCase));

        public Finding Finding(string vmName, string checkId) => Report(vmName).Findings.Single(f => f.CheckId == checkId);
    }

    internal static class Scans
    {
        public static InventoryScope Subscription => InventoryScope.Subscription(ArmShapes.Subscription);

        public static InventoryScope Group(string group) => InventoryScope.Group(ArmShapes.Subscription, group);

        public static async Task<ScanOutcome> RunAsync(World world, InventoryScope scope, EmulatorOptions? emulator = null, InventoryOptions? inventory = null, Action<ArmConnectionOptions>? connection = null)
        {
            await using var h = await EmulatorHarness.StartAsync(world, emulator, connection ?? (o => o.MaxRetries = 1));
            var loaded = await FleetInventory.LoadAsync(h.Connection, scope, inventory);
            return new ScanOutcome(loaded, ReadinessEvaluator.Evaluate(loaded, scope).ToArray(), h.Requests);
        }
    }
}
