using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Core;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Azure.ResourceManager.Resources;
using AzBackupTroubleshoot.Arm;
using static AzBackupTroubleshoot.Inventory.ArmJson;

namespace AzBackupTroubleshoot.Inventory
{
    /// <summary>Where a resource-group scan reads its VMs' run-time status from.</summary>
    public enum GroupStatusSource
    {
        /// <summary>
        /// The subscription's statusOnly=true listing, kept to the group's VMs: a page per 1000 VMs of the
        /// subscription, shared by every scan through one scanner. VMs it does not cover are read one by one.
        /// </summary>
        SubscriptionStatusListing,
        /// <summary>GET .../instanceView for each VM of the group: one request per VM.</summary>
        PerVmInstanceView,
    }

    public sealed class InventoryOptions
    {
        /// <summary>How far back failed backup jobs are read.</summary>
        public int FailedJobDays { get; set; } = 7;

        /// <summary>When set, subscription-wide listings are read once and shared by every load that uses this cache.</summary>
        public SharedListingCache? SharedListings { get; set; }

        /// <summary>How a resource-group scan reads run-time status (ARM refuses $expand=instanceView on a group listing).</summary>
        public GroupStatusSource GroupStatusSource { get; set; } = GroupStatusSource.SubscriptionStatusListing;
    }

    /// <summary>
    /// Subscription-wide listings (vaults and their items, jobs and policies, locks, restore point
    /// collections, the VMs' statusOnly listing) kept for the life of one command, so VMs piped in one
    /// by one share a single read of them.
    /// </summary>
    public sealed class SharedListingCache
    {
        private readonly ConcurrentDictionary<string, Lazy<Task<SubscriptionListings>>> _bySubscription =
            new ConcurrentDictionary<string, Lazy<Task<SubscriptionListings>>>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, Lazy<StatusListing>> _statusBySubscription =
            new ConcurrentDictionary<string, Lazy<StatusListing>>(StringComparer.OrdinalIgnoreCase);

        internal Task<SubscriptionListings> GetOrAdd(string subscriptionId, Func<Task<SubscriptionListings>> read) =>
            _bySubscription.GetOrAdd(subscriptionId, _ => new Lazy<Task<SubscriptionListings>>(read)).Value;

        /// <summary>
        /// The subscription's status listing, started by <paramref name="start"/> on first use and shared after; one that a
        /// whole-subscription scan has taken entries from is spent, and the next scan starts a new one.
        /// </summary>
        internal StatusListing GetOrAddStatus(string subscriptionId, Func<StatusListing> start)
        {
            while (true)
            {
                var current = _statusBySubscription.GetOrAdd(subscriptionId, _ => new Lazy<StatusListing>(start));
                if (!current.Value.IsSpent) return current.Value;
                _statusBySubscription.TryUpdate(subscriptionId, new Lazy<StatusListing>(start), current);
            }
        }
    }

    /// <summary>
    /// The statusOnly=true listing of a subscription's VMs as it arrives: each entry's instance view by VM id, small and
    /// typed (no JSON kept), and, once the listing has ended, why it broke off. A page of the model listing waits only
    /// until its VMs' entries are in or the listing has ended, so the two listings are joined as they come.
    /// </summary>
    internal sealed class StatusListing
    {
        private readonly Dictionary<string, InstanceViewState> _byId = new Dictionary<string, InstanceViewState>(StringComparer.OrdinalIgnoreCase);
        private readonly ListingProgress _progress = new ListingProgress();
        private volatile bool _cancelled;
        private volatile bool _spent;

        /// <summary>A listing that is not read: ended at once, empty.</summary>
        public static StatusListing None()
        {
            var none = new StatusListing();
            none.End(null, false);
            return none;
        }

        /// <summary>Why the listing broke off, once it has ended (null while it is read or when it was read whole).</summary>
        public ArmRequestException? Failure { get; private set; }

        /// <summary>True once an entry has been taken: the listing no longer holds every VM it read.</summary>
        public bool IsSpent => _spent;

        /// <summary>
        /// The VM's entry; with <paramref name="take"/> it also leaves the listing (a scan of the whole subscription joins
        /// each VM once, so the listing need not hold what is joined while the rest streams).
        /// </summary>
        public bool TryGet(string vmId, bool take, out InstanceViewState view)
        {
            lock (_byId)
            {
                if (!_byId.TryGetValue(vmId, out view!)) return false;
                if (take)
                {
                    _byId.Remove(vmId);
                    _spent = true;
                }

                return true;
            }
        }

