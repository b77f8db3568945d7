using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using AzBackupTroubleshoot.Inventory;

namespace AzBackupTroubleshoot.Readiness.Network
{
    /// <summary>Outbound traffic from a VM to an Azure service tag on one TCP port.</summary>
    public sealed class OutboundFlow
    {
        public OutboundFlow(string destinationTag, int port)
            : this(destinationTag, port, null)
        {
        }

        public OutboundFlow(string destinationTag, int port, FlowSource? source)
        {
            DestinationTag = destinationTag;
            Port = port;
            Source = source ?? FlowSource.Unknown;
        }

        /// <summary>Where the traffic starts: the VM's private addresses and application security groups.</summary>
        public FlowSource Source { get; }

        public OutboundFlow From(FlowSource source) => new OutboundFlow(DestinationTag, Port, source);

        /// <summary>Internet, AzureCloud, Storage.&lt;region&gt; and the like.</summary>
        public string DestinationTag { get; }
        public int Port { get; }

        public override string ToString() => $"TCP {Port.ToString(CultureInfo.InvariantCulture)} to {DestinationTag}";
    }

    /// <summary>The source side of an outbound flow: the NIC's private addresses and its application security groups.</summary>
    public sealed class FlowSource
    {
        public FlowSource(IReadOnlyList<string> addresses, IReadOnlyList<string> applicationSecurityGroupIds)
        {
            Addresses = addresses;
            ApplicationSecurityGroupIds = applicationSecurityGroupIds;
        }

        /// <summary>Nothing known about the source: a rule that names specific source addresses may or may not apply.</summary>
        public static FlowSource Unknown { get; } = new FlowSource(Array.Empty<string>(), Array.Empty<string>());

        public IReadOnlyList<string> Addresses { get; }
        public IReadOnlyList<string> ApplicationSecurityGroupIds { get; }
    }

    /// <summary>How a rule's destination and port relate to a flow.</summary>
    public enum RuleCoverage
    {
        /// <summary>The rule does not apply to the flow.</summary>
        None,
        /// <summary>The rule applies to part of the flow's addresses (a public CIDR, a narrower tag).</summary>
        Partial,
        /// <summary>The rule applies to all of it.</summary>
        Full,
    }

    public enum FlowOutcome
    {
        Allowed,
        /// <summary>Some of the destination's addresses are denied.</summary>
        PartlyDenied,
        Denied,
    }

    /// <summary>What the NSGs on a VM's path do to one flow, and which rules decided it.</summary>
    public sealed class FlowVerdict
    {
        public FlowVerdict(OutboundFlow flow, FlowOutcome outcome, IReadOnlyList<string> decidingRules)
        {
            Flow = flow;
            Outcome = outcome;
            DecidingRules = decidingRules;
        }

        public OutboundFlow Flow { get; }
        public FlowOutcome Outcome { get; }
        /// <summary>"nsg/rule (priority)" for each rule that denied, or that allowed when nothing denied.</summary>
        public IReadOnlyList<string> DecidingRules { get; }
    }

    /// <summary>
    /// NSG outbound evaluation as Azure does it: per NSG, rules by ascending priority, first match wins;
    /// the NIC's NSG and the subnet's NSG must both allow. Works on service tags without their IP lists,
    /// so a rule that names part of a tag's addresses counts as a partial match.
    /// </summary>
    public static class NsgEvaluator
    {
        public const string WireServer = "168.63.129.16";

        // Tags that never hold the public Azure addresses our flows go to.
        private static readonly HashSet<string> PrivateTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "VirtualNetwork", "AzureLoadBalancer", "AzurePlatformDNS", "AzurePlatformIMDS", "AzurePlatformLKM",
        };

        public static FlowVerdict Evaluate(IEnumerable<NetworkSecurityGroupState> nsgsOnPath, OutboundFlow flow)
        {
            var denied = new List<string>();
            var partly = new List<string>();
            var allowed = new List<string>();
            foreach (var nsg in nsgsOnPath)
            {
                var name = Last(nsg.Id);
                foreach (var rule in nsg.Rules.Where(r => r.IsOutbound).OrderBy(r => r.Priority))
                {
                    var coverage = Cover(rule, flow);
                    if (coverage == RuleCoverage.None) continue;
                    var label = $"{name}/{rule.Name} ({rule.Priority.ToString(CultureInfo.InvariantCulture)})";
                    if (coverage == RuleCoverage.Partial)
                    {
                        if (!rule.IsAllow) partly.Add(label);
                        continue;
                    }

                    (rule.IsAllow ? allowed : denied).Add(label);
                    break;
                }
            }

            if (denied.Count > 0) return new FlowVerdict(flow, FlowOutcome.Denied, denied);
            if (partly.Count > 0) return new FlowVerdict(flow, FlowOutcome.PartlyDenied, partly);
            return new FlowVerdict(flow, FlowOutcome.Allowed, allowed);
        }

        public static RuleCoverage Cover(SecurityRuleState rule, OutboundFlow flow)
        {
            if (!(rule.Protocol == "*" || rule.Protocol.Equals("Tcp", StringComparison.OrdinalIgnoreCase))) return RuleCoverage.None;
            if (!rule.DestinationPorts.Any(p => PortMatches(p, flow.Port))) return RuleCoverage.None;
            var best = RuleCoverage.None;
            foreach (var prefix in rule.DestinationPrefixes)
            {
                var c = Cover(prefix, flow.DestinationTag);
                if (c > best) best = c;
            }

            // A rule applies only to traffic from its sources: the narrower of the two sides decides.
            var source = CoverSource(rule, flow.Source);
            return source < best ? source : best;
        }

