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
    /// Reads the NICs, subnets, NSGs and route tables the VMs reference. A subscription scan lists each
    /// type once; anything a listing did not carry (or any reference in a narrower scan) is read by id,
    /// once per id, however many VMs share it.
    /// </summary>
    internal sealed class NetworkReader
    {
        public const string NetworkApiVersion = "2025-07-01";

        private readonly ArmConnection _connection;
        private readonly ConcurrentDictionary<string, NicState> _nics = new ConcurrentDictionary<string, NicState>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, SubnetState> _subnets = new ConcurrentDictionary<string, SubnetState>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, NetworkSecurityGroupState> _nsgs = new ConcurrentDictionary<string, NetworkSecurityGroupState>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, VirtualNetworkState> _vnets = new ConcurrentDictionary<string, VirtualNetworkState>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, RouteTableState> _routeTables = new ConcurrentDictionary<string, RouteTableState>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, string> _unreadable = new ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        private readonly ConcurrentQueue<InventoryGap> _gaps = new ConcurrentQueue<InventoryGap>();
        private volatile string? _nicListingFailure;
        private readonly ListingProgress _nicProgress = new ListingProgress();
        private readonly SharedValues _shared = new SharedValues();
        private Task _sharedListings = Task.CompletedTask;

        public NetworkReader(ArmConnection connection) => _connection = connection;

        /// <summary>Listings that failed in a way the checks must be told of (the NIC listing).</summary>
        public IReadOnlyList<InventoryGap> Gaps => _gaps.ToArray();

        /// <summary>The listings worth making before the VMs are known: all four types for a subscription, NICs for a group.</summary>
        public Task PreloadAsync(InventoryScope scope, CancellationToken cancellationToken)
        {
            var subscription = "/subscriptions/" + scope.SubscriptionId;
            if (scope.VmName != null)
            {
                _nicProgress.End();
                return Task.CompletedTask;
            }

            if (scope.ResourceGroup != null)
            {
                return ListNicsAsync(subscription + "/resourceGroups/" + scope.ResourceGroup + "/providers/Microsoft.Network/networkInterfaces", cancellationToken);
            }

            // Networks, NSGs and route tables are few (a page each); the NICs are as many as the VMs.
            _sharedListings = Task.WhenAll(
                ListAsync(subscription + "/providers/Microsoft.Network/virtualNetworks", AddSubnetsOf, cancellationToken),
                ListAsync(subscription + "/providers/Microsoft.Network/networkSecurityGroups", e => _nsgs[IdOf(e)] = ParseNsg(e), cancellationToken),
                ListAsync(subscription + "/providers/Microsoft.Network/routeTables", e => _routeTables[IdOf(e)] = ParseRouteTable(e), cancellationToken));
            return Task.WhenAll(ListNicsAsync(subscription + "/providers/Microsoft.Network/networkInterfaces", cancellationToken), _sharedListings);
        }

        /// <summary>
        /// Returns once these VMs' NICs have come in the NIC listing (or it has ended) and the small listings are read:
        /// a page of VMs is completed while the NIC listing goes on for the pages after it.
        /// </summary>
        public async Task WaitForAsync(IReadOnlyList<VmState> vms, CancellationToken cancellationToken)
        {
            await _sharedListings.ConfigureAwait(false);
            var wanted = vms.SelectMany(v => v.NetworkInterfaceIds).Where(id => !string.IsNullOrEmpty(id)).ToArray();
            var from = 0;
            await _nicProgress.WaitUntilAsync(() =>
            {
                while (from < wanted.Length && _nics.ContainsKey(wanted[from])) from++;
                return from == wanted.Length;
            }, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Reads by id whatever the VMs reference and the listings lacked, level by level.</summary>
        public async Task<NetworkView> CompleteAsync(IEnumerable<VmState> vms, CancellationToken cancellationToken)
        {
            var referenced = vms.SelectMany(v => v.NetworkInterfaceIds).ToArray();
            if (_nicListingFailure is string failure)
            {
                // One GET per NIC would be a second scan at the throttle's pace: the NICs the listing did not bring are a gap.
                foreach (var id in referenced.Where(id => !string.IsNullOrEmpty(id) && !_nics.ContainsKey(id))) _unreadable.TryAdd(id, failure);
            }
            else
            {
                await FetchMissingAsync(referenced, _nics, e => ParseNic(e, _shared), cancellationToken).ConfigureAwait(false);
            }

            // This page's NICs only: what earlier pages needed is already read.
            var nics = vms.SelectMany(v => v.NetworkInterfaceIds).Select(id => _nics.TryGetValue(id, out var nic) ? nic : null).Where(n => n != null).Select(n => n!).ToArray();
            await Task.WhenAll(
                FetchVirtualNetworksAsync(nics.SelectMany(n => n.SubnetIds), cancellationToken),
                FetchMissingAsync(nics.Select(n => n.NetworkSecurityGroupId), _nsgs, ParseNsg, cancellationToken)).ConfigureAwait(false);
            var subnets = _subnets.Values.ToArray();
            await Task.WhenAll(
                FetchMissingAsync(subnets.Select(s => s.NetworkSecurityGroupId), _nsgs, ParseNsg, cancellationToken),
                FetchMissingAsync(subnets.Select(s => s.RouteTableId), _routeTables, ParseRouteTable, cancellationToken)).ConfigureAwait(false);
            return View;
        }

        /// <summary>
        /// Lets go of these VMs' NICs once their page is judged: a NIC belongs to one VM, so a scan that judges each VM once
        /// need not hold the NIC listing (one entry per VM) until its last page. Subnets, NSGs and route tables stay (shared).
        /// </summary>
        public void Release(IEnumerable<VmState> vms)
        {
            foreach (var id in vms.SelectMany(v => v.NetworkInterfaceIds))
            {
                if (!string.IsNullOrEmpty(id)) _nics.TryRemove(id, out _);
            }
        }

        /// <summary>
        /// Everything read so far. The reader's own maps, not copies: a scan read in pages shares them, and later
        /// pages only add to them.
        /// </summary>
        public NetworkView View => new NetworkView
        {
                Nics = _nics,
                Subnets = _subnets,
                SecurityGroups = _nsgs,
                RouteTables = _routeTables,
                VirtualNetworks = _vnets,
                Unreadable = _unreadable,
        };

        private async Task ListNicsAsync(string path, CancellationToken cancellationToken)
        {
            try
            {
                await ReadEachAsync(path, e => _nics[IdOf(e)] = ParseNic(e, _shared), cancellationToken, _nicProgress.Advance).ConfigureAwait(false);
            }
            catch (ArmRequestException ex)
            {
                var message = "the network interfaces listing " + path + " failed: " + ex.Message;
                _nicListingFailure = message;
                _gaps.Enqueue(new InventoryGap(InventoryGap.NetworkInterfaces, path, message));
            }
            finally
            {
                // After the failure is known: a page that waited sees it.
                _nicProgress.End();
            }
        }

        private async Task ListAsync(string path, Action<JsonElement> add, CancellationToken cancellationToken)
        {
            try
            {
                await ReadEachAsync(path, add, cancellationToken).ConfigureAwait(false);
            }
            catch (ArmRequestException)
            {
                // Shared resources (networks, NSGs, route tables) are few: whatever a VM references is then read by id, once.
            }
        }

        /// <summary>Hands each resource of a listing to <paramref name="add"/> while its page is open (no page's JSON is kept).</summary>
        private async Task ReadEachAsync(string path, Action<JsonElement> add, CancellationToken cancellationToken, Action? pageDone = null)
        {
            await foreach (var _ in _connection.Rest.ListPagesAsync(path, NetworkApiVersion, e =>
                           {
                               if (e.ValueKind == JsonValueKind.Object && Str(e, "id") != null) add(e);
                               return true;
                           }, cancellationToken).ConfigureAwait(false))
            {
                pageDone?.Invoke();
            }
        }

        private async Task FetchMissingAsync<T>(IEnumerable<string?> ids, ConcurrentDictionary<string, T> into, Func<JsonElement, T> parse, CancellationToken cancellationToken)
        {
            var missing = ids.Where(id => !string.IsNullOrEmpty(id) && !into.ContainsKey(id!) && !_unreadable.ContainsKey(id!))
                .Select(id => id!).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            await Task.WhenAll(missing.Select(async id =>
            {
                try
                {
                    var e = await _connection.Rest.GetAsync(id, NetworkApiVersion, cancellationToken).ConfigureAwait(false);
                    into[id] = parse(e);
                }
                catch (ArmRequestException ex)
                {
                    _unreadable[id] = ex.Message;
                }
            })).ConfigureAwait(false);
        }

        /// <summary>
        /// Subnets are read through their virtual network (VirtualNetworkGet.json carries its subnets): one
        /// request per network rather than per subnet, and the network says whether a gateway may advertise routes.
        /// </summary>
        private async Task FetchVirtualNetworksAsync(IEnumerable<string> subnetIds, CancellationToken cancellationToken)
        {
            var wanted = subnetIds.Where(id => !string.IsNullOrEmpty(id)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            var byNetwork = wanted.Where(id => !_subnets.ContainsKey(id) || !_vnets.ContainsKey(VirtualNetworkOf(id)))
                .GroupBy(VirtualNetworkOf, StringComparer.OrdinalIgnoreCase).Where(g => !_unreadable.ContainsKey(g.Key));
            await Task.WhenAll(byNetwork.Select(async network =>
            {
                try
                {
                    AddSubnetsOf(await _connection.Rest.GetAsync(network.Key, NetworkApiVersion, cancellationToken).ConfigureAwait(false));
                }
                catch (ArmRequestException ex)
                {
                    _unreadable[network.Key] = ex.Message;
                    foreach (var subnet in network) _unreadable.TryAdd(subnet, ex.Message);
                }
            })).ConfigureAwait(false);
            foreach (var subnet in wanted.Where(id => !_subnets.ContainsKey(id) && !_unreadable.ContainsKey(id)))
            {
                _unreadable[subnet] = "the subnet is not in its virtual network " + VirtualNetworkOf(subnet);
            }
        }

        internal static string VirtualNetworkOf(string subnetId)
        {
            var i = subnetId.IndexOf("/subnets/", StringComparison.OrdinalIgnoreCase);
            return i < 0 ? subnetId : subnetId.Substring(0, i);
        }

        private void AddSubnetsOf(JsonElement vnet)
        {
            if (Str(vnet, "id") != null) _vnets[IdOf(vnet)] = ParseVirtualNetwork(vnet);
            foreach (var subnet in Arr(Obj(vnet, "properties"), "subnets"))
            {
                if (Str(subnet, "id") != null) _subnets[IdOf(subnet)] = ParseSubnet(subnet);
            }
        }

        private static string IdOf(JsonElement e) => Str(e, "id") ?? "";

        internal static VirtualNetworkState ParseVirtualNetwork(JsonElement e)
        {
            var p = Obj(e, "properties");
            return new VirtualNetworkState(IdOf(e),
                Arr(p, "subnets").Any(s => string.Equals(Str(s, "name"), "GatewaySubnet", StringComparison.OrdinalIgnoreCase) || IdOf(s).EndsWith("/subnets/GatewaySubnet", StringComparison.OrdinalIgnoreCase)),
                Arr(p, "virtualNetworkPeerings").Any(x => Bool(Obj(x, "properties"), "useRemoteGateways") == true));
        }

        /// <summary>A NIC; with <paramref name="shared"/>, the subnet and NSG ids many NICs name are kept once.</summary>
        internal static NicState ParseNic(JsonElement e, SharedValues? shared = null)
        {
            var p = Obj(e, "properties");
            var configurations = Arr(p, "ipConfigurations").Select(c => Obj(c, "properties")).ToArray();
            string? Share(string? id) => shared != null ? shared.Share(id) : id;
            return new NicState(
                IdOf(e),
                RefId(p, "virtualMachine"),
                configurations.Select(c => Share(RefId(c, "subnet"))).Where(s => s != null).Select(s => s!).Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
                Share(RefId(p, "networkSecurityGroup")),
                configurations.Any(c => RefId(c, "publicIPAddress") != null),
                // A prefix-style address (172.20.2.16/28, NetworkInterfaceGet.json) keeps only its address.
                configurations.Select(c => Str(c, "privateIPAddress")).Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a!.Split('/')[0].Trim()).ToArray(),
                configurations.SelectMany(c => Arr(c, "applicationSecurityGroups")).Select(a => Share(Str(a, "id"))).Where(a => a != null).Select(a => a!).ToArray());
        }

        internal static SubnetState ParseSubnet(JsonElement e)
        {
            var p = Obj(e, "properties");
            return new SubnetState(IdOf(e), RefId(p, "networkSecurityGroup"), RefId(p, "routeTable"));
        }

        internal static NetworkSecurityGroupState ParseNsg(JsonElement e)
        {
            var p = Obj(e, "properties");
            var parsed = Arr(p, "securityRules").Select(r => (Json: r, Rule: ParseRule(r, false)))
                .Concat(Arr(p, "defaultSecurityRules").Select(r => (Json: r, Rule: ParseRule(r, true)))).ToArray();
            var rules = parsed.Where(r => r.Rule != null).Select(r => r.Rule!).ToList();
            var unreadable = parsed.Where(r => r.Rule == null).Select(r => Str(r.Json, "name") ?? IdOf(r.Json)).ToArray();

            // ARM always returns the default rules, but a trimmed payload may not: without them an NSG would look like it allows nothing.
            if (!rules.Any(r => r.IsDefault)) rules.AddRange(DefaultRules);
            return new NetworkSecurityGroupState(IdOf(e), rules, unreadable);
        }

        internal static RouteTableState ParseRouteTable(JsonElement e)
        {
            var routes = Arr(Obj(e, "properties"), "routes").Select(r =>
            {
                var p = Obj(r, "properties");
                return new RouteState(Str(r, "name") ?? "", Str(p, "addressPrefix"), Str(p, "nextHopType"), Str(p, "nextHopIpAddress"));
            }).ToArray();
            return new RouteTableState(IdOf(e), routes, Bool(Obj(e, "properties"), "disableBgpRoutePropagation"));
        }

        private static SecurityRuleState? ParseRule(JsonElement r, bool isDefault)
        {
            var p = Obj(r, "properties");
            // Without priority, direction or access a rule cannot be placed: the NSG reports it as unreadable, never as absent.
            if (Int(p, "priority") is not int priority || Str(p, "direction") is not string direction || Str(p, "access") is not string access) return null;
            var sourceGroups = Arr(p, "sourceApplicationSecurityGroups").Select(a => Str(a, "id")).Where(a => a != null).Select(a => a!).ToArray();
            var sources = Merge(Str(p, "sourceAddressPrefix"), Strings(p, "sourceAddressPrefixes"));
            return new SecurityRuleState(
                Str(r, "name") ?? "",
                priority,
                direction,
                access,
                Str(p, "protocol") ?? "*",
                // A rule that names neither prefixes nor groups as its source is read as any source.
                sources.Count == 0 && sourceGroups.Length == 0 ? new[] { "*" } : sources,
                sourceGroups,
                Merge(Str(p, "destinationAddressPrefix"), Strings(p, "destinationAddressPrefixes")),
                Merge(Str(p, "destinationPortRange"), Strings(p, "destinationPortRanges")),
                isDefault);
        }

        private static IReadOnlyList<string> Merge(string? single, string[] plural) =>
            (single == null ? plural : plural.Prepend(single)).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).ToArray();

        /// <summary>The three outbound default rules every NSG has (NetworkSecurityGroupGet.json).</summary>
        internal static readonly IReadOnlyList<SecurityRuleState> DefaultRules = new[]
        {
            new SecurityRuleState("AllowVnetOutBound", 65000, "Outbound", "Allow", "*", new[] { "VirtualNetwork" }, new[] { "*" }, true),
            new SecurityRuleState("AllowInternetOutBound", 65001, "Outbound", "Allow", "*", new[] { "Internet" }, new[] { "*" }, true),
            new SecurityRuleState("DenyAllOutBound", 65500, "Outbound", "Deny", "*", new[] { "*" }, new[] { "*" }, true),
        };
    }
}