        internal void AddPage(IEnumerable<KeyValuePair<string, InstanceViewState>> entries)
        {
            lock (_byId)
            {
                foreach (var entry in entries) _byId[entry.Key] = entry.Value;
            }

            _progress.Advance();
        }

        internal void End(ArmRequestException? failure, bool cancelled)
        {
            Failure = failure;
            _cancelled = cancelled;
            _progress.End();
        }

        /// <summary>Returns when every one of these VMs has its entry or the listing has ended.</summary>
        public async Task WaitForAsync(IReadOnlyList<string> vmIds, CancellationToken cancellationToken)
        {
            var from = 0;
            await _progress.WaitUntilAsync(() =>
            {
                lock (_byId)
                {
                    while (from < vmIds.Count && _byId.ContainsKey(vmIds[from])) from++;
                }

                return from == vmIds.Count;
            }, cancellationToken).ConfigureAwait(false);
            if (_cancelled) throw new OperationCanceledException("The statusOnly=true listing was cancelled.");
        }

        /// <summary>Returns when the listing has ended, so <see cref="Failure"/> is final.</summary>
        public async Task WaitForEndAsync(CancellationToken cancellationToken)
        {
            await _progress.WaitUntilAsync(() => false, cancellationToken).ConfigureAwait(false);
            if (_cancelled) throw new OperationCanceledException("The statusOnly=true listing was cancelled.");
        }
    }

    internal sealed class SubscriptionListings
    {
        public IReadOnlyDictionary<string, IReadOnlyList<ProtectedItemState>> ProtectedItemsByVm { get; set; } = new Dictionary<string, IReadOnlyList<ProtectedItemState>>();
        /// <summary>The item that speaks for each VM: the first of <see cref="ProtectedItemsByVm"/>.</summary>
        public IReadOnlyDictionary<string, ProtectedItemState> ProtectedItems { get; set; } = new Dictionary<string, ProtectedItemState>();
        public IReadOnlyList<ProtectedItemState> AllProtectedItems { get; set; } = Array.Empty<ProtectedItemState>();
        public IReadOnlyList<BackupJobState> Jobs { get; set; } = Array.Empty<BackupJobState>();
        public IReadOnlyDictionary<string, BackupPolicyState> Policies { get; set; } = new Dictionary<string, BackupPolicyState>();
        public IReadOnlyList<LockState> Locks { get; set; } = Array.Empty<LockState>();
        public IReadOnlyList<RestorePointCollectionState> RestorePointCollections { get; set; } = Array.Empty<RestorePointCollectionState>();
        public IReadOnlyList<InventoryGap> Gaps { get; set; } = Array.Empty<InventoryGap>();
    }

    /// <summary>A VM that could not be read, and why.</summary>
    public sealed class VmReadFailure
    {
        public VmReadFailure(string vmId, ArmRequestException error)
        {
            VmId = vmId;
            Error = error;
        }

        public string VmId { get; }
        public ArmRequestException Error { get; }
    }


    /// <summary>
    /// Everything the readiness checks read, fetched with list calls: each shared resource once, and
    /// per-VM detail only for the VMs whose listing lacks it.
    /// </summary>
    public sealed class FleetInventory
    {
        public const string BackupApiVersion = "2026-02-01";
        public const string VaultApiVersion = "2026-08-01";
        public const string LockApiVersion = "2020-05-01";
        /// <summary>VirtualMachine_Get.json, VirtualMachine_Get_InstanceView.json and the listings use 2026-04-01.</summary>
        public const string ComputeApiVersion = "2026-04-01";

        internal FleetInventory()
        {
        }

