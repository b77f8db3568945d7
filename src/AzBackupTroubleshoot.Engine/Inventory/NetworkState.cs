using System;
using System.Collections.Generic;

namespace AzBackupTroubleshoot.Inventory
{
    /// <summary>A NIC: the subnets its IP configurations sit in and the NSG attached to it.</summary>
    public sealed class NicState
    {
        public NicState(string id, string? virtualMachineId, IReadOnlyList<string> subnetIds, string? networkSecurityGroupId, bool hasPublicIp)
            : this(id, virtualMachineId, subnetIds, networkSecurityGroupId, hasPublicIp, Array.Empty<string>(), Array.Empty<string>())
        {
        }

        public NicState(string id, string? virtualMachineId, IReadOnlyList<string> subnetIds, string? networkSecurityGroupId, bool hasPublicIp,
            IReadOnlyList<string> privateIpAddresses, IReadOnlyList<string> applicationSecurityGroupIds)
        {
            PrivateIpAddresses = privateIpAddresses;
            ApplicationSecurityGroupIds = applicationSecurityGroupIds;
            Id = id;
            VirtualMachineId = virtualMachineId;
            SubnetIds = subnetIds;
            NetworkSecurityGroupId = networkSecurityGroupId;
            HasPublicIp = hasPublicIp;
        }

        public string Id { get; }
        public string? VirtualMachineId { get; }
        public IReadOnlyList<string> SubnetIds { get; }
        public string? NetworkSecurityGroupId { get; }
        public bool HasPublicIp { get; }
        /// <summary>The private addresses of its IP configurations: the source of the VM's outbound traffic.</summary>
        public IReadOnlyList<string> PrivateIpAddresses { get; }
        /// <summary>Application security groups its IP configurations belong to.</summary>
        public IReadOnlyList<string> ApplicationSecurityGroupIds { get; }
    }

    public sealed class SubnetState
    {
        public SubnetState(string id, string? networkSecurityGroupId, string? routeTableId)
        {
            Id = id;
            NetworkSecurityGroupId = networkSecurityGroupId;
            RouteTableId = routeTableId;
        }

        public string Id { get; }
        public string? NetworkSecurityGroupId { get; }
        public string? RouteTableId { get; }
    }

    /// <summary>One NSG rule as ARM stores it; the plural and singular forms of prefixes and ports are merged.</summary>
    public sealed class SecurityRuleState
    {
        public SecurityRuleState(string name, int priority, string direction, string access, string protocol, IReadOnlyList<string> destinationPrefixes, IReadOnlyList<string> destinationPorts, bool isDefault)
            : this(name, priority, direction, access, protocol, new[] { "*" }, Array.Empty<string>(), destinationPrefixes, destinationPorts, isDefault)
        {
        }

        public SecurityRuleState(string name, int priority, string direction, string access, string protocol, IReadOnlyList<string> sourcePrefixes, IReadOnlyList<string> sourceApplicationSecurityGroupIds,
            IReadOnlyList<string> destinationPrefixes, IReadOnlyList<string> destinationPorts, bool isDefault)
        {
            SourcePrefixes = sourcePrefixes;
            SourceApplicationSecurityGroupIds = sourceApplicationSecurityGroupIds;
            Name = name;
            Priority = priority;
            Direction = direction;
            Access = access;
            Protocol = protocol;
            DestinationPrefixes = destinationPrefixes;
            DestinationPorts = destinationPorts;
            IsDefault = isDefault;
        }

        public string Name { get; }
        public int Priority { get; }
        /// <summary>Inbound or Outbound.</summary>
        public string Direction { get; }
        /// <summary>Allow or Deny.</summary>
        public string Access { get; }
        /// <summary>*, Tcp, Udp, Icmp, Esp, Ah.</summary>
        public string Protocol { get; }
        /// <summary>Source prefixes (CIDRs, service tags, *); empty when the rule names application security groups as its source.</summary>
        public IReadOnlyList<string> SourcePrefixes { get; }
        public IReadOnlyList<string> SourceApplicationSecurityGroupIds { get; }
        /// <summary>Address prefixes, CIDRs or service tags; empty when the rule targets application security groups.</summary>
        public IReadOnlyList<string> DestinationPrefixes { get; }
        /// <summary>*, a port, or a range such as 80-443.</summary>
        public IReadOnlyList<string> DestinationPorts { get; }
        public bool IsDefault { get; }

