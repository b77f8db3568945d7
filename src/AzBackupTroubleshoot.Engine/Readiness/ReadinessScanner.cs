using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AzBackupTroubleshoot.Arm;
using AzBackupTroubleshoot.Checks;
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
        private readonly InGuestScan? _guest;

        /// <summary>With <paramref name="guest"/> the in-guest checks run too (Run Command); without it, naming a guest check in the selection is refused.</summary>
        public ReadinessScanner(ArmConnection connection, CheckSelection? selection = null, int failedJobDays = 7, GuestScanOptions? guest = null)
        {
            _connection = connection;
            _selection = selection ?? CheckSelection.All;
            // A guest check asked for by name must run or be refused, never silently dropped.
            var guestNamed = _selection.NamedIds.Where(id => CheckCatalog.TryGet(id, out var c) && c.Source == CheckSource.Guest).ToArray();
            if (guest == null && guestNamed.Length > 0)
                throw new ArgumentException($"The in-guest checks {string.Join(", ", guestNamed)} run only with the in-guest scan (-InGuest).", nameof(selection));
            _guest = guest == null ? null : new InGuestScan(guest);
            _options = new InventoryOptions { FailedJobDays = failedJobDays, SharedListings = new SharedListingCache() };
        }

        public async Task<ReadinessScanResult> ScanAsync(InventoryScope scope, CancellationToken cancellationToken = default)
        {
            var inventory = await FleetInventory.LoadAsync(_connection, scope, _options, cancellationToken).ConfigureAwait(false);
            var reports = ReadinessEvaluator.Evaluate(inventory, scope, _selection);
            if (_guest != null) reports = await _guest.AddAsync(reports, inventory, _selection, cancellationToken).ConfigureAwait(false);
            return new ReadinessScanResult(scope, reports, inventory.Failures, inventory.Gaps);
        }
    }
}