        public IReadOnlyList<VmState> Vms { get; internal set; } = Array.Empty<VmState>();
        public IReadOnlyList<VmReadFailure> Failures { get; internal set; } = Array.Empty<VmReadFailure>();
        /// <summary>The protected item that speaks for each VM (by source VM id, case-insensitive): the live one when several vaults hold one.</summary>
        public IReadOnlyDictionary<string, ProtectedItemState> ProtectedItems { get; internal set; } = new Dictionary<string, ProtectedItemState>();
        /// <summary>Every protected item of each VM, the one in <see cref="ProtectedItems"/> first.</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<ProtectedItemState>> ProtectedItemsByVm { get; internal set; } = new Dictionary<string, IReadOnlyList<ProtectedItemState>>();
        /// <summary>Every protected item read, classic ones included.</summary>
        public IReadOnlyList<ProtectedItemState> AllProtectedItems { get; internal set; } = Array.Empty<ProtectedItemState>();
        public IReadOnlyList<BackupJobState> Jobs { get; internal set; } = Array.Empty<BackupJobState>();
        /// <summary>Backup policies by id (case-insensitive).</summary>
        public IReadOnlyDictionary<string, BackupPolicyState> BackupPolicies { get; internal set; } = new Dictionary<string, BackupPolicyState>();
        public IReadOnlyList<LockState> Locks { get; internal set; } = Array.Empty<LockState>();
        /// <summary>Restore point collections; those Azure Backup owns for VMs in scope carry their restore point count.</summary>
        public IReadOnlyList<RestorePointCollectionState> RestorePointCollections { get; internal set; } = Array.Empty<RestorePointCollectionState>();
        /// <summary>NICs, subnets, NSGs and route tables the VMs reference.</summary>
        public NetworkView Network { get; internal set; } = new NetworkView();
        /// <summary>Parts that could not be read (a vault denied, say): the checks that need them answer Unknown.</summary>
        public IReadOnlyList<string> Gaps { get; internal set; } = Array.Empty<string>();
        /// <summary>The same gaps with the listing and the vault or subscription each belongs to.</summary>
        public IReadOnlyList<InventoryGap> GapDetails { get; internal set; } = Array.Empty<InventoryGap>();
        /// <summary>VMs the scan was asked about that ARM says do not exist, though a vault still protects them.</summary>
        public IReadOnlyList<string> MissingVmIds { get; internal set; } = Array.Empty<string>();
        public DateTimeOffset ReadAt { get; internal set; }

        /// <summary>
        /// When the inventory closes a scan read in pages: the VMs the listing gave that a protected item names, by id
        /// (case-insensitive); all the orphan check asks about.
        /// </summary>
        internal IReadOnlyCollection<string> ListedVmIds { get; set; } = Array.Empty<string>();

        /// <summary>Everything at once: the pages of <see cref="LoadInPagesAsync(ArmConnection, InventoryScope, InventoryOptions?, Func{FleetInventory, Task}, CancellationToken)"/> put together.</summary>
        public static async Task<FleetInventory> LoadAsync(ArmConnection connection, InventoryScope scope, InventoryOptions? options = null, CancellationToken cancellationToken = default)
        {
            var vms = new List<VmState>();
            var failures = new List<VmReadFailure>();
            var counted = new Dictionary<string, RestorePointCollectionState>(StringComparer.OrdinalIgnoreCase);
            var closing = await LoadInPagesAsync(connection, scope, options, page =>
            {
                vms.AddRange(page.Vms);
                failures.AddRange(page.Failures);
                foreach (var c in page.RestorePointCollections) counted[c.Id] = c;
                return Task.CompletedTask;
            }, cancellationToken).ConfigureAwait(false);

            closing.Vms = vms;
            closing.Failures = failures.Concat(closing.Failures).ToArray();
            closing.RestorePointCollections = closing.RestorePointCollections.Select(c => counted.TryGetValue(c.Id, out var read) ? read : c).ToArray();
            return closing;
        }

        /// <summary>
        /// Reads a scope so that its reports can stream: the shared listings (vaults and their items, jobs, policies,
        /// locks, restore point collections, network, the VMs' status listing) first and alongside, then each page
        /// of the VM listing, complete with what its VMs need, handed to <paramref name="onPage"/> as an inventory of
        /// that page's VMs before the next page is read. Returns the closing inventory: no VMs, the ids listed, the
        /// scope's failures and every gap, for the checks that need the whole scope (protected items whose VM is gone).
        /// </summary>
        public static Task<FleetInventory> LoadInPagesAsync(ArmConnection connection, InventoryScope scope, InventoryOptions? options, Func<FleetInventory, Task> onPage,
            CancellationToken cancellationToken = default) =>
            LoadInPagesAsync(connection, scope, options, onPage, releaseJudged: false, cancellationToken);

