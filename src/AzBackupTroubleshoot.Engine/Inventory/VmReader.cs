using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AzBackupTroubleshoot.Arm;
using static AzBackupTroubleshoot.Inventory.ArmJson;

namespace AzBackupTroubleshoot.Inventory
{
    /// <summary>
    /// Reads the VMs of a scope the way real ARM allows:
    /// one VM: GET with $expand=instanceView (VirtualMachines_Get takes instanceView|userData);
    /// a group: the group's plain listing for the model (ARM refuses $expand=instanceView there without a
    /// scale-set $filter), run-time status from the subscription's statusOnly=true listing or per VM;
    /// a subscription: the plain listing for the model joined by id with the statusOnly=true listing, which
    /// carries run-time status only (no profiles, no tags).
    /// Whatever a listing lacks for a VM is read for that VM alone, and its failure is that VM's.
    /// </summary>
    internal sealed class VmReader
    {
        private readonly ArmConnection _connection;
        private readonly InventoryOptions _options;
        private readonly ConcurrentQueue<VmReadFailure> _failures = new ConcurrentQueue<VmReadFailure>();
        private readonly List<InventoryGap> _gaps = new List<InventoryGap>();
        private bool _statusGapNamed;
        private Task _statusRead = Task.CompletedTask;

        public VmReader(ArmConnection connection, InventoryOptions options)
        {
            _connection = connection;
            _options = options;
        }

        private static string Api => FleetInventory.ComputeApiVersion;

        /// <summary>Listings whose failure leaves VMs partly unknown (the statusOnly listing), known from the first page on.</summary>
        public IReadOnlyList<InventoryGap> Gaps => _gaps;

        /// <summary>VMs that could not be read outside a page: the one VM asked for, or the listing of the scope (its message names the page).</summary>
        public IReadOnlyList<VmReadFailure> Failures => _failures.ToArray();

        /// <summary>
        /// Reads the scope's VMs page by page of the listing and hands each page, complete with run-time status
        /// and the failures of its per-VM reads, to <paramref name="onPage"/> before the next page is asked for.
        /// </summary>
        public async Task ReadInPagesAsync(InventoryScope scope, Func<IReadOnlyList<VmState>, IReadOnlyList<VmReadFailure>, Task> onPage, CancellationToken cancellationToken)
        {
            if (scope.VmName != null)
            {
                VmState? single = null;
                try
                {
                    single = VmJson.From(await _connection.Rest.GetAsync(scope.VmId, Api, cancellationToken, "$expand=instanceView").ConfigureAwait(false), (InstanceViewState?)null);
                }
                catch (ArmRequestException ex)
                {
                    _failures.Enqueue(new VmReadFailure(scope.VmId, ex));
                }

                if (single != null) await onPage(new[] { single }, Array.Empty<VmReadFailure>()).ConfigureAwait(false);
                return;
            }

            var subscription = "/subscriptions/" + scope.SubscriptionId;
            var modelPath = scope.ResourceGroup != null
                ? subscription + "/resourceGroups/" + scope.ResourceGroup + "/providers/Microsoft.Compute/virtualMachines"
                : subscription + "/providers/Microsoft.Compute/virtualMachines";
            var useStatusListing = scope.ResourceGroup == null || _options.GroupStatusSource == GroupStatusSource.SubscriptionStatusListing;
            var status = useStatusListing ? OpenStatusListing(scope.SubscriptionId, cancellationToken) : StatusListing.None();
            try
            {
                await foreach (var page in _connection.Rest.ListPagesAsync(modelPath, Api, ModelOf, cancellationToken).ConfigureAwait(false))
                {
                    var models = page.Where(vm => vm != null).Select(vm => vm!).ToArray();
                    var failures = await JoinAsync(models, status, takeEntries: scope.ResourceGroup == null, cancellationToken).ConfigureAwait(false);
                    if (status.Failure != null && !status.Failure.IsForbidden && !_statusGapNamed)
                    {
                        _statusGapNamed = true;
                        _gaps.Add(new InventoryGap(InventoryGap.VmStatus, subscription, "VM run-time status (statusOnly=true listing): " + status.Failure.Message));
                    }

                    await onPage(models, failures).ConfigureAwait(false);
                }
            }
            catch (ArmRequestException ex)
            {
                // The VMs of the pages read have been judged; the scope's error covers the rest (the message names the page).
                _failures.Enqueue(new VmReadFailure(scope.Id, ex));
            }

            // Nothing left running behind the caller: the status listing this reader started ends with the scan.
            await _statusRead.ConfigureAwait(false);
        }

        /// <summary>A VM of the plain listing (the model, no instance view), or null for an entry that is no VM.</summary>
        private static VmState? ModelOf(JsonElement e) =>
            e.ValueKind == JsonValueKind.Object && Str(e, "id") != null ? VmJson.From(e, (InstanceViewState?)null) : null;

