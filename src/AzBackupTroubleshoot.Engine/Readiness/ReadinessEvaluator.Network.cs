using System;
using System.Collections.Generic;
using System.Linq;
using AzBackupTroubleshoot.Inventory;
using AzBackupTroubleshoot.Localization;
using AzBackupTroubleshoot.Readiness.Network;

namespace AzBackupTroubleshoot.Readiness
{
    // Snapshot backup itself needs no outbound path: the agent talks to 168.63.129.16, which NSGs and
    // routes never touch, and the data moves on Azure's backbone. So these checks only judge the
    // traffic that does leave the VM: Run Command's output (the in-guest checks), extension downloads
    // by an agent older than the supported minimum, and VMs with Write Accelerator disks.
    public static partial class ReadinessEvaluator
    {
        private static readonly LocalizedText GuestChecksPointer = Text(
            "The guest firewall, proxy and DHCP are judged by the in-guest checks (Guest.WireServer, Guest.Proxy, Guest.Dhcp: Test-AzVmBackupReadiness -InGuest).",
            "ゲストのファイアウォール、プロキシ、DHCP はゲスト内チェック (Guest.WireServer、Guest.Proxy、Guest.Dhcp: Test-AzVmBackupReadiness -InGuest) で確認します。");

        /// <summary>A flow the VM needs, what breaks when it is denied, and how serious that is.</summary>
        private sealed class NeededFlow
        {
            public NeededFlow(OutboundFlow flow, LocalizedText purpose, CheckStatus whenDenied, string? remedy)
            {
                Flow = flow;
                Purpose = purpose;
                WhenDenied = whenDenied;
                Remedy = remedy;
            }

            public OutboundFlow Flow { get; }
            public LocalizedText Purpose { get; }
            public CheckStatus WhenDenied { get; }
            public string? Remedy { get; }
        }

        private sealed class NetworkPath
        {
            public NicState? Nic;
            public SubnetState? Subnet;
            public List<NetworkSecurityGroupState> SecurityGroups = new List<NetworkSecurityGroupState>();
            public RouteTableState? RouteTable;
            public VirtualNetworkState? VirtualNetwork;
            public List<string> Unreadable = new List<string>();
        }

        private static NetworkPath PathOf(VmState vm, NetworkView network)
        {
            var path = new NetworkPath();
            string? Want(string? id)
            {
                if (id != null && network.Unreadable.TryGetValue(id, out var why)) path.Unreadable.Add(Last(id) + ": " + why);
                return id;
            }

            var nicId = Want(vm.PrimaryNetworkInterfaceId);
            if (nicId == null || !network.Nics.TryGetValue(nicId, out path.Nic)) return path;
            // The NIC's NSG applies first to outbound traffic, then the subnet's.
            if (Want(path.Nic.NetworkSecurityGroupId) is string nicNsg && network.SecurityGroups.TryGetValue(nicNsg, out var a)) path.SecurityGroups.Add(a);
            if (Want(path.Nic.SubnetIds.FirstOrDefault()) is string subnetId && network.Subnets.TryGetValue(subnetId, out path.Subnet))
            {
                if (Want(path.Subnet.NetworkSecurityGroupId) is string subnetNsg && network.SecurityGroups.TryGetValue(subnetNsg, out var b)) path.SecurityGroups.Add(b);
                if (Want(path.Subnet.RouteTableId) is string rt) network.RouteTables.TryGetValue(rt, out path.RouteTable);
                network.VirtualNetworks.TryGetValue(NetworkReader.VirtualNetworkOf(subnetId), out path.VirtualNetwork);
            }

            return path;
        }