        /// <summary>
        /// With <paramref name="releaseJudged"/>, what only a page's own VMs use (their NICs) is let go once
        /// <paramref name="onPage"/> has returned, and the closing inventory's network holds no NICs: for a caller that judges
        /// each page in <paramref name="onPage"/> and keeps nothing of it.
        /// </summary>
        internal static async Task<FleetInventory> LoadInPagesAsync(ArmConnection connection, InventoryScope scope, InventoryOptions? options, Func<FleetInventory, Task> onPage,
            bool releaseJudged, CancellationToken cancellationToken)
        {
            options ??= new InventoryOptions();
            var readAt = DateTimeOffset.UtcNow;
            var sharedTask = options.SharedListings != null
                ? options.SharedListings.GetOrAdd(scope.SubscriptionId, () => ReadSharedAsync(connection, scope, options, cancellationToken))
                : ReadSharedAsync(connection, scope, options, cancellationToken);
            var network = new NetworkReader(connection);
            var networkListings = network.PreloadAsync(scope, cancellationToken);
            var vmReader = new VmReader(connection, options);
            var listed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var countGaps = new List<InventoryGap>();
            SubscriptionListings? shared = null;

            try
            {
                await vmReader.ReadInPagesAsync(scope, async (vms, failures) =>
                {
                    shared ??= await sharedTask.ConfigureAwait(false);
                    await network.WaitForAsync(vms, cancellationToken).ConfigureAwait(false);
                    foreach (var vm in vms) AddListed(listed, shared, vm);
                    var view = await network.CompleteAsync(vms, cancellationToken).ConfigureAwait(false);
                    var pageGaps = new List<InventoryGap>();
                    var collections = await CountRestorePointsAsync(connection, shared.RestorePointCollections, vms, pageGaps, cancellationToken).ConfigureAwait(false);
                    countGaps.AddRange(pageGaps);
                    var page = Assemble(shared, readAt, shared.Gaps.Concat(vmReader.Gaps).Concat(network.Gaps).Concat(pageGaps).ToArray());
                    page.Vms = vms;
                    page.Failures = failures;
                    page.Network = view;
                    page.RestorePointCollections = collections;
                    page.ListedVmIds = vms.Select(v => v.Id).ToArray();
                    await onPage(page).ConfigureAwait(false);
                    if (releaseJudged) network.Release(vms);
                }, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // Nothing left running behind the caller's back, whichever way the pages ended.
                try
                {
                    await Task.WhenAll(sharedTask, networkListings).ConfigureAwait(false);
                }
                catch when (cancellationToken.IsCancellationRequested)
                {
                }
            }

            shared ??= await sharedTask.ConfigureAwait(false);
            var scopeFailures = vmReader.Failures;
            // A one-VM scan of a VM that is gone but still protected says so as a finding, as a group scan does.
            var missing = scopeFailures.Where(f => scope.VmName != null && f.Error.IsNotFound && f.VmId.Equals(scope.VmId, StringComparison.OrdinalIgnoreCase) &&
                                                   shared.ProtectedItemsByVm.ContainsKey(f.VmId)).ToArray();
            var closing = Assemble(shared, readAt, shared.Gaps.Concat(vmReader.Gaps).Concat(network.Gaps).Concat(countGaps).ToArray());
            closing.MissingVmIds = missing.Select(f => f.VmId).ToArray();
            closing.Failures = scopeFailures.Except(missing).ToArray();
            closing.RestorePointCollections = shared.RestorePointCollections;
            closing.ListedVmIds = listed;
            closing.Network = network.View;
            return closing;
        }

        /// <summary>
        /// Notes a listed VM for the orphan check, which asks only about VMs a protected item names: the set keeps the
        /// item's own id string, so it grows with the protected items already held, not with a copy per VM listed.
        /// </summary>
        internal static void AddListed(ISet<string> listed, SubscriptionListings shared, VmState vm)
        {
            if (shared.ProtectedItems.TryGetValue(vm.Id, out var item) && item.SourceResourceId != null) listed.Add(item.SourceResourceId);
        }

        internal static FleetInventory Assemble(SubscriptionListings shared, DateTimeOffset readAt, IReadOnlyList<InventoryGap> gaps) => new FleetInventory
        {
            ReadAt = readAt,
            ProtectedItemsByVm = shared.ProtectedItemsByVm,
            ProtectedItems = shared.ProtectedItems,
            AllProtectedItems = shared.AllProtectedItems,
            Jobs = shared.Jobs,
            BackupPolicies = shared.Policies,
            Locks = shared.Locks,
            GapDetails = gaps,
            Gaps = gaps.Select(g => g.Message).ToArray(),
        };

        /// <summary>True when a listing of this kind (for this vault, when given) could not be read.</summary>
        public InventoryGap? GapIn(string kind, string? scope = null) =>
            GapDetails.FirstOrDefault(g => g.Kind == kind && (scope == null || g.Scope.Equals(scope, StringComparison.OrdinalIgnoreCase)));

        private static async Task<SubscriptionListings> ReadSharedAsync(ArmConnection connection, InventoryScope scope, InventoryOptions options, CancellationToken cancellationToken)
        {
            var gaps = new ConcurrentQueue<InventoryGap>();
            var subscription = "/subscriptions/" + scope.SubscriptionId;
            var backupTask = ReadBackupAsync(connection, scope, options, gaps, cancellationToken);
            var locksTask = ReadListAsync(connection, subscription + "/providers/Microsoft.Authorization/locks", LockApiVersion, null, ParseLock,
                InventoryGap.Locks, subscription, "locks", gaps, cancellationToken);
            // The listing never carries restore points (they come only with GET ...?$expand=restorePoints), so it gives the collections alone.
            var rpcTask = ReadListAsync(connection, subscription + "/providers/Microsoft.Compute/restorePointCollections", ComputeApiVersion, null, ParseRestorePointCollection,
                InventoryGap.RestorePointCollections, subscription, "restore point collections", gaps, cancellationToken);
            var listings = await backupTask.ConfigureAwait(false);
            listings.ProtectedItems = listings.ProtectedItemsByVm.ToDictionary(kv => kv.Key, kv => kv.Value[0], StringComparer.OrdinalIgnoreCase);
            listings.Locks = await locksTask.ConfigureAwait(false);
            listings.RestorePointCollections = await rpcTask.ConfigureAwait(false);
            listings.Gaps = gaps.ToArray();
            return listings;
        }

        private static async Task<SubscriptionListings> ReadBackupAsync(
            ArmConnection connection, InventoryScope scope, InventoryOptions options, ConcurrentQueue<InventoryGap> gaps, CancellationToken cancellationToken)
        {
            var subscription = "/subscriptions/" + scope.SubscriptionId;
            var items = new ConcurrentQueue<ProtectedItemState>();
            var jobs = new ConcurrentQueue<BackupJobState>();
            var policies = new ConcurrentDictionary<string, BackupPolicyState>(StringComparer.OrdinalIgnoreCase);
            var vaults = await ReadListAsync(connection, subscription + "/providers/Microsoft.RecoveryServices/vaults", VaultApiVersion, null,
                e => (Id: Str(e, "id") ?? "", Location: Str(e, "location")), InventoryGap.Vaults, subscription, "Recovery Services vaults", gaps, cancellationToken).ConfigureAwait(false);

            // The vaults' items repeat their policy ids and states: kept once for the subscription.
            var values = new SharedValues();
            var now = DateTimeOffset.UtcNow;
            var window = $"startTime eq '{Format(now.AddDays(-options.FailedJobDays))}' and endTime eq '{Format(now)}'";
            var azureIaasVm = "$filter=" + Uri.EscapeDataString("backupManagementType eq 'AzureIaasVM'");
            var tasks = vaults.Where(v => v.Id.Length > 0).Select(async vault =>
            {
                var itemsTask = ReadListAsync(connection, vault.Id + "/backupProtectedItems", BackupApiVersion, azureIaasVm,
                    e => ParseProtectedItem(e, vault.Id, vault.Location, values), InventoryGap.ProtectedItems, vault.Id, "protected items of " + vault.Id, gaps, cancellationToken);
                var policiesTask = ReadListAsync(connection, vault.Id + "/backupPolicies", BackupApiVersion, azureIaasVm, ParsePolicy,
                    InventoryGap.Policies, vault.Id, "backup policies of " + vault.Id, gaps, cancellationToken);
                var jobTasks = new[] { "Failed", "InProgress" }.Select(status => ReadListAsync(connection, vault.Id + "/backupJobs", BackupApiVersion,
                    "$filter=" + Uri.EscapeDataString($"status eq '{status}' and {window}"), e => ParseJob(e, vault.Id, status),
                    InventoryGap.Jobs, vault.Id, status + " jobs of " + vault.Id, gaps, cancellationToken)).ToArray();
                foreach (var item in await itemsTask.ConfigureAwait(false)) items.Enqueue(item);
                foreach (var policy in await policiesTask.ConfigureAwait(false)) policies[policy.Id] = policy;
                foreach (var list in await Task.WhenAll(jobTasks).ConfigureAwait(false))
                {
                    foreach (var job in list) jobs.Enqueue(job);
                }
            });
            await Task.WhenAll(tasks).ConfigureAwait(false);

            var all = items.ToArray();
            return new SubscriptionListings
            {
                AllProtectedItems = all,
                ProtectedItemsByVm = ByVm(all),
                Jobs = jobs.ToArray(),
                Policies = policies,
            };
        }

        /// <summary>
        /// Each VM's items. Several vaults may hold an item for one VM (an old, stopped or soft-deleted one beside the
        /// live one): which speaks for the VM is decided by state, never by which vault answered last.
        /// </summary>
        internal static Dictionary<string, IReadOnlyList<ProtectedItemState>> ByVm(IEnumerable<ProtectedItemState> items) =>
            items.Where(i => i.SourceResourceId != null && !i.IsClassic)
                .GroupBy(i => i.SourceResourceId!, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<ProtectedItemState>)g.OrderBy(LivenessRank).ThenByDescending(i => i.LastBackupTime ?? DateTimeOffset.MinValue)
                    .ThenBy(i => i.Id, StringComparer.OrdinalIgnoreCase).ToArray(), StringComparer.OrdinalIgnoreCase);

