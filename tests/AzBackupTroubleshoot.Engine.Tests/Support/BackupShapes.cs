using System.Text.Json.Nodes;

namespace AzBackupTroubleshoot.Engine.Tests.Support
{
    /// <summary>Recovery Services and other ARM documents, in the shapes of shared/reference/arm-examples.</summary>
    internal static class BackupShapes
    {
        public static string VaultId(string group, string name) =>
            $"/subscriptions/{ArmShapes.Subscription}/resourceGroups/{group}/providers/Microsoft.RecoveryServices/vaults/{name}";

        public static JsonObject Vault(string group, string name, string location = "japaneast") => new JsonObject
        {
            ["id"] = VaultId(group, name),
            ["name"] = name,
            ["type"] = "Microsoft.RecoveryServices/vaults",
            ["location"] = location,
            ["properties"] = new JsonObject { ["provisioningState"] = "Succeeded" },
            ["sku"] = new JsonObject { ["name"] = "Standard" },
        };

        public static JsonObject ProtectedItem(string vaultId, string vmGroup, string vmName, string healthStatus = "Passed", string lastBackupStatus = "Completed",
            string protectionState = "Protected", string policyType = "V2", JsonArray? healthDetails = null, string? lastBackupTime = null)
        {
            var container = $"iaasvmcontainerv2;{vmGroup};{vmName}";
            var properties = new JsonObject
            {
                ["backupManagementType"] = "AzureIaasVM",
                ["containerName"] = container,
                ["friendlyName"] = vmName,
                ["healthStatus"] = healthStatus,
                ["lastBackupStatus"] = lastBackupStatus,
                // Relative to now: a fixed date turns every item stale as the calendar moves on.
                ["lastBackupTime"] = lastBackupTime ?? System.DateTimeOffset.UtcNow.AddHours(-20).ToString("o"),
                ["policyId"] = vaultId + "/backupPolicies/DefaultPolicy",
                ["policyType"] = policyType,
                ["protectedItemType"] = "Microsoft.Compute/virtualMachines",
                ["protectionState"] = protectionState,
                ["protectionStatus"] = "Healthy",
                ["sourceResourceId"] = ArmShapes.VmId(vmGroup, vmName),
                ["virtualMachineId"] = ArmShapes.VmId(vmGroup, vmName),
                ["workloadType"] = "VM",
            };
            if (healthDetails != null) properties["healthDetails"] = healthDetails;
            return new JsonObject
            {
                ["id"] = $"{vaultId}/backupFabrics/Azure/protectionContainers/IaasVMContainer;{container}/protectedItems/VM;{container}",
                ["name"] = "VM;" + container,
                ["type"] = "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems",
                ["properties"] = properties,
            };
        }

        public static JsonObject Job(string vaultId, string vmName, string status, string startTime, int? errorCode = null, string? errorString = null, string operation = "Backup")
        {
            var id = System.Guid.NewGuid().ToString();
            var properties = new JsonObject
            {
                ["activityId"] = System.Guid.NewGuid().ToString(),
                ["backupManagementType"] = "AzureIaasVM",
                ["entityFriendlyName"] = vmName,
                ["jobType"] = "AzureIaaSVMJob",
                ["operation"] = operation,
                ["startTime"] = startTime,
                ["status"] = status,
                ["virtualMachineVersion"] = "Compute",
            };
            if (errorString != null)
            {
                properties["errorDetails"] = new JsonArray(new JsonObject { ["errorCode"] = errorCode, ["errorString"] = errorString, ["recommendations"] = new JsonArray("Retry the backup") });
            }

            return new JsonObject { ["id"] = $"{vaultId}/backupJobs/{id}", ["name"] = id, ["type"] = "Microsoft.RecoveryServices/vaults/backupJobs", ["properties"] = properties };
        }

        /// <summary>An AzureIaasVM policy with a SimpleSchedulePolicy of the given frequency (Daily, Weekly or Hourly).</summary>
        public static JsonObject Policy(string vaultId, string name, string frequency)
        {
            var schedule = new JsonObject
            {
                ["schedulePolicyType"] = "SimpleSchedulePolicy",
                ["scheduleRunFrequency"] = frequency,
                ["scheduleRunTimes"] = new JsonArray("2026-01-01T02:00:00Z"),
            };
            if (frequency == "Weekly") schedule["scheduleRunDays"] = new JsonArray("Sunday");
            if (frequency == "Hourly") schedule["hourlySchedule"] = new JsonObject { ["interval"] = 4, ["scheduleWindowDuration"] = 12 };
            return new JsonObject
            {
                ["id"] = vaultId + "/backupPolicies/" + name,
                ["name"] = name,
                ["type"] = "Microsoft.RecoveryServices/vaults/backupPolicies",
                ["properties"] = new JsonObject { ["backupManagementType"] = "AzureIaasVM", ["protectedItemsCount"] = 1, ["schedulePolicy"] = schedule },
            };
        }

        public static JsonObject Lock(string scope, string name, string level = "CanNotDelete") => new JsonObject
        {
            ["id"] = $"{scope}/providers/Microsoft.Authorization/locks/{name}",
            ["name"] = name,
            ["type"] = "Microsoft.Authorization/locks",
            ["properties"] = new JsonObject { ["level"] = level, ["notes"] = "do not delete" },
        };

        public static JsonObject RestorePointCollection(string group, string name, string vmId, int restorePoints)
        {
            var points = new JsonArray();
            for (var i = 0; i < restorePoints; i++) points.Add(new JsonObject { ["name"] = "rp" + i });
            return new JsonObject
            {
                ["id"] = $"/subscriptions/{ArmShapes.Subscription}/resourceGroups/{group}/providers/Microsoft.Compute/restorePointCollections/{name}",
                ["name"] = name,
                ["type"] = "Microsoft.Compute/restorePointCollections",
                ["location"] = "japaneast",
                ["properties"] = new JsonObject { ["source"] = new JsonObject { ["id"] = vmId }, ["restorePoints"] = points },
            };
        }
    }
}
