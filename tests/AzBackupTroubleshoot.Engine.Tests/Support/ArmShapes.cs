using System;
using System.Text.Json.Nodes;
using AzBackupTroubleshoot.ArmEmulator;

namespace AzBackupTroubleshoot.Engine.Tests.Support
{
    /// <summary>ARM documents in the shapes of shared/reference/arm-examples, for building test worlds.</summary>
    internal static class ArmShapes
    {
        public const string Subscription = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";

        public static string VmId(string group, string name) =>
            $"/subscriptions/{Subscription}/resourceGroups/{group}/providers/Microsoft.Compute/virtualMachines/{name}";

        public static JsonObject Vm(
            string group,
            string name,
            string osType = "Windows",
            string agentVersion = "2.7.41491.1102",
            string agentStatus = "Ready",
            string powerState = "running",
            string provisioningState = "Succeeded",
            bool provisionVmAgent = true,
            JsonArray? extensions = null,
            string location = "japaneast")
        {
            var id = VmId(group, name);
            var os = osType == "Windows"
                ? new JsonObject { ["windowsConfiguration"] = new JsonObject { ["provisionVMAgent"] = provisionVmAgent, ["enableAutomaticUpdates"] = true } }
                : new JsonObject { ["linuxConfiguration"] = new JsonObject { ["provisionVMAgent"] = provisionVmAgent, ["disablePasswordAuthentication"] = true } };
            os["computerName"] = name;
            os["adminUsername"] = "azureuser";
            var vmAgent = new JsonObject
            {
                ["vmAgentVersion"] = agentVersion,
                ["statuses"] = new JsonArray(new JsonObject
                {
                    ["code"] = "ProvisioningState/succeeded",
                    ["level"] = agentStatus == "Ready" ? "Info" : "Warning",
                    ["displayStatus"] = agentStatus,
                    ["message"] = agentStatus == "Ready" ? "GuestAgent is running and processing the extensions." : "VM status blob is found but not yet populated.",
                    ["time"] = "2026-11-21T23:11:22+00:00",
                }),
            };
            return new JsonObject
            {
                ["id"] = id,
                ["name"] = name,
                ["type"] = "Microsoft.Compute/virtualMachines",
                ["location"] = location,
                ["properties"] = new JsonObject
                {
                    ["vmId"] = Guid.NewGuid().ToString(),
                    ["hardwareProfile"] = new JsonObject { ["vmSize"] = "Standard_D2s_v3" },
                    ["storageProfile"] = new JsonObject
                    {
                        ["osDisk"] = new JsonObject
                        {
                            ["osType"] = osType,
                            ["name"] = name + "_OsDisk",
                            ["createOption"] = "FromImage",
                            ["caching"] = "ReadWrite",
                            ["managedDisk"] = new JsonObject { ["storageAccountType"] = "Premium_LRS", ["id"] = $"/subscriptions/{Subscription}/resourceGroups/{group}/providers/Microsoft.Compute/disks/{name}_OsDisk" },
                            ["diskSizeGB"] = 127,
                        },
                        ["dataDisks"] = new JsonArray(),
                    },
                    ["osProfile"] = os,
                    ["networkProfile"] = new JsonObject
                    {
                        ["networkInterfaces"] = new JsonArray(new JsonObject
                        {
                            ["id"] = $"/subscriptions/{Subscription}/resourceGroups/{group}/providers/Microsoft.Network/networkInterfaces/{name}-nic",
                            ["properties"] = new JsonObject { ["primary"] = true },
                        }),
                    },
                    ["provisioningState"] = provisioningState,
                    ["instanceView"] = new JsonObject
                    {
                        ["computerName"] = name,
                        ["osName"] = osType == "Windows" ? "Windows Server 2022 Datacenter" : "ubuntu",
                        ["vmAgent"] = vmAgent,
                        ["extensions"] = extensions ?? new JsonArray(),
                        ["statuses"] = new JsonArray(
                            new JsonObject { ["code"] = "ProvisioningState/" + provisioningState.ToLowerInvariant(), ["level"] = provisioningState == "Failed" ? "Error" : "Info", ["displayStatus"] = "Provisioning " + provisioningState.ToLowerInvariant() },
                            new JsonObject { ["code"] = "PowerState/" + powerState, ["level"] = "Info", ["displayStatus"] = "VM " + powerState }),
                    },
                },
            };
        }

        public static string NetworkId(string group, string type, string name) =>
            $"/subscriptions/{Subscription}/resourceGroups/{group}/providers/Microsoft.Network/{type}/{name}";