        /// <summary>0 for an item that backs up (or tries to), 1 for one in an unknown state, 2 for stopped or paused, +3 when soft-deleted.</summary>
        internal static int LivenessRank(ProtectedItemState item)
        {
            var state = (item.ProtectionState ?? "").ToLowerInvariant();
            var rank = state switch
            {
                "protected" or "irpending" or "protectionerror" or "backupssuspended" => 0,
                "protectionstopped" or "protectionpaused" => 2,
                _ => 1,
            };
            return rank + (item.IsSoftDeleted ? 3 : 0);
        }

        /// <summary>
        /// The collections of these VMs, with GET ...?$expand=restorePoints for each one Azure Backup owns: the only
        /// call that carries restore points.
        /// </summary>
        internal static async Task<IReadOnlyList<RestorePointCollectionState>> CountRestorePointsAsync(
            ArmConnection connection, IReadOnlyList<RestorePointCollectionState> collections, IReadOnlyList<VmState> vms, List<InventoryGap> gaps, CancellationToken cancellationToken)
        {
            var inScope = new HashSet<string>(vms.Where(v => v != null).Select(v => v.Id), StringComparer.OrdinalIgnoreCase);
            var found = new ConcurrentQueue<InventoryGap>();
            var counted = await Task.WhenAll(collections.Where(c => c.SourceVmId != null && inScope.Contains(c.SourceVmId)).Select(async c =>
            {
                if (!c.IsAzureBackupOwned) return c;
                try
                {
                    var e = await connection.Rest.GetAsync(c.Id, ComputeApiVersion, cancellationToken, "$expand=restorePoints").ConfigureAwait(false);
                    var p = Obj(e, "properties");
                    var hasPoints = p.ValueKind == JsonValueKind.Object && p.TryGetProperty("restorePoints", out var points) && points.ValueKind == JsonValueKind.Array;
                    if (!hasPoints) found.Enqueue(new InventoryGap(InventoryGap.RestorePoints, c.Id, $"restore points of {c.Id}: the collection came without properties.restorePoints"));
                    return new RestorePointCollectionState(c.Id, c.SourceVmId, hasPoints ? Arr(p, "restorePoints").Count() : (int?)null);
                }
                catch (ArmRequestException ex)
                {
                    found.Enqueue(new InventoryGap(InventoryGap.RestorePoints, c.Id, $"restore points of {c.Id}: {ex.Message}"));
                    return c;
                }
            })).ConfigureAwait(false);
            gaps.AddRange(found);
            return counted;
        }