        /// <summary>
        /// Waits until the status listing holds these VMs' entries (or has ended), then sets each VM's run-time status
        /// from it; reads per VM only what neither listing carried. The models may come from any listing (ARM's, Resource Graph's).
        /// A scan of the whole subscription takes the entries it joins (<paramref name="takeEntries"/>), so the listing holds
        /// only the VMs still to come; a group's scan leaves them for the other groups.
        /// </summary>
        internal async Task<IReadOnlyList<VmReadFailure>> JoinAsync(IReadOnlyList<VmState> vms, StatusListing status, bool takeEntries, CancellationToken cancellationToken)
        {
            await status.WaitForAsync(vms.Select(vm => vm.Id).ToArray(), cancellationToken).ConfigureAwait(false);
            var failures = new ConcurrentQueue<VmReadFailure>();
            var detail = new List<Task>();
            foreach (var vm in vms)
            {
                var listed = status.TryGet(vm.Id, takeEntries, out var entry);
                if (listed && entry.IsUsable)
                {
                    VmJson.ApplyInstanceView(vm, entry);
                    continue;
                }

                // A status listing that broke off (throttled, failed) is not made up by a second scan one VM at a
                // time: the VMs it did not reach say which listing they lack. Only a denied listing (a group-only
                // reader) is worth reading per VM.
                if (status.Failure != null && !status.Failure.IsForbidden)
                {
                    vm.InstanceViewGap = "the statusOnly=true listing: " + status.Failure.Message;
                    continue;
                }

                // Neither listing carried this VM's agent view: read its instance view on its own. Until then (and if
                // that fails) the status listing's power and provisioning statuses stand.
                if (listed) VmJson.ApplyInstanceView(vm, entry);
                detail.Add(ReadInstanceViewAsync(vm, failures, cancellationToken));
            }

            await Task.WhenAll(detail).ConfigureAwait(false);
            return failures.ToArray();
        }

        /// <summary>The read of the status listing this reader started (done at once when it started none, or shares another's); never throws.</summary>
        internal Task StatusRead => _statusRead;

        /// <summary>The subscription's status listing as it fills: started here, or the one shared through <see cref="InventoryOptions.SharedListings"/>.</summary>
        internal StatusListing OpenStatusListing(string subscriptionId, CancellationToken cancellationToken) =>
            _options.SharedListings != null
                ? _options.SharedListings.GetOrAddStatus(subscriptionId, () => StartStatusListing(subscriptionId, cancellationToken))
                : StartStatusListing(subscriptionId, cancellationToken);

        private StatusListing StartStatusListing(string subscriptionId, CancellationToken cancellationToken)
        {
            var listing = new StatusListing();
            _statusRead = ReadStatusListingAsync(listing, subscriptionId, cancellationToken);
            return listing;
        }

        /// <summary>Reads the statusOnly=true listing into <paramref name="listing"/> page by page; never throws (how it ended is the listing's).</summary>
        private async Task ReadStatusListingAsync(StatusListing listing, string subscriptionId, CancellationToken cancellationToken)
        {
            // Most VMs report the same statuses: kept once while their entries wait to be joined.
            var shared = new SharedValues();
            try
            {
                await foreach (var page in _connection.Rest.ListPagesAsync($"/subscriptions/{subscriptionId}/providers/Microsoft.Compute/virtualMachines", Api,
                                   e => Str(e, "id") is string id ? new KeyValuePair<string, InstanceViewState>(id, VmJson.ReadListedStatus(e, shared)) : default,
                                   cancellationToken, "statusOnly=true").ConfigureAwait(false))
                {
                    listing.AddPage(page.Where(entry => entry.Key != null));
                }

                listing.End(null, false);
            }
            catch (ArmRequestException ex)
            {
                // What the pages before the failure carried still counts.
                listing.End(ex, false);
            }
            catch (OperationCanceledException)
            {
                listing.End(null, true);
            }
            catch (Exception ex)
            {
                listing.End(new ArmRequestException(0, ex.GetType().Name, "The statusOnly=true listing failed: " + ex.Message, "/subscriptions/" + subscriptionId, null, ex), false);
            }
        }

        private async Task ReadInstanceViewAsync(VmState state, ConcurrentQueue<VmReadFailure> failures, CancellationToken cancellationToken)
        {
            try
            {
                var view = await _connection.Rest.GetAsync(state.Id + "/instanceView", Api, cancellationToken).ConfigureAwait(false);
                VmJson.ApplyInstanceView(state, view);
            }
            catch (ArmRequestException ex)
            {
                state.InstanceViewGap = ex.Message;
                failures.Enqueue(new VmReadFailure(state.Id, ex));
            }
        }
    }
}
