using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AzBackupTroubleshoot.ArmEmulator;
using AzBackupTroubleshoot.Engine.Tests.Support;
using AzBackupTroubleshoot.Inventory;
using AzBackupTroubleshoot.Readiness;
using AzBackupTroubleshoot.Readiness.Network;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Readiness
{
    /// <summary>
    /// VMs behind NSGs and route tables in a hub resource group, read once at subscription scope
    /// (listings) and once at the VMs' group scope (references read by id).
    /// </summary>
    public sealed class NetworkEstate : IAsyncLifetime
    {
        public const string VmGroup = "rg-net";
        private const string Hub = "rg-hub";

        public IReadOnlyDictionary<string, VmReadinessReport> BySubscription { get; private set; } = null!;
        public IReadOnlyDictionary<string, VmReadinessReport> ByGroup { get; private set; } = null!;
        public RequestLog GroupScanRequests { get; private set; } = null!;
        public int SecurityGroupsReferenced { get; private set; }

        public async Task InitializeAsync()
        {
            var world = new World();
            var nsgId = (Func<string, string>)(name => ArmShapes.NetworkId(Hub, "networkSecurityGroups", name));
            JsonObject Rule(string nsg, string name, int priority, string access, string destination, string port) => ArmShapes.OutboundRule(nsgId(nsg), name, priority, access, destination, port);

            world.Add(ArmShapes.SecurityGroup(Hub, "nsg-deny-azurecloud", Rule("nsg-deny-azurecloud", "deny-azurecloud", 100, "Deny", "AzureCloud", "443")));
            world.Add(ArmShapes.SecurityGroup(Hub, "nsg-deny-wireserver",
                Rule("nsg-deny-wireserver", "deny-wireserver", 100, "Deny", "168.63.129.16", "*"),
                Rule("nsg-deny-wireserver", "deny-wireserver-32526", 110, "Deny", "168.63.129.16/32", "32526")));
            world.Add(ArmShapes.SecurityGroup(Hub, "nsg-deny-storage", Rule("nsg-deny-storage", "deny-storage", 100, "Deny", "Storage", "443")));
            world.Add(ArmShapes.SecurityGroup(Hub, "nsg-locked-down",
                Rule("nsg-locked-down", "allow-storage-jpe", 200, "Allow", "Storage.japaneast", "443"),
                Rule("nsg-locked-down", "allow-azurecloud", 300, "Allow", "AzureCloud", "80-443"),
                Rule("nsg-locked-down", "deny-internet", 4000, "Deny", "Internet", "*")));
            world.Add(ArmShapes.SecurityGroup(Hub, "nsg-deny-all", Rule("nsg-deny-all", "deny-all", 4096, "Deny", "*", "*")));
            world.Add(ArmShapes.SecurityGroup(Hub, "nsg-deny-public-range", Rule("nsg-deny-public-range", "deny-20-8", 100, "Deny", "20.0.0.0/8", "443")));
            world.Add(ArmShapes.SecurityGroup(Hub, "nsg-allow-all", Rule("nsg-allow-all", "allow-all", 100, "Allow", "*", "*")));
            world.Add(ArmShapes.RouteTable(Hub, "rt-firewall", "0.0.0.0/0", "VirtualAppliance", "10.0.0.4"));
            world.Add(ArmShapes.RouteTable(Hub, "rt-blackhole", "0.0.0.0/0", "None"));

            string Rt(string name) => ArmShapes.NetworkId(Hub, "routeTables", name);
            world.Add(ArmShapes.VirtualNetwork(Hub, "vnet-hub",
                ("plain", null, null),
                ("deny-azurecloud", nsgId("nsg-deny-azurecloud"), null),
                ("deny-wireserver", nsgId("nsg-deny-wireserver"), null),
                ("deny-storage", nsgId("nsg-deny-storage"), null),
                ("locked-down", nsgId("nsg-locked-down"), null),
                ("deny-all", nsgId("nsg-deny-all"), null),
                ("deny-public-range", nsgId("nsg-deny-public-range"), null),
                ("tunnelled", null, Rt("rt-firewall")),
                ("blackholed", null, Rt("rt-blackhole")),
                ("missing-route-table", null, Rt("rt-deleted"))));
            string Subnet(string name) => ArmShapes.NetworkId(Hub, "virtualNetworks", "vnet-hub") + "/subnets/" + name;

            void Vm(string name, string subnet, string? nicNsg = null, string agent = "2.7.41491.1102", string power = "running", bool writeAccelerator = false)
            {
                var vm = ArmShapes.Vm(VmGroup, name, agentVersion: agent, powerState: power);
                if (writeAccelerator)
                {
                    ((JsonArray)vm["properties"]!["storageProfile"]!["dataDisks"]!).Add(new JsonObject
                    {
                        ["lun"] = 0, ["name"] = name + "_log", ["createOption"] = "Attach", ["diskSizeGB"] = 512, ["writeAcceleratorEnabled"] = true,
                        ["managedDisk"] = new JsonObject { ["storageAccountType"] = "Premium_LRS" },
                    });
                }

                world.Add(vm);
                world.Add(ArmShapes.Nic(VmGroup, name, Subnet(subnet), nicNsg));
            }

            const string OldAgent = "2.7.41491.949";
            Vm("plain", "plain");
            Vm("deny-azurecloud", "deny-azurecloud");
            Vm("deny-wireserver", "deny-wireserver");
            Vm("old-agent-storage-denied", "deny-storage", agent: OldAgent);
            Vm("supported-agent-storage-denied", "deny-storage");
            Vm("old-agent-locked-down", "locked-down", agent: OldAgent);
            Vm("write-accelerator-denied", "deny-all", writeAccelerator: true);
            Vm("partly-denied", "deny-public-range");
            Vm("nic-allows-subnet-denies", "deny-azurecloud", nicNsg: nsgId("nsg-allow-all"));
            Vm("nic-nsg-missing", "plain", nicNsg: nsgId("nsg-deleted"));
            Vm("deallocated-denied", "deny-all", power: "deallocated");
            Vm("tunnelled", "tunnelled");
            Vm("tunnelled-old-agent", "tunnelled", agent: OldAgent);
            Vm("blackholed", "blackholed");
            Vm("route-table-missing", "missing-route-table");
            SecurityGroupsReferenced = 8;

            await using (var h = await EmulatorHarness.StartAsync(world, new EmulatorOptions { PageSize = 4 }))
            {
                var scope = InventoryScope.Subscription(ArmShapes.Subscription);
                var inventory = await FleetInventory.LoadAsync(h.Connection, scope);
                BySubscription = ReadinessEvaluator.Evaluate(inventory, scope).ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
            }

            await using (var h = await EmulatorHarness.StartAsync(world))
            {
                var scope = InventoryScope.Group(ArmShapes.Subscription, VmGroup);
                var inventory = await FleetInventory.LoadAsync(h.Connection, scope);
                ByGroup = ReadinessEvaluator.Evaluate(inventory, scope).ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
                GroupScanRequests = h.Requests;
            }
        }

        public Task DisposeAsync() => Task.CompletedTask;
    }

    public class NetworkChecksTests : IClassFixture<NetworkEstate>
    {
        private readonly NetworkEstate _estate;

        public NetworkChecksTests(NetworkEstate estate) => _estate = estate;

        [Theory]
        [InlineData("plain", "Network.NsgOutbound", CheckStatus.Pass, null)]
        [InlineData("deny-azurecloud", "Network.NsgOutbound", CheckStatus.Warning, null)]
        [InlineData("deny-wireserver", "Network.NsgOutbound", CheckStatus.Pass, null)]
        [InlineData("old-agent-storage-denied", "Network.NsgOutbound", CheckStatus.Fail, "ExtensionSnapshotFailedNoNetwork")]
        [InlineData("supported-agent-storage-denied", "Network.NsgOutbound", CheckStatus.Warning, null)]
        [InlineData("old-agent-locked-down", "Network.NsgOutbound", CheckStatus.Pass, null)]
        [InlineData("write-accelerator-denied", "Network.NsgOutbound", CheckStatus.Fail, "UserErrorVMInternetConnectivityIssue")]
        [InlineData("partly-denied", "Network.NsgOutbound", CheckStatus.Warning, null)]
        [InlineData("nic-allows-subnet-denies", "Network.NsgOutbound", CheckStatus.Warning, null)]
        [InlineData("nic-nsg-missing", "Network.NsgOutbound", CheckStatus.Unknown, null)]
        [InlineData("deallocated-denied", "Network.NsgOutbound", CheckStatus.NotApplicable, null)]
        [InlineData("plain", "Network.ForcedTunneling", CheckStatus.Pass, null)]
        [InlineData("tunnelled", "Network.ForcedTunneling", CheckStatus.Pass, null)]
        [InlineData("tunnelled-old-agent", "Network.ForcedTunneling", CheckStatus.Warning, "ExtensionSnapshotFailedNoNetwork")]
        [InlineData("blackholed", "Network.ForcedTunneling", CheckStatus.Warning, null)]
        [InlineData("route-table-missing", "Network.ForcedTunneling", CheckStatus.Unknown, null)]
        public void Network_checks_pass_and_fail_where_they_should_at_either_scope(string vm, string check, CheckStatus status, string? remedy)
        {
            foreach (var reports in new[] { _estate.BySubscription, _estate.ByGroup })
            {
                var finding = reports[vm].Findings.Single(f => f.CheckId == check);
                Assert.Equal(status, finding.Status);
                Assert.Equal(remedy, finding.RemedyCode);
                Assert.Matches("[\u3040-\u30ff\u4e00-\u9fff]", finding.Message.Japanese);
            }
        }

        [Fact]
        public void Rules_naming_the_wire_server_raise_no_alarm_and_say_why()
        {
            var finding = _estate.BySubscription["deny-wireserver"].Findings.Single(f => f.CheckId == "Network.NsgOutbound");
            Assert.Contains("168.63.129.16", finding.Message.English);
            Assert.Equal("nsg-deny-wireserver/deny-wireserver, nsg-deny-wireserver/deny-wireserver-32526", finding.Evidence["rulesNaming168.63.129.16 (no effect)"]);
        }

        [Fact]
        public void A_denial_names_the_rule_that_decided_it()
        {
            var finding = _estate.BySubscription["nic-allows-subnet-denies"].Findings.Single(f => f.CheckId == "Network.NsgOutbound");
            Assert.Contains("nsg-deny-azurecloud/deny-azurecloud (100)", finding.Message.English);
            Assert.Equal("Denied by nsg-deny-azurecloud/deny-azurecloud (100)", finding.Evidence["flow[TCP 443 to AzureCloud]"]);
        }

        [Fact]
        public void Forced_tunnelling_is_reported_as_information_with_its_next_hop()
        {
            var finding = _estate.BySubscription["tunnelled"].Findings.Single(f => f.CheckId == "Network.ForcedTunneling");
            Assert.StartsWith("Information:", finding.Message.English);
            Assert.Equal("VirtualAppliance", finding.Evidence["route[0.0.0.0/0].nextHopType"]);
            Assert.Equal("10.0.0.4", finding.Evidence["route[0.0.0.0/0].nextHopIpAddress"]);
        }

        [Fact]
        public void A_group_scan_reads_each_shared_network_resource_once()
        {
            var requests = _estate.GroupScanRequests;
            // One listing of the group's NICs, no NIC read by id: the NICs sit with their VMs.
            Assert.Equal(1, requests.Count("GET", "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Network/networkInterfaces"));
            Assert.Equal(0, requests.Count("GET", "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Network/networkInterfaces/{}"));
            // The ten subnets through their one virtual network (which also says whether a gateway is there), eight NSGs
            // (the deleted one included) and three route tables, each read once though fifteen VMs share them.
            Assert.Equal(0, requests.Count("GET", "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Network/virtualNetworks/{}/subnets/{}"));
            Assert.Equal(1, requests.Count("GET", "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Network/virtualNetworks/{}"));
            Assert.Equal(_estate.SecurityGroupsReferenced, requests.Count("GET", "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Network/networkSecurityGroups/{}"));
            Assert.Equal(3, requests.Count("GET", "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Network/routeTables/{}"));
        }
    }

    /// <summary>The NSG rule semantics on their own: destinations, tags, ports, protocols, priorities.</summary>
    public class NsgEvaluatorTests
    {
        private static SecurityRuleState Rule(string access, int priority, string destination, string port = "*", string protocol = "*") =>
            new SecurityRuleState("r" + priority, priority, "Outbound", access, protocol, new[] { destination }, new[] { port }, false);

        [Theory]
        [InlineData("*", "*", "AzureCloud", RuleCoverage.Full)]
        [InlineData("Internet", "443", "Storage.japaneast", RuleCoverage.Full)]
        [InlineData("AzureCloud", "443", "Storage.japaneast", RuleCoverage.Full)]
        [InlineData("Storage", "443", "Storage.japaneast", RuleCoverage.Full)]
        [InlineData("Storage.japaneast", "443", "Storage.japaneast", RuleCoverage.Full)]
        [InlineData("AzureCloud.japaneast", "443", "Storage.japaneast", RuleCoverage.Full)]
        [InlineData("Storage.westus", "443", "Storage.japaneast", RuleCoverage.None)]
        [InlineData("Storage.japaneast", "443", "AzureCloud", RuleCoverage.Partial)]
        [InlineData("AzureCloud.japaneast", "443", "AzureCloud", RuleCoverage.Partial)]
        [InlineData("AzureMonitor", "443", "AzureCloud", RuleCoverage.Partial)]
        [InlineData("AzureMonitor", "443", "Storage.japaneast", RuleCoverage.None)]
        [InlineData("Storage", "443", "Internet", RuleCoverage.Partial)]
        [InlineData("VirtualNetwork", "*", "Internet", RuleCoverage.None)]
        [InlineData("AzureLoadBalancer", "*", "AzureCloud", RuleCoverage.None)]
        [InlineData("10.0.0.0/8", "*", "AzureCloud", RuleCoverage.None)]
        [InlineData("168.63.129.16", "*", "AzureCloud", RuleCoverage.None)]
        [InlineData("20.0.0.0/8", "443", "AzureCloud", RuleCoverage.Partial)]
        [InlineData("0.0.0.0/0", "443", "AzureCloud", RuleCoverage.Full)]
        [InlineData("*", "80-443", "AzureCloud", RuleCoverage.Full)]
        [InlineData("*", "444-8443", "AzureCloud", RuleCoverage.None)]
        [InlineData("*", "80", "AzureCloud", RuleCoverage.None)]
        public void Coverage_of_a_tcp_443_flow(string destination, string port, string flowTag, RuleCoverage expected)
        {
            Assert.Equal(expected, NsgEvaluator.Cover(Rule("Deny", 100, destination, port), new OutboundFlow(flowTag, 443)));
        }

        [Fact]
        public void Udp_rules_do_not_touch_a_tcp_flow()
        {
            Assert.Equal(RuleCoverage.None, NsgEvaluator.Cover(Rule("Deny", 100, "*", "*", "Udp"), new OutboundFlow("AzureCloud", 443)));
            Assert.Equal(RuleCoverage.Full, NsgEvaluator.Cover(Rule("Deny", 100, "*", "*", "Tcp"), new OutboundFlow("AzureCloud", 443)));
        }

        [Fact]
        public void The_lowest_priority_number_decides_whatever_the_listing_order()
        {
            var nsg = new NetworkSecurityGroupState("/x/nsg", new[] { Rule("Deny", 200, "*"), Rule("Allow", 100, "AzureCloud", "443") });
            var verdict = NsgEvaluator.Evaluate(new[] { nsg }, new OutboundFlow("AzureCloud", 443));
            Assert.Equal(FlowOutcome.Allowed, verdict.Outcome);
            Assert.Equal("nsg/r100 (100)", Assert.Single(verdict.DecidingRules));

            var reversed = new NetworkSecurityGroupState("/x/nsg", new[] { Rule("Allow", 200, "AzureCloud", "443"), Rule("Deny", 100, "*") });
            Assert.Equal(FlowOutcome.Denied, NsgEvaluator.Evaluate(new[] { reversed }, new OutboundFlow("AzureCloud", 443)).Outcome);
        }

        [Fact]
        public void Both_nsgs_on_the_path_must_allow()
        {
            var allow = new NetworkSecurityGroupState("/x/nic-nsg", new[] { Rule("Allow", 100, "*") });
            var deny = new NetworkSecurityGroupState("/x/subnet-nsg", new[] { Rule("Deny", 100, "Internet") });
            Assert.Equal(FlowOutcome.Denied, NsgEvaluator.Evaluate(new[] { allow, deny }, new OutboundFlow("AzureCloud", 443)).Outcome);
            Assert.Equal(FlowOutcome.Denied, NsgEvaluator.Evaluate(new[] { deny, allow }, new OutboundFlow("AzureCloud", 443)).Outcome);
            Assert.Equal(FlowOutcome.Allowed, NsgEvaluator.Evaluate(new[] { allow, allow }, new OutboundFlow("AzureCloud", 443)).Outcome);
        }

        [Fact]
        public void A_partial_deny_before_a_full_allow_is_reported_as_partial()
        {
            var nsg = new NetworkSecurityGroupState("/x/nsg", new[] { Rule("Deny", 100, "20.0.0.0/8", "443"), Rule("Allow", 200, "*") });
            var verdict = NsgEvaluator.Evaluate(new[] { nsg }, new OutboundFlow("AzureCloud", 443));
            Assert.Equal(FlowOutcome.PartlyDenied, verdict.Outcome);
            Assert.Equal("nsg/r100 (100)", Assert.Single(verdict.DecidingRules));
        }

        [Fact]
        public void An_nsg_payload_without_default_rules_still_ends_in_the_defaults()
        {
            var json = System.Text.Json.JsonDocument.Parse("{\"id\":\"/x/nsg\",\"properties\":{\"securityRules\":[]}}").RootElement;
            var nsg = NetworkReader.ParseNsg(json);
            Assert.Equal(FlowOutcome.Allowed, NsgEvaluator.Evaluate(new[] { nsg }, new OutboundFlow("AzureCloud", 443)).Outcome);
            Assert.Contains(nsg.Rules, r => r.Name == "DenyAllOutBound" && r.Priority == 65500);
        }
    }
}
