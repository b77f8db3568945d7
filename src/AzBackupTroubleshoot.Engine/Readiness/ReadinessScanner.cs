using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AzBackupTroubleshoot.Arm;
using AzBackupTroubleshoot.Inventory;

namespace AzBackupTroubleshoot.Readiness
{
    /// <summary>What one scan found: a report per VM, the VMs (or scopes) that could not be read, and the parts left unknown.</summary>
    public sealed class ReadinessScanResult
    {
        public ReadinessScanResult(InventoryScope scope, IReadOnlyList<VmReadinessReport> reports, IReadOnlyList<VmReadFailure> failures, IReadOnlyList<string> gaps)
        {
            Scope = scope;
            Reports = reports;
            Failures = failures;
            Gaps = gaps;
        }

        public InventoryScope Scope { get; }
        public IReadOnlyList<VmReadinessReport> Reports { get; }
        public IReadOnlyList<VmReadFailure> Failures { get; }
        public IReadOnlyList<string> Gaps { get; }
    }

    /// <summary>
    /// Reads and judges scopes over one connection. Scans made through one scanner share the
    /// subscription-wide listings, so a hundred VMs piped one by one cost one read of the vaults.
    /// Safe to call from several threads.
    /// </summary>
    public sealed class ReadinessScanner
    {
        private readonly ArmConnection _connection;
        private readonly CheckSelection _selection;
        private readonly InventoryOptions _options;

        public ReadinessScanner(ArmConnection connection, CheckSelection? selection = null, int failedJobDays = 7)
        {
            _connection = connection;
            _selection = selection ?? CheckSelection.All;
            _options = new InventoryOptions { FailedJobDays = failedJobDays, SharedListings = new SharedListingCache() };
        }

        public async Task<ReadinessScanResult> ScanAsync(InventoryScope scope, CancellationToken cancellationToken = default)
        {
            var inventory = await FleetInventory.LoadAsync(_connection, scope, _options, cancellationToken).ConfigureAwait(false);
            return new ReadinessScanResult(scope, ReadinessEvaluator.Evaluate(inventory, scope, _selection), inventory.Failures, inventory.Gaps);
        }
    }
}