        public bool IsOutbound => string.Equals(Direction, "Outbound", StringComparison.OrdinalIgnoreCase);
        public bool IsAllow => string.Equals(Access, "Allow", StringComparison.OrdinalIgnoreCase);
    }

    public sealed class NetworkSecurityGroupState
    {
        public NetworkSecurityGroupState(string id, IReadOnlyList<SecurityRuleState> rules)
            : this(id, rules, Array.Empty<string>())
        {
        }

        public NetworkSecurityGroupState(string id, IReadOnlyList<SecurityRuleState> rules, IReadOnlyList<string> unreadableRules)
        {
            Id = id;
            Rules = rules;
            UnreadableRules = unreadableRules;
        }

        /// <summary>Rules that lack a field the evaluation needs (priority, direction, access): the NSG's verdict is then unknown.</summary>
        public IReadOnlyList<string> UnreadableRules { get; }

        public string Id { get; }
        /// <summary>Custom and default rules together.</summary>
        public IReadOnlyList<SecurityRuleState> Rules { get; }
    }

    public sealed class RouteState
    {
        public RouteState(string name, string? addressPrefix, string? nextHopType, string? nextHopIpAddress)
        {
            Name = name;
            AddressPrefix = addressPrefix;
            NextHopType = nextHopType;
            NextHopIpAddress = nextHopIpAddress;
        }

        public string Name { get; }
        public string? AddressPrefix { get; }
        /// <summary>VirtualNetworkGateway, VnetLocal, Internet, VirtualAppliance, None.</summary>
        public string? NextHopType { get; }
        public string? NextHopIpAddress { get; }
    }

    public sealed class RouteTableState
    {
        public RouteTableState(string id, IReadOnlyList<RouteState> routes)
            : this(id, routes, null)
        {
        }

        public RouteTableState(string id, IReadOnlyList<RouteState> routes, bool? disableBgpRoutePropagation)
        {
            Id = id;
            Routes = routes;
            DisableBgpRoutePropagation = disableBgpRoutePropagation;
        }

        public string Id { get; }
        /// <summary>False (ARM's default) lets routes a gateway learns by BGP, a default route among them, reach the subnet.</summary>
        public bool? DisableBgpRoutePropagation { get; }
        public IReadOnlyList<RouteState> Routes { get; }
    }

    /// <summary>A virtual network: whether a gateway can advertise routes into it by BGP.</summary>
    public sealed class VirtualNetworkState
    {
        public VirtualNetworkState(string id, bool hasGatewaySubnet, bool usesRemoteGateways)
        {
            Id = id;
            HasGatewaySubnet = hasGatewaySubnet;
            UsesRemoteGateways = usesRemoteGateways;
        }

        public string Id { get; }
        /// <summary>A subnet named GatewaySubnet: where a VPN or ExpressRoute gateway lives.</summary>
        public bool HasGatewaySubnet { get; }
        /// <summary>A peering with useRemoteGateways: the hub's gateway advertises into this network.</summary>
        public bool UsesRemoteGateways { get; }
        public bool MayLearnBgpRoutes => HasGatewaySubnet || UsesRemoteGateways;
    }

    /// <summary>The network resources the VMs in scope reference, each read once, and those that could not be read.</summary>
    public sealed class NetworkView
    {
        public IReadOnlyDictionary<string, NicState> Nics { get; set; } = Empty<NicState>();
        public IReadOnlyDictionary<string, SubnetState> Subnets { get; set; } = Empty<SubnetState>();
        public IReadOnlyDictionary<string, NetworkSecurityGroupState> SecurityGroups { get; set; } = Empty<NetworkSecurityGroupState>();
        public IReadOnlyDictionary<string, RouteTableState> RouteTables { get; set; } = Empty<RouteTableState>();
        public IReadOnlyDictionary<string, VirtualNetworkState> VirtualNetworks { get; set; } = Empty<VirtualNetworkState>();
        /// <summary>Ids that were referenced but could not be read, with the reason.</summary>
        public IReadOnlyDictionary<string, string> Unreadable { get; set; } = Empty<string>();

        private static IReadOnlyDictionary<string, T> Empty<T>() => new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
    }
}