        private static List<NeededFlow> FlowsNeeded(VmState vm)
        {
            var flows = new List<NeededFlow>
            {
                new NeededFlow(new OutboundFlow("AzureCloud", 443),
                    Text("Run Command cannot return the in-guest checks' output", "Run Command がゲスト内チェックの結果を返せません"), CheckStatus.Warning, null),
            };
            if (IsBelowMinimumAgent(vm) && vm.Location != null)
            {
                flows.Add(new NeededFlow(new OutboundFlow("Storage." + Normalize(vm.Location).ToLowerInvariant(), 443),
                    Text("the agent, older than the supported minimum, cannot download the backup extension from Storage", "サポート下限より古いエージェントが Storage からバックアップ拡張機能をダウンロードできません"),
                    CheckStatus.Fail, "ExtensionSnapshotFailedNoNetwork"));
            }

            if (vm.Disks.Any(d => d.WriteAccelerator))
            {
                flows.Add(new NeededFlow(new OutboundFlow("Internet", 443),
                    Text("backup of a VM with Write Accelerator disks needs outbound internet access", "書き込みアクセラレータ ディスクを持つ VM のバックアップには送信インターネット接続が必要です"),
                    CheckStatus.Fail, "UserErrorVMInternetConnectivityIssue"));
            }

            return flows;
        }

        private static Finding NsgOutbound(VmState vm, NetworkView network)
        {
            const string id = "Network.NsgOutbound";
            if (vm.PowerState != null && !IsRunning(vm))
                return new Finding(id, CheckStatus.NotApplicable, Text("The VM is not running: an offline backup does not use the guest's network.", "VM が実行中でないため、オフライン バックアップはゲストのネットワークを使いません。"), Evidence(), null);

            var path = PathOf(vm, network);
            var missing = MissingNetwork(vm, path, network);
            var badRules = path.SecurityGroups.SelectMany(n => n.UnreadableRules.Select(r => Last(n.Id) + "/" + r)).ToArray();
            if (missing == null && badRules.Length > 0) missing = "rules without priority, direction or access: " + string.Join(", ", badRules);
            if (missing != null)
            {
                return new Finding(id, CheckStatus.Unknown, Text($"The VM's network path could not be read in full ({missing}).", $"VM のネットワーク経路をすべて取得できませんでした ({missing})。"),
                    Evidence(("networkInterface", vm.PrimaryNetworkInterfaceId), ("unreadable", string.Join("; ", path.Unreadable)), ("missing", missing)), null);
            }

            var source = new FlowSource(path.Nic!.PrivateIpAddresses, path.Nic.ApplicationSecurityGroupIds);

            var wireServerRules = path.SecurityGroups.SelectMany(n => n.Rules.Where(r => r.IsOutbound && NsgEvaluator.NamesWireServer(r)).Select(r => Last(n.Id) + "/" + r.Name)).ToArray();
            var evidence = new List<(string, string?)>
            {
                ("networkInterface.networkSecurityGroup", path.Nic.NetworkSecurityGroupId),
                ("subnet.networkSecurityGroup", path.Subnet?.NetworkSecurityGroupId),
            };
            if (wireServerRules.Length > 0) evidence.Add(("rulesNaming168.63.129.16 (no effect)", string.Join(", ", wireServerRules)));

            if (path.SecurityGroups.Count == 0)
            {
                return new Finding(id, CheckStatus.Pass, Join(Text("No NSG on the NIC or its subnet.", "NIC にもサブネットにも NSG はありません。"), GuestChecksPointer), Evidence(evidence.ToArray()), null);
            }

            var worst = CheckStatus.Pass;
            string? remedy = null;
            var problems = new List<LocalizedText>();
            foreach (var needed in FlowsNeeded(vm))
            {
                var verdict = NsgEvaluator.Evaluate(path.SecurityGroups, needed.Flow.From(source));
                evidence.Add(($"flow[{needed.Flow}]", verdict.Outcome + (verdict.DecidingRules.Count > 0 ? " by " + string.Join(", ", verdict.DecidingRules) : "")));
                if (verdict.Outcome == FlowOutcome.Allowed) continue;
                var status = verdict.Outcome == FlowOutcome.Denied ? needed.WhenDenied : CheckStatus.Warning;
                var rules = string.Join(", ", verdict.DecidingRules);
                problems.Add(verdict.Outcome == FlowOutcome.Denied
                    ? Text($"{rules} denies {needed.Flow}: {needed.Purpose.English}.", $"{rules} が {needed.Flow} を拒否しています。{needed.Purpose.Japanese}。")
                    : Text($"{rules} denies part of {needed.Flow}: {needed.Purpose.English} for those addresses.", $"{rules} が {needed.Flow} の一部を拒否しています。その宛先では{needed.Purpose.Japanese}。"));
                if (status > worst)
                {
                    worst = status;
                    remedy = needed.Remedy;
                }
                else if (status == worst && remedy == null)
                {
                    remedy = needed.Remedy;
                }
            }

            if (problems.Count == 0)
            {
                var note = wireServerRules.Length > 0
                    ? Text($"NSG outbound rules allow what the VM needs. Rules naming 168.63.129.16 ({string.Join(", ", wireServerRules)}) have no effect: NSGs do not apply to it.",
                           $"NSG の送信規則は VM に必要な通信を許可しています。168.63.129.16 を指定した規則 ({string.Join(", ", wireServerRules)}) には効果がありません (NSG は適用されません)。")
                    : Text("NSG outbound rules allow what the VM needs; 168.63.129.16 is never subject to NSGs.", "NSG の送信規則は VM に必要な通信を許可しています。168.63.129.16 には NSG が適用されません。");
                return new Finding(id, CheckStatus.Pass, Join(note, GuestChecksPointer), Evidence(evidence.ToArray()), null);
            }

            return new Finding(id, worst, Join(problems.ToArray()), Evidence(evidence.ToArray()), remedy);
        }

