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
        private readonly ConcurrentDictionary<string, RouteTableState> _routeTables = new ConcurrentDictionary<string, RouteTableState>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, string> _unreadable = new ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public NetworkReader(ArmConnection connection) => _connection = connection;

        /// <summary>The listings worth making before the VMs are known: all four types for a subscription, NICs for a group.</summary>
        public Task PreloadAsync(InventoryScope scope, CancellationToken cancellationToken)
        {
            var subscription = "/subscriptions/" + scope.SubscriptionId;
            if (scope.VmName != null) return Task.CompletedTask;
            if (scope.ResourceGroup != null)
            {
                return ListAsync(subscription + "/resourceGroups/" + scope.ResourceGroup + "/providers/Microsoft.Network/networkInterfaces", e => _nics[IdOf(e)] = ParseNic(e), cancellationToken);
            }

            return Task.WhenAll(
                ListAsync(subscription + "/providers/Microsoft.Network/networkInterfaces", e => _nics[IdOf(e)] = ParseNic(e), cancellationToken),
                ListAsync(subscription + "/providers/Microsoft.Network/virtualNetworks", AddSubnetsOf, cancellationToken),
                ListAsync(subscription + "/providers/Microsoft.Network/networkSecurityGroups", e => _nsgs[IdOf(e)] = ParseNsg(e), cancellationToken),
                ListAsync(subscription + "/providers/Microsoft.Network/routeTables", e => _routeTables[IdOf(e)] = ParseRouteTable(e), cancellationToken));
        }

        /// <summary>Reads by id whatever the VMs reference and the listings lacked, level by level.</summary>
        public async Task<NetworkView> CompleteAsync(IEnumerable<VmState> vms, CancellationToken cancellationToken)
        {
            await FetchMissingAsync(vms.SelectMany(v => v.NetworkInterfaceIds), _nics, ParseNic, cancellationToken).ConfigureAwait(false);
            var nics = _nics.Values.ToArray();
            await Task.WhenAll(
                FetchMissingAsync(nics.SelectMany(n => n.SubnetIds), _subnets, ParseSubnet, cancellationToken),
                FetchMissingAsync(nics.Select(n => n.NetworkSecurityGroupId), _nsgs, ParseNsg, cancellationToken)).ConfigureAwait(false);
            var subnets = _subnets.Values.ToArray();
            await Task.WhenAll(
                FetchMissingAsync(subnets.Select(s => s.NetworkSecurityGroupId), _nsgs, ParseNsg, cancellationToken),
                FetchMissingAsync(subnets.Select(s => s.RouteTableId), _routeTables, ParseRouteTable, cancellationToken)).ConfigureAwait(false);
            return new NetworkView
            {
                Nics = new Dictionary<string, NicState>(_nics, StringComparer.OrdinalIgnoreCase),
                Subnets = new Dictionary<string, SubnetState>(_subnets, StringComparer.OrdinalIgnoreCase),
                SecurityGroups = new Dictionary<string, NetworkSecurityGroupState>(_nsgs, StringComparer.OrdinalIgnoreCase),
                RouteTables = new Dictionary<string, RouteTableState>(_routeTables, StringComparer.OrdinalIgnoreCase),
                Unreadable = new Dictionary<string, string>(_unreadable, StringComparer.OrdinalIgnoreCase),
            };
        }

        private async Task ListAsync(string path, Action<JsonElement> add, CancellationToken cancellationToken)
        {
            try
            {
                await foreach (var e in _connection.Rest.ListAsync(path, NetworkApiVersion, cancellationToken).ConfigureAwait(false))
                {
                    if (e.ValueKind == JsonValueKind.Object && Str(e, "id") != null) add(e);
                }
            }
            catch (ArmRequestException)
            {
                // A listing that fails is not a gap by itself: whatever a VM references is then read by id.
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

        private void AddSubnetsOf(JsonElement vnet)
        {
            foreach (var subnet in Arr(Obj(vnet, "properties"), "subnets"))
            {
                if (Str(subnet, "id") != null) _subnets[IdOf(subnet)] = ParseSubnet(subnet);
            }
        }

        private static string IdOf(JsonElement e) => Str(e, "id") ?? "";

        internal static NicState ParseNic(JsonElement e)
        {
            var p = Obj(e, "properties");
            var configurations = Arr(p, "ipConfigurations").Select(c => Obj(c, "properties")).ToArray();
            return new NicState(
                IdOf(e),
                RefId(p, "virtualMachine"),
                configurations.Select(c => RefId(c, "subnet")).Where(s => s != null).Select(s => s!).Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
                RefId(p, "networkSecurityGroup"),
                configurations.Any(c => RefId(c, "publicIPAddress") != null));
        }

        internal static SubnetState ParseSubnet(JsonElement e)
        {
            var p = Obj(e, "properties");
            return new SubnetState(IdOf(e), RefId(p, "networkSecurityGroup"), RefId(p, "routeTable"));
        }

        internal static NetworkSecurityGroupState ParseNsg(JsonElement e)
        {
            var p = Obj(e, "properties");
            var rules = Arr(p, "securityRules").Select(r => ParseRule(r, false))
                .Concat(Arr(p, "defaultSecurityRules").Select(r => ParseRule(r, true)))
                .Where(r => r != null).Select(r => r!).ToList();

            // ARM always returns the default rules, but a trimmed payload may not: without them an NSG would look like it allows nothing.
            if (!rules.Any(r => r.IsDefault)) rules.AddRange(DefaultRules);
            return new NetworkSecurityGroupState(IdOf(e), rules);
        }

        internal static RouteTableState ParseRouteTable(JsonElement e)
        {
            var routes = Arr(Obj(e, "properties"), "routes").Select(r =>
            {
                var p = Obj(r, "properties");
                return new RouteState(Str(r, "name") ?? "", Str(p, "addressPrefix"), Str(p, "nextHopType"), Str(p, "nextHopIpAddress"));
            }).ToArray();
            return new RouteTableState(IdOf(e), routes);
        }

        private static SecurityRuleState? ParseRule(JsonElement r, bool isDefault)
        {
            var p = Obj(r, "properties");
            if (Int(p, "priority") is not int priority) return null;
            return new SecurityRuleState(
                Str(r, "name") ?? "",
                priority,
                Str(p, "direction") ?? "",
                Str(p, "access") ?? "",
                Str(p, "protocol") ?? "*",
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
