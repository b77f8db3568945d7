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
    /// <summary>What a Resource Graph scan hands out: a page of one subscription's VMs, or the subscription's closing.</summary>
    public sealed class SubscriptionPage
    {
        internal SubscriptionPage(string subscriptionId, FleetInventory inventory, bool isClosing)
        {
            SubscriptionId = subscriptionId;
            Inventory = inventory;
            IsClosing = isClosing;
        }

        public string SubscriptionId { get; }

        /// <summary>
        /// A page: its VMs with what they need. A closing: no VMs; the VMs listed, the subscription's failures and gaps,
        /// for the checks that need the whole subscription (protected items whose VM is gone).
        /// </summary>
        public FleetInventory Inventory { get; }

        public bool IsClosing { get; }
    }

    /// <summary>
    /// Many subscriptions through Azure Resource Graph: per batch of subscriptions, the VMs, NICs, NSGs, virtual
    /// networks (with their subnets), route tables and vaults from the resources table and the protected items,
    /// policies and recent failed or running jobs from recoveryservicesresources, a few queries for the whole batch.
    /// Resource Graph holds no instance view, so each subscription's VMs get their agent's status from ARM's
    /// statusOnly=true listing, and locks and restore point collections come from ARM's listings, as in the
    /// one-subscription scan. The VMs are read in id order, so a subscription is complete once a later one shows:
    /// its pages go out as read, its closing as soon as it is complete.
    /// </summary>
    public static class GraphInventory
    {
        /// <summary>Subscriptions per request (Resource Graph takes up to 1,000; its guidance says stay under 300).</summary>
        public const int SubscriptionBatchSize = 100;

        public const string SubscriptionsQuery = "resourcecontainers | where type =~ 'microsoft.resources/subscriptions' | project id, name, subscriptionId";

        public const string VmQuery = "resources | where type =~ 'microsoft.compute/virtualmachines' | project id, name, type, location, properties | order by id asc";

        public const string NetworkAndVaultQuery =
            "resources | where type in~ ('microsoft.network/networkinterfaces', 'microsoft.network/networksecuritygroups', 'microsoft.network/virtualnetworks', " +
            "'microsoft.network/routetables', 'microsoft.recoveryservices/vaults') | project id, name, type, location, properties";

        public const string ProtectedItemAndPolicyQuery =
            "recoveryservicesresources | where type in~ ('microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers/protecteditems', " +
            "'microsoft.recoveryservices/vaults/backuppolicies') | project id, name, type, properties";

        /// <summary>Failed and running backup jobs of the last <paramref name="days"/> days.</summary>
        public static string JobQuery(int days) =>
            "recoveryservicesresources | where type =~ 'microsoft.recoveryservices/vaults/backupjobs' | where properties.status in~ ('Failed', 'InProgress') and " +
            $"todatetime(properties.startTime) >= ago({Math.Max(1, days)}d) | project id, name, type, properties";

        private const string GraphScope = "/providers/Microsoft.ResourceGraph";
        private const string OrderById = " | order by id asc";
        /// <summary>Subscriptions whose ARM listings are read ahead of the one being judged.</summary>
        private const int ArmLookahead = 8;

        /// <summary>
        /// Reads every subscription of <paramref name="scope"/> and hands out its pages and closing, one call at a time.
        /// A subscription that cannot be read (403, 404) closes with its failure; the others are answered. A query that
        /// fails for the whole request (a denied management group) throws <see cref="ArmRequestException"/>.
        /// </summary>
        public static async Task LoadAsync(ArmConnection connection, ResourceGraphClient graph, ResourceGraphScope scope, InventoryOptions? options,
            Func<SubscriptionPage, Task> onPage, CancellationToken cancellationToken = default)
        {
            options ??= new InventoryOptions();
            var subscriptions = scope.ManagementGroups.Count > 0 ? await SubscriptionsUnderAsync(graph, scope, cancellationToken).ConfigureAwait(false) : scope.Subscriptions;
            for (var i = 0; i < subscriptions.Count; i += SubscriptionBatchSize)
            {
                var batch = subscriptions.Skip(i).Take(SubscriptionBatchSize).ToArray();
                await LoadBatchAsync(connection, graph, batch, options, onPage, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>The subscriptions Resource Graph shows under the management groups (those the caller may read).</summary>
        private static async Task<IReadOnlyList<string>> SubscriptionsUnderAsync(ResourceGraphClient graph, ResourceGraphScope scope, CancellationToken cancellationToken)
        {
            var found = new List<string>();
            await foreach (var page in graph.QueryPagesAsync(scope, SubscriptionsQuery, cancellationToken).ConfigureAwait(false))
            {
                foreach (var row in page)
                {
                    if ((Str(row, "subscriptionId") ?? Last(Str(row, "id") ?? "")) is string s && s.Length > 0 && !found.Contains(s, StringComparer.OrdinalIgnoreCase)) found.Add(s);
                }
            }

            return found;
        }

        private static async Task LoadBatchAsync(ArmConnection connection, ResourceGraphClient graph, IReadOnlyList<string> batch, InventoryOptions options,
            Func<SubscriptionPage, Task> onPage, CancellationToken cancellationToken)
        {
            var readAt = DateTimeOffset.UtcNow;
            var scope = ResourceGraphScope.ForSubscriptions(batch);
            // Every query is read in id order, so each one hands out its rows subscription by subscription, in this order.
            var ordered = batch.OrderBy(x => x, StringComparer.OrdinalIgnoreCase).ToArray();
            var arm = new Dictionary<string, SubscriptionReads>(StringComparer.OrdinalIgnoreCase);
            var network = new GraphCursor(graph, scope, NetworkAndVaultQuery + OrderById, cancellationToken);
            var backup = new GraphCursor(graph, scope, ProtectedItemAndPolicyQuery + OrderById, cancellationToken);
            var jobs = new GraphCursor(graph, scope, JobQuery(options.FailedJobDays) + OrderById, cancellationToken);
            var vms = new GraphCursor(graph, scope, VmQuery, cancellationToken);
            try
            {
                for (var i = 0; i < ordered.Length; i++)
                {
                    // ARM's part of the next few subscriptions runs ahead, beside the Resource Graph queries.
                    foreach (var ahead in ordered.Skip(i).Take(ArmLookahead).Where(x => !arm.ContainsKey(x)).ToArray())
                    {
                        arm[ahead] = new SubscriptionReads(connection, ahead, options, cancellationToken);
                    }

                    var subscription = ordered[i];
                    var shared = await ReadSharedAsync(subscription, network, backup, jobs).ConfigureAwait(false);
                    var listed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                    var listedCount = 0;
                    var late = new List<string>();
                    await vms.TakeAsync(subscription, async rows =>
                    {
                        var page = await PageAsync(connection, arm[subscription], shared, rows, readAt, cancellationToken).ConfigureAwait(false);
                        listedCount += page.Vms.Count;
                        foreach (var vm in page.Vms) FleetInventory.AddListed(listed, shared.Backup, vm);
                        await onPage(new SubscriptionPage(subscription, page, false)).ConfigureAwait(false);
                    }, row => late.Add(Str(row, "id")!)).ConfigureAwait(false);
                    await CloseAsync(subscription, arm[subscription], shared, listed, listedCount, vms.Failure, late, readAt, onPage, cancellationToken).ConfigureAwait(false);
                    // What this subscription needed is out: its reads go, so memory follows the largest subscription, not the batch.
                    arm[subscription] = SubscriptionReads.Done;
                }
            }
            finally
            {
                await Task.WhenAll(network.DisposeAsync(), backup.DisposeAsync(), jobs.DisposeAsync(), vms.DisposeAsync()).ConfigureAwait(false);
                // Nothing left running behind the caller's back, whichever way the batch ended.
                try
                {
                    await Task.WhenAll(arm.Values.Select(a => a.All)).ConfigureAwait(false);
                }
                catch when (cancellationToken.IsCancellationRequested)
                {
                }
            }
        }

        /// <summary>One subscription's VMs of a page, joined with its statusOnly listing, with their network, backup items and restore points.</summary>
        private static async Task<FleetInventory> PageAsync(ArmConnection connection, SubscriptionReads reads, GraphShared shared, IReadOnlyList<JsonElement> rows,
            DateTimeOffset readAt, CancellationToken cancellationToken)
        {
            var status = reads.Status;
            var listings = await reads.CombinedAsync(shared).ConfigureAwait(false);
            var vms = rows.Select(row => VmJson.From(row, (InstanceViewState?)null)).ToArray();
            // Waits only until the status listing holds this page's VMs, not for the whole listing.
            // Each subscription is handed out whole, once: the entries joined leave the listing.
            var failures = await reads.Vms.JoinAsync(vms, status, takeEntries: true, cancellationToken).ConfigureAwait(false);
            var pageGaps = new List<InventoryGap>();
            var collections = await FleetInventory.CountRestorePointsAsync(connection, listings.RestorePointCollections, vms, pageGaps, cancellationToken).ConfigureAwait(false);
            reads.CountGaps.AddRange(pageGaps);
            shared.MarkMissing(vms);
            var page = FleetInventory.Assemble(listings, readAt, Gaps(reads, listings, status).Concat(pageGaps).ToArray());
            page.Vms = vms;
            page.Failures = failures;
            page.Network = shared.Network;
            page.RestorePointCollections = collections;
            page.ListedVmIds = vms.Select(v => v.Id).ToArray();
            return page;
        }

        private static async Task CloseAsync(string subscription, SubscriptionReads reads, GraphShared shared, HashSet<string> listed, int listedCount, ArmRequestException? vmFailure,
            IReadOnlyList<string> late, DateTimeOffset readAt, Func<SubscriptionPage, Task> onPage, CancellationToken cancellationToken)
        {
            var status = reads.Status;
            // Whether the listing was denied or broke off is known only once it has ended.
            await status.WaitForEndAsync(cancellationToken).ConfigureAwait(false);
            var listings = await reads.CombinedAsync(shared).ConfigureAwait(false);
            var scopeId = "/subscriptions/" + subscription;
            var failures = new List<VmReadFailure>();
            FleetInventory closing;
            // Resource Graph leaves out what the caller may not read; ARM's own listing says why: denied or no such subscription.
            if (status.Failure != null && (status.Failure.IsForbidden || status.Failure.IsNotFound) && listedCount == 0)
            {
                failures.Add(new VmReadFailure(scopeId, status.Failure));
                closing = FleetInventory.Assemble(new SubscriptionListings(), readAt, Array.Empty<InventoryGap>());
            }
            else
            {
                if (vmFailure != null)
                {
                    failures.Add(new VmReadFailure(scopeId, new ArmRequestException(vmFailure.Status, vmFailure.ErrorCode,
                        $"the VMs of {scopeId} after the {listedCount} read (Resource Graph): {vmFailure.Message}", scopeId, vmFailure.ClientRequestId, vmFailure)));
                }

                closing = FleetInventory.Assemble(listings, readAt, Gaps(reads, listings, status).Concat(reads.CountGaps).ToArray());
                closing.RestorePointCollections = listings.RestorePointCollections;
                closing.Network = shared.Network;
            }

            // A VM listed after its subscription was closed (rows out of id order) is named, never dropped.
            failures.AddRange(late.Select(id => new VmReadFailure(id, new ArmRequestException(200, "OutOfOrder",
                $"Resource Graph listed {id} after the VMs of its subscription had been judged (rows out of id order); scan its subscription on its own.", id, null))));
            closing.Failures = failures;
            closing.ListedVmIds = listed;
            await onPage(new SubscriptionPage(subscription, closing, true)).ConfigureAwait(false);
        }

        private static IEnumerable<InventoryGap> Gaps(SubscriptionReads reads, SubscriptionListings listings, StatusListing status)
        {
            var gaps = listings.Gaps.AsEnumerable();
            if (status.Failure != null && !status.Failure.IsForbidden)
            {
                gaps = gaps.Append(new InventoryGap(InventoryGap.VmStatus, "/subscriptions/" + reads.SubscriptionId, "VM run-time status (statusOnly=true listing): " + status.Failure.Message));
            }

            return gaps;
        }

        /// <summary>A subscription's network, vaults, protected items, policies and jobs from the queries' cursors; a query that broke off is a gap.</summary>
        private static async Task<GraphShared> ReadSharedAsync(string subscription, GraphCursor network, GraphCursor backup, GraphCursor jobs)
        {
            var shared = new GraphShared();
            var vaultLocations = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            var gaps = new List<InventoryGap>();
            await network.TakeAsync(subscription, rows =>
            {
                foreach (var row in rows) AddNetworkOrVault(shared, vaultLocations, row);
                return Task.CompletedTask;
            }, _ => { }).ConfigureAwait(false);
            if (network.Failure is ArmRequestException networkFailure)
            {
                shared.NetworkFailure = "the network resources (Resource Graph) could not be read: " + networkFailure.Message;
                // The protected items come from their own query: without the vaults only their locations are unknown (Support.VaultRegion says so).
                gaps.Add(new InventoryGap(InventoryGap.NetworkInterfaces, GraphScope, shared.NetworkFailure));
            }

            var items = new List<ProtectedItemState>();
            var policies = new Dictionary<string, BackupPolicyState>(StringComparer.OrdinalIgnoreCase);
            await backup.TakeAsync(subscription, rows =>
            {
                foreach (var row in rows)
                {
                    var vault = VaultOf(Str(row, "id")!);
                    if ((Str(row, "type") ?? "").EndsWith("/backuppolicies", StringComparison.OrdinalIgnoreCase)) policies[Str(row, "id")!] = FleetInventory.ParsePolicy(row);
                    else items.Add(FleetInventory.ParseProtectedItem(row, vault, vaultLocations.TryGetValue(vault, out var location) ? location : null, shared.Values));
                }

                return Task.CompletedTask;
            }, _ => { }).ConfigureAwait(false);
            var vaults = vaultLocations.Keys.Concat(items.Select(i => i.VaultId)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            if (backup.Failure is ArmRequestException backupFailure)
            {
                gaps.Add(new InventoryGap(InventoryGap.ProtectedItems, GraphScope, "protected items (Resource Graph): " + backupFailure.Message));
                gaps.AddRange(vaults.Select(v => new InventoryGap(InventoryGap.Policies, v, "backup policies of " + v + " (Resource Graph): " + backupFailure.Message)));
            }

            var jobList = new List<BackupJobState>();
            await jobs.TakeAsync(subscription, rows =>
            {
                foreach (var row in rows) jobList.Add(FleetInventory.ParseJob(row, VaultOf(Str(row, "id")!), Str(Obj(row, "properties"), "status") ?? ""));
                return Task.CompletedTask;
            }, _ => { }).ConfigureAwait(false);
            if (jobs.Failure is ArmRequestException jobFailure)
            {
                gaps.AddRange(vaults.Select(v => new InventoryGap(InventoryGap.Jobs, v, "backup jobs of " + v + " (Resource Graph): " + jobFailure.Message)));
            }

            var byVm = FleetInventory.ByVm(items);
            shared.Backup = new SubscriptionListings
            {
                AllProtectedItems = items,
                ProtectedItemsByVm = byVm,
                ProtectedItems = byVm.ToDictionary(kv => kv.Key, kv => kv.Value[0], StringComparer.OrdinalIgnoreCase),
                Jobs = jobList,
                Policies = policies,
            };
            shared.Gaps = gaps;
            return shared;
        }

        private static void AddNetworkOrVault(GraphShared shared, Dictionary<string, string?> vaultLocations, JsonElement row)
        {
            var id = Str(row, "id")!;
            switch ((Str(row, "type") ?? "").ToLowerInvariant())
            {
                case "microsoft.network/networkinterfaces": shared.Nics[id] = NetworkReader.ParseNic(row, shared.Values); break;
                case "microsoft.network/networksecuritygroups": shared.SecurityGroups[id] = NetworkReader.ParseNsg(row); break;
                case "microsoft.network/routetables": shared.RouteTables[id] = NetworkReader.ParseRouteTable(row); break;
                case "microsoft.recoveryservices/vaults": vaultLocations[id] = Str(row, "location"); break;
                case "microsoft.network/virtualnetworks":
                    shared.VirtualNetworks[id] = NetworkReader.ParseVirtualNetwork(row);
                    foreach (var subnet in Arr(Obj(row, "properties"), "subnets").Where(x => Str(x, "id") != null)) shared.Subnets[Str(subnet, "id")!] = NetworkReader.ParseSubnet(subnet);
                    break;
            }
        }

        internal static string SubscriptionOf(string id)
        {
            var s = id.Trim('/').Split('/');
            return s.Length > 1 && s[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase) ? s[1] : "";
        }

        private static string VaultOf(string id)
        {
            var i = id.IndexOf("/vaults/", StringComparison.OrdinalIgnoreCase);
            if (i < 0) return id;
            var end = id.IndexOf('/', i + "/vaults/".Length);
            return end < 0 ? id : id.Substring(0, end);
        }

        private static string Last(string id) => id.Substring(id.LastIndexOf('/') + 1);

        /// <summary>
        /// A query read in id order, handed out subscription by subscription: <see cref="TakeAsync"/> gives a
        /// subscription's rows a page at a time, reading pages only until a later subscription's row shows.
        /// </summary>
        private sealed class GraphCursor
        {
            private readonly IAsyncEnumerator<IReadOnlyList<JsonElement>> _pages;
            private readonly Queue<JsonElement> _buffer = new Queue<JsonElement>();
            private bool _ended;

            public GraphCursor(ResourceGraphClient graph, ResourceGraphScope scope, string query, CancellationToken cancellationToken) =>
                _pages = graph.QueryPagesAsync(scope, query, cancellationToken).GetAsyncEnumerator(cancellationToken);

            /// <summary>Why the query broke off (after what it gave); the subscription being read then and those after are not complete.</summary>
            public ArmRequestException? Failure { get; private set; }

            /// <summary>
            /// The rows of <paramref name="subscription"/> to <paramref name="onRows"/>, in chunks as the pages come; rows of a
            /// subscription before it (out of order: it has been handed out already) to <paramref name="onEarlier"/>.
            /// </summary>
            public async Task TakeAsync(string subscription, Func<IReadOnlyList<JsonElement>, Task> onRows, Action<JsonElement> onEarlier)
            {
                while (true)
                {
                    var rows = new List<JsonElement>();
                    var passed = false;
                    while (_buffer.Count > 0)
                    {
                        var order = string.Compare(SubscriptionOf(Str(_buffer.Peek(), "id")!), subscription, StringComparison.OrdinalIgnoreCase);
                        if (order > 0)
                        {
                            passed = true;
                            break;
                        }

                        var row = _buffer.Dequeue();
                        if (order == 0) rows.Add(row);
                        else onEarlier(row);
                    }

                    if (rows.Count > 0) await onRows(rows).ConfigureAwait(false);
                    if (passed || _ended) return;
                    try
                    {
                        if (await _pages.MoveNextAsync().ConfigureAwait(false))
                        {
                            foreach (var row in _pages.Current.Where(r => Str(r, "id") != null)) _buffer.Enqueue(row);
                        }
                        else
                        {
                            _ended = true;
                        }
                    }
                    catch (ArmRequestException ex)
                    {
                        Failure = ex;
                        _ended = true;
                    }
                }
            }

            public Task DisposeAsync() => _pages.DisposeAsync().AsTask();
        }

        /// <summary>What a subscription's Resource Graph rows gave.</summary>
        private sealed class GraphShared
        {
            public ConcurrentDictionary<string, NicState> Nics { get; } = new ConcurrentDictionary<string, NicState>(StringComparer.OrdinalIgnoreCase);
            public ConcurrentDictionary<string, SubnetState> Subnets { get; } = new ConcurrentDictionary<string, SubnetState>(StringComparer.OrdinalIgnoreCase);
            public ConcurrentDictionary<string, NetworkSecurityGroupState> SecurityGroups { get; } = new ConcurrentDictionary<string, NetworkSecurityGroupState>(StringComparer.OrdinalIgnoreCase);
            public ConcurrentDictionary<string, RouteTableState> RouteTables { get; } = new ConcurrentDictionary<string, RouteTableState>(StringComparer.OrdinalIgnoreCase);
            public ConcurrentDictionary<string, VirtualNetworkState> VirtualNetworks { get; } = new ConcurrentDictionary<string, VirtualNetworkState>(StringComparer.OrdinalIgnoreCase);
            public ConcurrentDictionary<string, string> Unreadable { get; } = new ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            public string? NetworkFailure { get; set; }
            /// <summary>The ids and states the subscription's rows repeat, kept once.</summary>
            public SharedValues Values { get; } = new SharedValues();
            public SubscriptionListings Backup { get; set; } = new SubscriptionListings();
            public IReadOnlyList<InventoryGap> Gaps { get; set; } = Array.Empty<InventoryGap>();

            public NetworkView Network => new NetworkView
            {
                Nics = Nics, Subnets = Subnets, SecurityGroups = SecurityGroups, RouteTables = RouteTables, VirtualNetworks = VirtualNetworks, Unreadable = Unreadable,
            };

            /// <summary>
            /// What these VMs reference that the answer lacked is named, not read by id: a GET per resource would be a
            /// second scan at ARM's pace.
            /// </summary>
            public void MarkMissing(IEnumerable<VmState> vms)
            {
                var why = NetworkFailure ?? "not in Resource Graph's answer";
                foreach (var nicId in vms.SelectMany(v => v.NetworkInterfaceIds))
                {
                    if (!Nics.TryGetValue(nicId, out var nic))
                    {
                        Unreadable.TryAdd(nicId, why);
                        continue;
                    }

                    if (nic.NetworkSecurityGroupId is string nsg && !SecurityGroups.ContainsKey(nsg)) Unreadable.TryAdd(nsg, why);
                    foreach (var subnetId in nic.SubnetIds)
                    {
                        if (!Subnets.TryGetValue(subnetId, out var subnet))
                        {
                            Unreadable.TryAdd(subnetId, why);
                            continue;
                        }

                        if (subnet.NetworkSecurityGroupId is string subnetNsg && !SecurityGroups.ContainsKey(subnetNsg)) Unreadable.TryAdd(subnetNsg, why);
                        if (subnet.RouteTableId is string table && !RouteTables.ContainsKey(table)) Unreadable.TryAdd(table, why);
                    }
                }
            }
        }

        /// <summary>One subscription's reads from ARM: the statusOnly listing, locks and restore point collections.</summary>
        private sealed class SubscriptionReads
        {
            /// <summary>Stands for a subscription already judged: nothing held, nothing running.</summary>
            public static readonly SubscriptionReads Done = new SubscriptionReads();

            private SubscriptionReads()
            {
                SubscriptionId = "";
                Vms = null!;
                Status = StatusListing.None();
                Listings = Task.FromResult(new SubscriptionListings());
                All = Task.CompletedTask;
            }

            public SubscriptionReads(ArmConnection connection, string subscriptionId, InventoryOptions options, CancellationToken cancellationToken)
            {
                SubscriptionId = subscriptionId;
                Vms = new VmReader(connection, options);
                Status = Vms.OpenStatusListing(subscriptionId, cancellationToken);
                Listings = ReadListingsAsync(connection, subscriptionId, cancellationToken);
                All = Task.WhenAll(Vms.StatusRead, Listings);
            }

            public string SubscriptionId { get; }
            public VmReader Vms { get; }
            /// <summary>The statusOnly listing as it fills; a page waits for its own VMs' entries.</summary>
            public StatusListing Status { get; }
            /// <summary>Locks and restore point collections.</summary>
            public Task<SubscriptionListings> Listings { get; }
            public Task All { get; }
            public List<InventoryGap> CountGaps { get; } = new List<InventoryGap>();
            private SubscriptionListings? _combined;

            /// <summary>The batch's backup listings and gaps with this subscription's locks, collections and gaps.</summary>
            public async Task<SubscriptionListings> CombinedAsync(GraphShared shared)
            {
                if (_combined != null) return _combined;
                var own = await Listings.ConfigureAwait(false);
                return _combined = new SubscriptionListings
                {
                    AllProtectedItems = shared.Backup.AllProtectedItems,
                    ProtectedItemsByVm = shared.Backup.ProtectedItemsByVm,
                    ProtectedItems = shared.Backup.ProtectedItems,
                    Jobs = shared.Backup.Jobs,
                    Policies = shared.Backup.Policies,
                    Locks = own.Locks,
                    RestorePointCollections = own.RestorePointCollections,
                    Gaps = shared.Gaps.Concat(own.Gaps).ToArray(),
                };
            }

            private static async Task<SubscriptionListings> ReadListingsAsync(ArmConnection connection, string subscriptionId, CancellationToken cancellationToken)
            {
                var gaps = new ConcurrentQueue<InventoryGap>();
                var subscription = "/subscriptions/" + subscriptionId;
                var locks = FleetInventory.ReadListAsync(connection, subscription + "/providers/Microsoft.Authorization/locks", FleetInventory.LockApiVersion, null,
                    FleetInventory.ParseLock, InventoryGap.Locks, subscription, "locks", gaps, cancellationToken);
                var collections = FleetInventory.ReadListAsync(connection, subscription + "/providers/Microsoft.Compute/restorePointCollections", FleetInventory.ComputeApiVersion, null,
                    FleetInventory.ParseRestorePointCollection, InventoryGap.RestorePointCollections, subscription, "restore point collections", gaps, cancellationToken);
                return new SubscriptionListings
                {
                    Locks = await locks.ConfigureAwait(false),
                    RestorePointCollections = await collections.ConfigureAwait(false),
                    Gaps = gaps.ToArray(),
                };
            }
        }
    }
}