        private static Finding ForcedTunneling(VmState vm, NetworkView network)
        {
            const string id = "Network.ForcedTunneling";
            var path = PathOf(vm, network);
            var missing = MissingNetwork(vm, path, network) ?? (path.VirtualNetwork == null ? "virtualNetwork " + NetworkReader.VirtualNetworkOf(path.Nic!.SubnetIds[0]) : null);
            if (missing != null)
            {
                return new Finding(id, CheckStatus.Unknown, Text($"The VM's subnet, virtual network or route table could not be read ({missing}).", $"VM のサブネット、仮想ネットワーク、ルート テーブルのいずれかを取得できませんでした ({missing})。"),
                    Evidence(("unreadable", string.Join("; ", path.Unreadable)), ("missing", missing)), null);
            }

            var defaultRoute = DefaultRouteOf(path.RouteTable);
            var bgp = path.VirtualNetwork!.MayLearnBgpRoutes && path.RouteTable?.DisableBgpRoutePropagation != true;
            var ev = Evidence(("subnet.routeTable", path.Subnet?.RouteTableId), ("route[0.0.0.0/0].nextHopType", defaultRoute?.NextHopType), ("route[0.0.0.0/0].nextHopIpAddress", defaultRoute?.NextHopIpAddress),
                ("routeTable.disableBgpRoutePropagation", path.RouteTable?.DisableBgpRoutePropagation?.ToString()),
                ("virtualNetwork.gateway", path.VirtualNetwork.HasGatewaySubnet ? "GatewaySubnet" : path.VirtualNetwork.UsesRemoteGateways ? "useRemoteGateways" : null));
            if (defaultRoute == null && bgp)
            {
                // A user route for 0.0.0.0/0 would win over a BGP one; without it, only the NIC's effective routes say where internet traffic goes.
                ev = Evidence(ev.Select(kv => (kv.Key, kv.Value)).Append(("missing", "effective routes (POST .../networkInterfaces/{nic}/effectiveRouteTable)")).ToArray());
                return new Finding(id, CheckStatus.Unknown,
                    Text("No user route for 0.0.0.0/0, but a gateway can advertise one by BGP into this network (route propagation is on): only the NIC's effective routes (Get-AzEffectiveRouteTable) tell.",
                         "0.0.0.0/0 のユーザー定義ルートはありませんが、ゲートウェイが BGP でこのネットワークへ既定ルートを広告できます (ルート伝達が有効)。NIC の有効なルート (Get-AzEffectiveRouteTable) でしか判断できません。"),
                    ev, null);
            }

            if (defaultRoute == null || string.Equals(defaultRoute.NextHopType, "Internet", StringComparison.OrdinalIgnoreCase))
                return new Finding(id, CheckStatus.Pass, Text("No forced tunnelling: outbound traffic leaves to the internet directly.", "強制トンネリングはありません。送信トラフィックは直接インターネットへ出ます。"), ev, null);

            // The first flow whose denial fails the backup says whether (and why) this VM needs outbound access.
            var outbound = FlowsNeeded(vm).FirstOrDefault(f => f.WhenDenied == CheckStatus.Fail);
            var needsOutbound = outbound != null;
            var hop = defaultRoute.NextHopType + (defaultRoute.NextHopIpAddress == null ? "" : " " + defaultRoute.NextHopIpAddress);
            if (string.Equals(defaultRoute.NextHopType, "None", StringComparison.OrdinalIgnoreCase))
            {
                return new Finding(id, needsOutbound ? CheckStatus.Fail : CheckStatus.Warning,
                    Text($"Route {defaultRoute.Name} drops all internet-bound traffic (next hop None): Run Command cannot return output{(needsOutbound ? ", and this VM's backup needs outbound access" : "")}. 168.63.129.16 is not affected.",
                         $"ルート {defaultRoute.Name} がインターネット向けの通信をすべて破棄します (次ホップ None)。Run Command は結果を返せません{(needsOutbound ? "。この VM のバックアップには送信接続が必要です" : "")}。168.63.129.16 は影響を受けません。"),
                    ev, outbound?.Remedy);
            }

            if (needsOutbound)
            {
                return new Finding(id, CheckStatus.Warning,
                    Text($"Outbound traffic is forced through {hop}; this VM's backup needs outbound access, so the appliance must let Azure Storage traffic through.",
                         $"送信トラフィックは {hop} へ強制的に送られます。この VM のバックアップには送信接続が必要なため、アプライアンスで Azure Storage への通信を許可してください。"),
                    ev, outbound!.Remedy);
            }

            return new Finding(id, CheckStatus.Pass,
                Text($"Information: outbound traffic is forced through {hop}. Snapshot backup and 168.63.129.16 are unaffected; Run Command output needs the appliance to pass Azure traffic.",
                     $"情報: 送信トラフィックは {hop} へ強制的に送られます。スナップショット バックアップと 168.63.129.16 には影響しません。Run Command の結果の返送にはアプライアンスが Azure への通信を通す必要があります。"),
                ev, null);
        }