        internal static async Task<IReadOnlyList<T>> ReadListAsync<T>(ArmConnection connection, string path, string apiVersion, string? query, Func<JsonElement, T> parse,
            string kind, string scope, string what, ConcurrentQueue<InventoryGap> gaps, CancellationToken cancellationToken)
        {
            var list = new List<T>();
            try
            {
                await foreach (var page in connection.Rest.ListPagesAsync(path, apiVersion, e => e.ValueKind == JsonValueKind.Object ? (Read: true, Value: parse(e)) : (Read: false, Value: default!),
                                   cancellationToken, query).ConfigureAwait(false))
                {
                    foreach (var item in page)
                    {
                        if (item.Read) list.Add(item.Value);
                    }
                }
            }
            catch (ArmRequestException ex)
            {
                gaps.Enqueue(new InventoryGap(kind, scope, $"{what}: {ex.Message}"));
            }

            return list;
        }

        /// <summary>A protected item; with <paramref name="shared"/>, the policy id and the states most items repeat are kept once.</summary>
        internal static ProtectedItemState ParseProtectedItem(JsonElement e, string vaultId, string? vaultLocation, SharedValues? shared = null)
        {
            var p = Obj(e, "properties");
            string? Share(string? value) => shared != null ? shared.Share(value) : value;
            return new ProtectedItemState
            {
                Id = Str(e, "id") ?? "",
                VaultId = vaultId,
                VaultLocation = vaultLocation,
                SourceResourceId = Str(p, "sourceResourceId") ?? Str(p, "virtualMachineId"),
                FriendlyName = Str(p, "friendlyName"),
                PolicyId = Share(Str(p, "policyId")),
                PolicyType = Share(Str(p, "policyType")),
                ProtectionState = Share(Str(p, "protectionState")),
                HealthStatus = Share(Str(p, "healthStatus")),
                HealthDetails = Arr(p, "healthDetails").Select(h => new HealthDetail(Int(h, "code"), Str(h, "title"), Str(h, "message"), Strings(h, "recommendations"))).ToArray(),
                LastBackupStatus = Share(Str(p, "lastBackupStatus")),
                LastBackupTime = Date(p, "lastBackupTime"),
                LastRecoveryPoint = Date(p, "lastRecoveryPoint"),
                ProtectedItemType = Share(Str(p, "protectedItemType")),
                ContainerName = Str(p, "containerName"),
                IsSoftDeleted = Bool(p, "isScheduledForDeferredDelete") == true,
            };
        }