        /// <summary>A NIC as NetworkInterfaceGet.json has it, named as <see cref="Vm"/> references it.</summary>
        public static JsonObject Nic(string group, string vmName, string subnetId, string? nsgId = null, bool publicIp = false)
        {
            var ipProperties = new JsonObject
            {
                ["primary"] = true,
                ["privateIPAddress"] = "10.0.1.4",
                ["privateIPAddressVersion"] = "IPv4",
                ["privateIPAllocationMethod"] = "Dynamic",
                ["provisioningState"] = "Succeeded",
                ["subnet"] = new JsonObject { ["id"] = subnetId },
            };
            if (publicIp) ipProperties["publicIPAddress"] = new JsonObject { ["id"] = NetworkId(group, "publicIPAddresses", vmName + "-ip") };
            var nicId = NetworkId(group, "networkInterfaces", vmName + "-nic");
            var properties = new JsonObject
            {
                ["enableAcceleratedNetworking"] = true,
                ["enableIPForwarding"] = false,
                ["ipConfigurations"] = new JsonArray(new JsonObject { ["name"] = "ipconfig1", ["id"] = nicId + "/ipConfigurations/ipconfig1", ["properties"] = ipProperties }),
                ["primary"] = true,
                ["provisioningState"] = "Succeeded",
                ["virtualMachine"] = new JsonObject { ["id"] = VmId(group, vmName) },
            };
            if (nsgId != null) properties["networkSecurityGroup"] = new JsonObject { ["id"] = nsgId };
            return new JsonObject { ["name"] = vmName + "-nic", ["type"] = "Microsoft.Network/networkInterfaces", ["id"] = nicId, ["location"] = "japaneast", ["properties"] = properties };
        }

        /// <summary>A virtual network with its subnets inside (VirtualNetworkGet.json); each subnet may carry an NSG and a route table.</summary>
        public static JsonObject VirtualNetwork(string group, string name, params (string Name, string? NsgId, string? RouteTableId)[] subnets)
        {
            var id = NetworkId(group, "virtualNetworks", name);
            var list = new JsonArray();
            var third = 1;
            foreach (var (subnetName, nsg, routeTable) in subnets)
            {
                var properties = new JsonObject { ["provisioningState"] = "Succeeded", ["addressPrefix"] = $"10.0.{third++}.0/24" };
                if (nsg != null) properties["networkSecurityGroup"] = new JsonObject { ["id"] = nsg };
                if (routeTable != null) properties["routeTable"] = new JsonObject { ["id"] = routeTable };
                list.Add(new JsonObject { ["name"] = subnetName, ["id"] = id + "/subnets/" + subnetName, ["properties"] = properties });
            }

            return new JsonObject
            {
                ["name"] = name,
                ["id"] = id,
                ["type"] = "Microsoft.Network/virtualNetworks",
                ["location"] = "japaneast",
                ["properties"] = new JsonObject
                {
                    ["provisioningState"] = "Succeeded",
                    ["addressSpace"] = new JsonObject { ["addressPrefixes"] = new JsonArray("10.0.0.0/16") },
                    ["subnets"] = list,
                    ["virtualNetworkPeerings"] = new JsonArray(),
                },
            };
        }

        /// <summary>An outbound rule: (name, priority, access, destination prefix, destination port).</summary>
        public static JsonObject OutboundRule(string nsgId, string name, int priority, string access, string destination, string port, string protocol = "Tcp") =>
            new JsonObject
            {
                ["name"] = name,
                ["id"] = nsgId + "/securityRules/" + name,
                ["properties"] = new JsonObject
                {
                    ["provisioningState"] = "Succeeded",
                    ["protocol"] = protocol,
                    ["sourcePortRange"] = "*",
                    ["destinationPortRange"] = port,
                    ["sourceAddressPrefix"] = "*",
                    ["destinationAddressPrefix"] = destination,
                    ["access"] = access,
                    ["priority"] = priority,
                    ["direction"] = "Outbound",
                },
            };

