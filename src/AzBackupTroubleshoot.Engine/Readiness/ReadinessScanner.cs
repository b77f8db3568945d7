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
        // One for every scan of this scanner: they share what Resource Graph said of the caller's quota.
        private readonly ResourceGraphClient _graph;

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
            _graph = new ResourceGraphClient(connection);
        }

        /// <summary>The whole scope in one result: the batches of <see cref="ScanInBatchesAsync"/> put together.</summary>
        public async Task<ReadinessScanResult> ScanAsync(InventoryScope scope, CancellationToken cancellationToken = default)
        {
            var reports = new List<VmReadinessReport>();
            var failures = new List<VmReadFailure>();
            IReadOnlyList<string> gaps = Array.Empty<string>();
            await ScanInBatchesAsync(scope, batch =>
            {
                reports.AddRange(batch.Reports);
                failures.AddRange(batch.Failures);
                if (batch.Gaps.Count > 0) gaps = batch.Gaps;
            }, cancellationToken).ConfigureAwait(false);
            return new ReadinessScanResult(scope, reports, failures, gaps);
        }

        /// <summary>
        /// Streams a scan: once the shared listings are read, one batch per page of the VM listing (its reports and
        /// the failures of its VMs) as soon as that page is judged, then a closing batch with the reports of
        /// protected items whose VM is gone, the scope's failures and every gap. <paramref name="onBatch"/> runs on
        /// the scan's thread, one batch at a time; the next page is read after it returns.
        /// </summary>
        public async Task ScanInBatchesAsync(InventoryScope scope, Action<ReadinessScanResult> onBatch, CancellationToken cancellationToken = default)
        {
            if (onBatch == null) throw new ArgumentNullException(nameof(onBatch));
            var closing = await FleetInventory.LoadInPagesAsync(_connection, scope, _options, async page =>
            {
                IReadOnlyList<VmReadinessReport> reports = ReadinessEvaluator.EvaluateVms(page, _selection);
                if (_guest != null) reports = await _guest.AddAsync(reports, page, _selection, cancellationToken).ConfigureAwait(false);
                onBatch(new ReadinessScanResult(scope, reports, page.Failures, Array.Empty<string>()));
            }, releaseJudged: true, cancellationToken).ConfigureAwait(false);
            var orphans = ReadinessEvaluator.EvaluateOrphans(closing, scope, closing.ListedVmIds, _selection);
            onBatch(new ReadinessScanResult(scope, orphans, closing.Failures, closing.Gaps));
        }

        /// <summary>
        /// Streams a scan of many subscriptions through Azure Resource Graph (<see cref="GraphInventory"/>): a batch per
        /// page of a subscription's VMs as soon as it is judged, then the subscription's closing batch (orphaned protected
        /// items, its failures, its gaps). A subscription that cannot be read closes with its failure; the others are
        /// answered. <paramref name="onBatch"/> runs on the scan's thread, one batch at a time.
        /// </summary>
        public async Task ScanGraphAsync(ResourceGraphScope scope, Action<ReadinessScanResult> onBatch, CancellationToken cancellationToken = default)
        {
            if (scope == null) throw new ArgumentNullException(nameof(scope));
            if (onBatch == null) throw new ArgumentNullException(nameof(onBatch));
            await GraphInventory.LoadAsync(_connection, _graph, scope, _options, async page =>
            {
                var subscription = InventoryScope.Subscription(page.SubscriptionId);
                if (page.IsClosing)
                {
                    var orphans = ReadinessEvaluator.EvaluateOrphans(page.Inventory, subscription, page.Inventory.ListedVmIds, _selection);
                    onBatch(new ReadinessScanResult(subscription, orphans, page.Inventory.Failures, page.Inventory.Gaps));
                    return;
                }

                IReadOnlyList<VmReadinessReport> reports = ReadinessEvaluator.EvaluateVms(page.Inventory, _selection);
                if (_guest != null) reports = await _guest.AddAsync(reports, page.Inventory, _selection, cancellationToken).ConfigureAwait(false);
                onBatch(new ReadinessScanResult(subscription, reports, page.Inventory.Failures, Array.Empty<string>()));
            }, cancellationToken).ConfigureAwait(false);
        }
    }
}