        internal static BackupJobState ParseJob(JsonElement e, string vaultId, string listedStatus)
        {
            var p = Obj(e, "properties");
            return new BackupJobState
            {
                Id = Str(e, "id") ?? "",
                VaultId = vaultId,
                EntityFriendlyName = Str(p, "entityFriendlyName"),
                ContainerName = Str(p, "containerName"),
                Operation = Str(p, "operation"),
                // The listing was filtered on status: a job that omits it still has the status it was listed for.
                Status = Str(p, "status") ?? listedStatus,
                StartTime = Date(p, "startTime"),
                Errors = Arr(p, "errorDetails").Select(d => new JobErrorState(Long(d, "errorCode"), Str(d, "errorString") ?? Str(d, "errorMessage"), Strings(d, "recommendations"))).ToArray(),
            };
        }

        /// <summary>AzureIaaSVMProtectionPolicy.schedulePolicy: SimpleSchedulePolicy or SimpleSchedulePolicyV2 (hourly, daily, weekly).</summary>
        internal static BackupPolicyState ParsePolicy(JsonElement e)
        {
            var schedule = Obj(Obj(e, "properties"), "schedulePolicy");
            var frequency = Str(schedule, "scheduleRunFrequency");
            TimeSpan? interval = (frequency ?? "").ToLowerInvariant() switch
            {
                "hourly" => Int(Obj(schedule, "hourlySchedule"), "interval") is int hours && hours > 0 ? TimeSpan.FromHours(hours) : (TimeSpan?)null,
                "daily" => TimeSpan.FromDays(1),
                "weekly" => TimeSpan.FromDays(7),
                _ => null,
            };
            return new BackupPolicyState(Str(e, "id") ?? "", frequency, interval);
        }

        internal static LockState ParseLock(JsonElement e)
        {
            var p = Obj(e, "properties");
            return new LockState(Str(e, "id") ?? "", Str(p, "level"), Str(p, "notes"));
        }

        internal static RestorePointCollectionState ParseRestorePointCollection(JsonElement e) =>
            new RestorePointCollectionState(Str(e, "id") ?? "", Str(Obj(Obj(e, "properties"), "source"), "id"), (int?)null);

        // ARM's BackupJobs filter wants this exact form (ListJobsWithStartTimeAndEndTimeFilters.json).
        private static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd hh:mm:ss tt", CultureInfo.InvariantCulture);
    }
}