        /// <summary>How a rule's source matches the VM: *, VirtualNetwork and a CIDR holding the VM's address apply; other tags never hold a private address.</summary>
        public static RuleCoverage CoverSource(SecurityRuleState rule, FlowSource source)
        {
            var best = RuleCoverage.None;
            if (rule.SourceApplicationSecurityGroupIds.Any(g => source.ApplicationSecurityGroupIds.Contains(g, StringComparer.OrdinalIgnoreCase))) best = RuleCoverage.Full;
            foreach (var prefix in rule.SourcePrefixes)
            {
                RuleCoverage c;
                if (prefix == "*" || prefix == "0.0.0.0/0" || prefix.Equals("VirtualNetwork", StringComparison.OrdinalIgnoreCase)) c = RuleCoverage.Full;
                else if (!LooksLikeAddress(prefix)) c = RuleCoverage.None;
                else if (source.Addresses.Count == 0) c = RuleCoverage.Partial;
                else
                {
                    var inside = source.Addresses.Count(a => Contains(prefix, a));
                    c = inside == source.Addresses.Count ? RuleCoverage.Full : inside > 0 ? RuleCoverage.Partial : RuleCoverage.None;
                }

                if (c > best) best = c;
            }

            return best;
        }

        /// <summary>True when <paramref name="address"/> lies in <paramref name="prefix"/> (an IPv4 address or CIDR).</summary>
        internal static bool Contains(string prefix, string address)
        {
            var slash = prefix.IndexOf('/');
            if (!IPAddress.TryParse(slash < 0 ? prefix : prefix.Substring(0, slash), out var network) || !IPAddress.TryParse(address, out var host)) return false;
            var n = network.GetAddressBytes();
            var h = host.GetAddressBytes();
            if (n.Length != h.Length) return false;
            var bits = slash < 0 ? n.Length * 8 : int.TryParse(prefix.Substring(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : -1;
            if (bits < 0 || bits > n.Length * 8) return false;
            for (var i = 0; i < n.Length && bits > 0; i++, bits -= 8)
            {
                var mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
                if ((n[i] & mask) != (h[i] & mask)) return false;
            }

            return true;
        }

        /// <summary>True when a rule names 168.63.129.16, which NSGs never apply to.</summary>
        public static bool NamesWireServer(SecurityRuleState rule) =>
            rule.DestinationPrefixes.Any(p => p == WireServer || p == WireServer + "/32");

        private static RuleCoverage Cover(string prefix, string flowTag)
        {
            if (prefix == "*" || prefix == "0.0.0.0/0" || prefix.Equals("Internet", StringComparison.OrdinalIgnoreCase)) return RuleCoverage.Full;
            if (LooksLikeAddress(prefix)) return IsPublic(prefix) ? RuleCoverage.Partial : RuleCoverage.None;

            var (ruleService, ruleRegion) = SplitTag(prefix);
            var (flowService, flowRegion) = SplitTag(flowTag);
            if (PrivateTags.Contains(ruleService)) return RuleCoverage.None;
            if (flowService.Equals("Internet", StringComparison.OrdinalIgnoreCase)) return RuleCoverage.Partial;

            var sameService = ruleService.Equals(flowService, StringComparison.OrdinalIgnoreCase);
            // AzureCloud holds every public Azure address, so it covers any service's tag.
            var ruleContainsService = sameService || ruleService.Equals("AzureCloud", StringComparison.OrdinalIgnoreCase);
            var flowContainsService = sameService || flowService.Equals("AzureCloud", StringComparison.OrdinalIgnoreCase);
            var regionsMeet = ruleRegion == null || flowRegion == null || ruleRegion.Equals(flowRegion, StringComparison.OrdinalIgnoreCase);
            if (!regionsMeet) return RuleCoverage.None;
            if (ruleContainsService && (ruleRegion == null || flowRegion != null)) return RuleCoverage.Full;
            return ruleContainsService || flowContainsService ? RuleCoverage.Partial : RuleCoverage.None;
        }

        private static (string Service, string? Region) SplitTag(string tag)
        {
            var dot = tag.IndexOf('.');
            return dot < 0 ? (tag, null) : (tag.Substring(0, dot), tag.Substring(dot + 1));
        }

        private static bool PortMatches(string range, int port)
        {
            if (range == "*") return true;
            var dash = range.IndexOf('-');
            if (dash < 0) return int.TryParse(range, NumberStyles.None, CultureInfo.InvariantCulture, out var single) && single == port;
            return int.TryParse(range.Substring(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var low) &&
                   int.TryParse(range.Substring(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var high) &&
                   low <= port && port <= high;
        }

        private static bool LooksLikeAddress(string prefix) => prefix.Length > 0 && (char.IsDigit(prefix[0]) || prefix.Contains(":"));

        // RFC 1918, shared address space, link-local and loopback never carry a public Azure service.
        private static bool IsPublic(string prefix)
        {
            var slash = prefix.IndexOf('/');
            if (!IPAddress.TryParse(slash < 0 ? prefix : prefix.Substring(0, slash), out var address)) return false;
            if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork) return true;
            var b = address.GetAddressBytes();
            if (prefix.StartsWith(WireServer, StringComparison.Ordinal)) return false;
            return !(b[0] == 10 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168) ||
                     (b[0] == 100 && b[1] >= 64 && b[1] <= 127) || (b[0] == 169 && b[1] == 254) || b[0] == 127);
        }

        private static string Last(string id) => id.Substring(id.LastIndexOf('/') + 1);
    }
}