        /// <summary>An NSG with custom rules and the six default rules, as NetworkSecurityGroupGet.json returns it.</summary>
        public static JsonObject SecurityGroup(string group, string name, params JsonObject[] rules)
        {
            var id = NetworkId(group, "networkSecurityGroups", name);
            JsonObject Default(string rule, int priority, string direction, string access, string source, string destination) => new JsonObject
            {
                ["name"] = rule,
                ["id"] = id + "/defaultSecurityRules/" + rule,
                ["properties"] = new JsonObject
                {
                    ["provisioningState"] = "Succeeded", ["protocol"] = "*", ["sourcePortRange"] = "*", ["destinationPortRange"] = "*",
                    ["sourceAddressPrefix"] = source, ["destinationAddressPrefix"] = destination, ["access"] = access, ["priority"] = priority, ["direction"] = direction,
                },
            };
            var custom = new JsonArray();
            foreach (var r in rules) custom.Add(r);
            return new JsonObject
            {
                ["name"] = name,
                ["id"] = id,
                ["type"] = "Microsoft.Network/networkSecurityGroups",
                ["location"] = "japaneast",
                ["properties"] = new JsonObject
                {
                    ["provisioningState"] = "Succeeded",
                    ["securityRules"] = custom,
                    ["defaultSecurityRules"] = new JsonArray(
                        Default("AllowVnetInBound", 65000, "Inbound", "Allow", "VirtualNetwork", "VirtualNetwork"),
                        Default("AllowAzureLoadBalancerInBound", 65001, "Inbound", "Allow", "AzureLoadBalancer", "*"),
                        Default("DenyAllInBound", 65500, "Inbound", "Deny", "*", "*"),
                        Default("AllowVnetOutBound", 65000, "Outbound", "Allow", "VirtualNetwork", "VirtualNetwork"),
                        Default("AllowInternetOutBound", 65001, "Outbound", "Allow", "*", "Internet"),
                        Default("DenyAllOutBound", 65500, "Outbound", "Deny", "*", "*")),
                },
            };
        }

        /// <summary>A route table (RouteTableGet.json) with one route.</summary>
        public static JsonObject RouteTable(string group, string name, string prefix, string nextHopType, string? nextHopIp = null)
        {
            var id = NetworkId(group, "routeTables", name);
            var route = new JsonObject { ["provisioningState"] = "Succeeded", ["addressPrefix"] = prefix, ["nextHopType"] = nextHopType };
            if (nextHopIp != null) route["nextHopIpAddress"] = nextHopIp;
            return new JsonObject
            {
                ["name"] = name,
                ["id"] = id,
                ["type"] = "Microsoft.Network/routeTables",
                ["location"] = "japaneast",
                ["properties"] = new JsonObject
                {
                    ["provisioningState"] = "Succeeded",
                    ["disableBgpRoutePropagation"] = false,
                    ["routes"] = new JsonArray(new JsonObject { ["name"] = "default-route", ["id"] = id + "/routes/default-route", ["properties"] = route }),
                },
            };
        }

        /// <summary>Gives every VM in the world that has no NIC yet one in a shared subnet without NSG, as a plain deployment has.</summary>
        public static void AddPlainNetwork(World world)
        {
            const string group = "rg-network";
            var subnet = NetworkId(group, "virtualNetworks", "vnet-plain") + "/subnets/default";
            if (!world.TryGet(subnet, out _)) world.Add(VirtualNetwork(group, "vnet-plain", ("default", null, null)));
            foreach (var vm in world.List($"/subscriptions/{Subscription}/providers/Microsoft.Compute/virtualMachines"))
            {
                var id = vm["id"]!.GetValue<string>();
                var segments = id.Split('/');
                var nic = Nic(segments[4], segments[8], subnet);
                if (!world.TryGet(nic["id"]!.GetValue<string>(), out _)) world.Add(nic);
            }
        }

        /// <summary>An entry of instanceView.extensions.</summary>
        public static JsonObject ExtensionStatus(string name, string type, string code = "ProvisioningState/succeeded", string message = "Enable succeeded", string version = "1.0.9225.0") =>
            new JsonObject
            {
                ["name"] = name,
                ["type"] = type,
                ["typeHandlerVersion"] = version,
                ["statuses"] = new JsonArray(new JsonObject
                {
                    ["code"] = code,
                    ["level"] = code.EndsWith("succeeded", StringComparison.Ordinal) ? "Info" : "Error",
                    ["displayStatus"] = code.EndsWith("succeeded", StringComparison.Ordinal) ? "Provisioning succeeded" : "Provisioning failed",
                    ["message"] = message,
                }),
            };

        /// <summary>A child resource of .../virtualMachines/{vm}/extensions (VirtualMachineExtension_Get shape).</summary>
        public static JsonObject Extension(string vmId, string name, string publisher, string type, string provisioningState = "Succeeded") =>
            new JsonObject
            {
                ["id"] = vmId + "/extensions/" + name,
                ["name"] = name,
                ["type"] = "Microsoft.Compute/virtualMachines/extensions",
                ["location"] = "japaneast",
                ["properties"] = new JsonObject
                {
                    ["publisher"] = publisher,
                    ["type"] = type,
                    ["typeHandlerVersion"] = "1.9",
                    ["autoUpgradeMinorVersion"] = true,
                    ["provisioningState"] = provisioningState,
                },
            };
    }
}
