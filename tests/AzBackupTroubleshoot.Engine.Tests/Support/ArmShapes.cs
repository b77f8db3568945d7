using System;
using System.Text.Json.Nodes;

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
