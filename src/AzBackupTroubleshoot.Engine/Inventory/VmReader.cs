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
                    single = VmJson.From(await _connection.Rest.GetAsync(scope.VmId, Api, cancellationToken, "$expand=instanceView").ConfigureAwait(false), default);
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
            var statusTask = useStatusListing ? StatusListingAsync(scope.SubscriptionId, cancellationToken) : Task.FromResult(new StatusListing(new Dictionary<string, JsonElement>(), null));
            StatusListing? status = null;
            try
            {
                await foreach (var page in _connection.Rest.ListPagesAsync(modelPath, Api, cancellationToken).ConfigureAwait(false))
                {
                    if (status == null)
                    {
                        status = await statusTask.ConfigureAwait(false);
                        if (status.Failure != null && !status.Failure.IsForbidden)
                        {
                            _gaps.Add(new InventoryGap(InventoryGap.VmStatus, subscription, "VM run-time status (statusOnly=true listing): " + status.Failure.Message));
                        }
                    }

                    var models = page.Where(e => e.ValueKind == JsonValueKind.Object && Str(e, "id") != null).ToArray();
                    var (states, failures) = await JoinAsync(models, status, cancellationToken).ConfigureAwait(false);
                    await onPage(states, failures).ConfigureAwait(false);
                }
            }
            catch (ArmRequestException ex)
            {
                // The VMs of the pages read have been judged; the scope's error covers the rest (the message names the page).
                _failures.Enqueue(new VmReadFailure(scope.Id, ex));
            }

            if (status == null) await statusTask.ConfigureAwait(false);
        }

        internal async Task<(IReadOnlyList<VmState>, IReadOnlyList<VmReadFailure>)> JoinAsync(IReadOnlyList<JsonElement> models, StatusListing status, CancellationToken cancellationToken)
        {
            var failures = new ConcurrentQueue<VmReadFailure>();
            var states = new VmState[models.Count];
            var detail = new List<Task>();
            for (var i = 0; i < models.Count; i++)
            {
                var model = models[i];
                if (status.ById.TryGetValue(Str(model, "id")!, out var entry) && VmJson.HasUsableStatus(entry))
                {
                    states[i] = VmJson.From(model, Obj(Obj(entry, "properties"), "instanceView"));
                    continue;
                }

                // A status listing that broke off (throttled, failed) is not made up by a second scan one VM at a
                // time: the VMs it did not reach say which listing they lack. Only a denied listing (a group-only
                // reader) is worth reading per VM.
                if (status.Failure != null && !status.Failure.IsForbidden)
                {
                    states[i] = VmJson.From(model, default);
                    states[i].InstanceViewGap = "the statusOnly=true listing: " + status.Failure.Message;
                    continue;
                }

                // Neither listing carried this VM's agent view: read its instance view on its own. Until then (and if
                // that fails) the status listing's power and provisioning statuses stand.
                states[i] = VmJson.From(model, status.ById.TryGetValue(Str(model, "id")!, out var partial) ? Obj(Obj(partial, "properties"), "instanceView") : default);
                detail.Add(ReadInstanceViewAsync(states[i], failures, cancellationToken));
            }

            await Task.WhenAll(detail).ConfigureAwait(false);
            return (states, failures.ToArray());
        }

        internal Task<StatusListing> StatusListingAsync(string subscriptionId, CancellationToken cancellationToken) =>
            _options.SharedListings != null
                ? _options.SharedListings.GetOrAddStatus(subscriptionId, () => ReadStatusListingAsync(subscriptionId, cancellationToken))
                : ReadStatusListingAsync(subscriptionId, cancellationToken);

        private async Task<StatusListing> ReadStatusListingAsync(string subscriptionId, CancellationToken cancellationToken)
        {
            var byId = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
            try
            {
                await foreach (var e in _connection.Rest.ListAsync($"/subscriptions/{subscriptionId}/providers/Microsoft.Compute/virtualMachines", Api, cancellationToken, "statusOnly=true")
                                   .ConfigureAwait(false))
                {
                    if (Str(e, "id") is string id) byId[id] = e;
                }

                return new StatusListing(byId, null);
            }
            catch (ArmRequestException ex)
            {
                // What the pages before the failure carried still counts.
                return new StatusListing(byId, ex);
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