        /// <summary>What of the VM's network path is missing (model, NIC, subnet, something unreadable), or null when all of it was read.</summary>
        private static string? MissingNetwork(VmState vm, NetworkPath path, NetworkView network)
        {
            if (!vm.HasModel) return "properties.networkProfile (the VM model was not read)";
            if (vm.PrimaryNetworkInterfaceId == null) return "properties.networkProfile.networkInterfaces";
            if (path.Unreadable.Count > 0) return string.Join("; ", path.Unreadable);
            if (path.Nic == null) return "networkInterface " + vm.PrimaryNetworkInterfaceId;
            if (path.Nic.SubnetIds.Count == 0) return "networkInterface.ipConfigurations[].properties.subnet";
            if (path.Subnet == null) return "subnet " + path.Nic.SubnetIds[0];
            return null;
        }

        /// <summary>The user route internet-bound traffic takes: 0.0.0.0/0, or the 0.0.0.0/1 + 128.0.0.0/1 pair that overrides it.</summary>
        private static RouteState? DefaultRouteOf(RouteTableState? table)
        {
            if (table == null) return null;
            var full = table.Routes.FirstOrDefault(r => r.AddressPrefix == "0.0.0.0/0");
            var low = table.Routes.FirstOrDefault(r => r.AddressPrefix == "0.0.0.0/1");
            var high = table.Routes.FirstOrDefault(r => r.AddressPrefix == "128.0.0.0/1");
            // Longer prefixes win: a split pair covers every address ahead of 0.0.0.0/0.
            return low != null && high != null && string.Equals(low.NextHopType, high.NextHopType, StringComparison.OrdinalIgnoreCase) ? low : full;
        }

        private static bool IsBelowMinimumAgent(VmState vm) =>
            TryParseVersion(vm.AgentVersion, out var version) &&
            version < (string.Equals(vm.OsType, "Linux", StringComparison.OrdinalIgnoreCase) ? MinimumLinuxAgent : MinimumWindowsAgent);

        private static LocalizedText Join(params LocalizedText[] parts) =>
            Text(string.Join(" ", parts.Select(p => p.English)), string.Join("", parts.Select(p => p.Japanese)));
    }
}
