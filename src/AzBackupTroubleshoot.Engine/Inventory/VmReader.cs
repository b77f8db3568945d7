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

        /// <summary>Listings whose failure leaves VMs partly unknown (the statusOnly listing), once <see cref="ReadAsync"/> has returned.</summary>
        public IReadOnlyList<InventoryGap> Gaps => _gaps;

        public async Task<(IReadOnlyList<VmState>, IReadOnlyList<VmReadFailure>)> ReadAsync(InventoryScope scope, CancellationToken cancellationToken)
        {
            if (scope.VmName != null)
            {
                try
                {
                    var vm = await _connection.Rest.GetAsync(scope.VmId, Api, cancellationToken, "$expand=instanceView").ConfigureAwait(false);
                    return (new[] { VmJson.From(vm, default) }, Array.Empty<VmReadFailure>());
                }
                catch (ArmRequestException ex)
                {
                    return (Array.Empty<VmState>(), new[] { new VmReadFailure(scope.VmId, ex) });
                }
            }

            var subscription = "/subscriptions/" + scope.SubscriptionId;
            var modelPath = scope.ResourceGroup != null
                ? subscription + "/resourceGroups/" + scope.ResourceGroup + "/providers/Microsoft.Compute/virtualMachines"
                : subscription + "/providers/Microsoft.Compute/virtualMachines";
            var useStatusListing = scope.ResourceGroup == null || _options.GroupStatusSource == GroupStatusSource.SubscriptionStatusListing;
            var statusTask = useStatusListing ? StatusListingAsync(scope.SubscriptionId, cancellationToken) : Task.FromResult(new StatusListing(new Dictionary<string, JsonElement>(), null));

            var models = new List<JsonElement>();
            try
            {
                await foreach (var e in _connection.Rest.ListAsync(modelPath, Api, cancellationToken).ConfigureAwait(false))
                {
                    if (e.ValueKind == JsonValueKind.Object && Str(e, "id") != null) models.Add(e);
                }
            }
            catch (ArmRequestException ex)
            {
                // The VMs of the pages read are still judged; the scope's error covers the rest (the message names the page).
                _failures.Enqueue(new VmReadFailure(scope.Id, ex));
            }

            var status = await statusTask.ConfigureAwait(false);
            if (status.Failure != null && !status.Failure.IsForbidden)
            {
                _gaps.Add(new InventoryGap(InventoryGap.VmStatus, subscription, "VM run-time status (statusOnly=true listing): " + status.Failure.Message));
            }

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
                var index = i;
                states[index] = VmJson.From(model, status.ById.TryGetValue(Str(model, "id")!, out var partial) ? Obj(Obj(partial, "properties"), "instanceView") : default);
                detail.Add(ReadInstanceViewAsync(states[index], cancellationToken));
            }

            await Task.WhenAll(detail).ConfigureAwait(false);
            return (states, _failures.ToArray());
        }

        private Task<StatusListing> StatusListingAsync(string subscriptionId, CancellationToken cancellationToken) =>
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

        private async Task ReadInstanceViewAsync(VmState state, CancellationToken cancellationToken)
        {
            try
            {
                var view = await _connection.Rest.GetAsync(state.Id + "/instanceView", Api, cancellationToken).ConfigureAwait(false);
                VmJson.ApplyInstanceView(state, view);
            }
            catch (ArmRequestException ex)
            {
                state.InstanceViewGap = ex.Message;
                _failures.Enqueue(new VmReadFailure(state.Id, ex));
            }
        }
    }
}
