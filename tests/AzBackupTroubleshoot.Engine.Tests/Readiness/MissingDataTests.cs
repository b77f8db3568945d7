using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AzBackupTroubleshoot.ArmEmulator;
using AzBackupTroubleshoot.Checks;
using AzBackupTroubleshoot.Engine.Tests.Support;
using AzBackupTroubleshoot.Readiness;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Readiness
{
    /// <summary>
    /// Missing data is never a Pass. A baseline VM passes every ARM check; each case removes one field or makes
    /// one listing unreadable, and the check that depends on it must answer Unknown, naming the gap in
    /// Evidence["missing"]. Vm.Exists depends only on the VM being read (a VM that cannot be listed is a
    /// failure of the scan, not a finding).
    /// </summary>
    public class MissingDataTests
    {
        private const string Rg = "rg-app";
        private const string Net = "rg-net";
        private static readonly string Sub = "/subscriptions/" + ArmShapes.Subscription;
        private static readonly string Vault = BackupShapes.VaultId("rg-backup", "vault-jpe");
        private static readonly string RpcId = Sub + "/resourceGroups/AzureBackupRG_japaneast_1/providers/Microsoft.Compute/restorePointCollections/AzureBackup_vm1_1";

        /// <summary>The baseline estate: the documents a case may change, and the emulator's options.</summary>
        public sealed class Baseline
        {
            public JsonObject Vm = null!, Item = null!, Nic = null!, Vnet = null!, Nsg = null!, RouteTable = null!, Collection = null!, Vault = null!, Policy = null!;
            public EmulatorOptions Options = new EmulatorOptions();

            public JsonObject VmProperties => Vm["properties"]!.AsObject();
            public JsonObject View => VmProperties["instanceView"]!.AsObject();
            public JsonObject ItemProperties => Item["properties"]!.AsObject();
            public void Deny(string scope) => Options.DenyScopes.Add(scope);

            public World Build()
            {
                var world = new World();
                foreach (var o in new[] { Vault, Policy, Item, Vm, Nic, Vnet, Nsg, RouteTable, Collection }) world.Add(o);
                return world;
            }
        }

        private static Baseline NewBaseline()
        {
            var b = new Baseline();
            b.Vault = BackupShapes.Vault("rg-backup", "vault-jpe");
            b.Policy = BackupShapes.Policy(Vault, "DefaultPolicy", "Daily");
            b.Item = BackupShapes.ProtectedItem(Vault, Rg, "vm1", policyType: "V2");
            b.Item["properties"]!["lastRecoveryPoint"] = DateTimeOffset.UtcNow.AddHours(-20).ToString("o");
            b.Vm = ArmShapes.Vm(Rg, "vm1", extensions: new JsonArray(ArmShapes.ExtensionStatus("VMSnapshot", "Microsoft.Azure.RecoveryServices.VMSnapshot")));
            b.Vm["properties"]!["securityProfile"] = new JsonObject { ["securityType"] = "TrustedLaunch" };
            b.Vm["properties"]!["instanceView"]!["vmAgent"]!["extensionHandlers"] = new JsonArray(new JsonObject
            {
                ["type"] = "Microsoft.Azure.RecoveryServices.VMSnapshot", ["typeHandlerVersion"] = "1.0.9225.0",
                ["status"] = new JsonObject { ["code"] = "ProvisioningState/succeeded", ["level"] = "Info", ["displayStatus"] = "Ready" },
            });
            var nsgId = ArmShapes.NetworkId(Net, "networkSecurityGroups", "nsg-app");
            b.Nsg = ArmShapes.SecurityGroup(Net, "nsg-app", ArmShapes.OutboundRule(nsgId, "allow-azurecloud", 100, "Allow", "AzureCloud", "443"));
            b.RouteTable = ArmShapes.RouteTable(Net, "rt-app", "10.50.0.0/16", "VirtualAppliance", "10.0.0.4");
            b.Vnet = ArmShapes.VirtualNetwork(Net, "vnet", ("app", nsgId, ArmShapes.NetworkId(Net, "routeTables", "rt-app")));
            b.Nic = ArmShapes.Nic(Rg, "vm1", ArmShapes.NetworkId(Net, "virtualNetworks", "vnet") + "/subnets/app");
            b.Collection = BackupShapes.RestorePointCollection("AzureBackupRG_japaneast_1", "AzureBackup_vm1_1", ArmShapes.VmId(Rg, "vm1"), 3);
            return b;
        }

        private static readonly Dictionary<string, (string Check, Action<Baseline> Remove, string Named)> Cases = new Dictionary<string, (string, Action<Baseline>, string)>
        {
            ["provisioningState"] = ("Vm.ProvisioningState", b => b.VmProperties.Remove("provisioningState"), "provisioningState"),
            ["power state status"] = ("Vm.PowerState", b => b.View["statuses"] = new JsonArray(b.View["statuses"]!.AsArray().Where(s => !s!["code"]!.ToString().StartsWith("PowerState/")).Select(s => s!.DeepClone()).ToArray()), "PowerState"),
            ["provisionVMAgent"] = ("VmAgent.Provisioned", b => b.VmProperties["osProfile"]!["windowsConfiguration"]!.AsObject().Remove("provisionVMAgent"), "provisionVMAgent"),
            ["agent statuses"] = ("VmAgent.Status", b => b.View["vmAgent"]!.AsObject().Remove("statuses"), "vmAgent.statuses"),
            ["instance view (listing without agent, GET denied)"] = ("VmAgent.Status", b =>
            {
                b.Options.StatusOnlyCarriesFullInstanceView = false;
                b.Deny(ArmShapes.VmId(Rg, "vm1") + "/instanceView");
            }, "properties.instanceView"),
            ["agent version"] = ("VmAgent.Version", b => b.View["vmAgent"]!.AsObject().Remove("vmAgentVersion"), "vmAgentVersion"),
            ["osType (agent between the two minimums)"] = ("VmAgent.Version", b =>
            {
                b.View["vmAgent"]!["vmAgentVersion"] = "2.5.0.0";
                b.VmProperties["storageProfile"]!["osDisk"]!.AsObject().Remove("osType");
            }, "osType"),
            ["extensions (agent lists handlers)"] = ("Vm.Extensions", b => b.View.Remove("extensions"), "properties.instanceView.extensions"),
            ["an extension's statuses"] = ("Vm.Extensions", b => b.View["extensions"]![0]!.AsObject().Remove("statuses"), "statuses of VMSnapshot"),
            ["extensions, for the backup extension"] = ("BackupExtension.State", b => b.View.Remove("extensions"), "properties.instanceView.extensions"),
            ["backup extension statuses"] = ("BackupExtension.State", b => b.View["extensions"]![0]!.AsObject().Remove("statuses"), "extensions[VMSnapshot].statuses"),
            ["networkProfile"] = ("Network.NsgOutbound", b => b.VmProperties.Remove("networkProfile"), "networkProfile"),
            ["NIC unreadable"] = ("Network.NsgOutbound", b => b.Deny(Sub + "/resourceGroups/" + Rg + "/providers/Microsoft.Network/networkInterfaces"), "vm1-nic"),
            ["NIC's subnet"] = ("Network.NsgOutbound", b => b.Nic["properties"]!["ipConfigurations"]![0]!["properties"]!.AsObject().Remove("subnet"), "subnet"),
            ["virtual network unreadable"] = ("Network.NsgOutbound", b => b.Deny(ArmShapes.NetworkId(Net, "virtualNetworks", "vnet")), "403"),
            ["NSG unreadable"] = ("Network.NsgOutbound", b => b.Deny(ArmShapes.NetworkId(Net, "networkSecurityGroups", "nsg-app")), "nsg-app"),
            ["NSG rule priority"] = ("Network.NsgOutbound", b => b.Nsg["properties"]!["securityRules"]![0]!["properties"]!.AsObject().Remove("priority"), "allow-azurecloud"),
            ["route table unreadable"] = ("Network.ForcedTunneling", b => b.Deny(ArmShapes.NetworkId(Net, "routeTables", "rt-app")), "rt-app"),
            ["virtual network, for routes"] = ("Network.ForcedTunneling", b => b.Deny(ArmShapes.NetworkId(Net, "virtualNetworks", "vnet")), "403"),
            ["networkProfile, for routes"] = ("Network.ForcedTunneling", b => b.VmProperties.Remove("networkProfile"), "networkProfile"),
            ["protected items unreadable"] = ("Protection.Status", b => b.Deny(Vault + "/backupProtectedItems"), "protected items"),
            ["vaults unreadable"] = ("Protection.Status", b => b.Deny(Sub + "/providers/Microsoft.RecoveryServices/vaults"), "protected items"),
            ["protectionState"] = ("Protection.Status", b => b.ItemProperties.Remove("protectionState"), "protectionState"),
            ["healthStatus"] = ("Protection.Health", b => b.ItemProperties.Remove("healthStatus"), "healthStatus"),
            ["protected items, for health"] = ("Protection.Health", b => b.Deny(Vault + "/backupProtectedItems"), "protected items"),
            ["lastBackupStatus"] = ("Protection.LastBackup", b => b.ItemProperties.Remove("lastBackupStatus"), "lastBackupStatus"),
            ["last backup and recovery point times"] = ("Protection.LastBackup", b => { b.ItemProperties.Remove("lastBackupTime"); b.ItemProperties.Remove("lastRecoveryPoint"); }, "lastRecoveryPoint"),
            ["policies unreadable (backup 3 days old)"] = ("Protection.LastBackup", b =>
            {
                b.ItemProperties["lastRecoveryPoint"] = DateTimeOffset.UtcNow.AddDays(-3).ToString("o");
                b.Deny(Vault + "/backupPolicies");
            }, "backup policies"),
            ["policy schedule (backup 3 days old)"] = ("Protection.LastBackup", b =>
            {
                b.ItemProperties["lastRecoveryPoint"] = DateTimeOffset.UtcNow.AddDays(-3).ToString("o");
                b.Policy["properties"]!.AsObject().Remove("schedulePolicy");
            }, "schedulePolicy"),
            ["protected items, for the last backup"] = ("Protection.LastBackup", b => b.Deny(Vault + "/backupProtectedItems"), "protected items"),
            ["jobs unreadable"] = ("Protection.FailedJobs", b => b.Deny(Vault + "/backupJobs"), "backup jobs"),
            ["protected items, for failed jobs"] = ("Protection.FailedJobs", b => b.Deny(Vault + "/backupProtectedItems"), "protected items"),
            ["jobs unreadable, for running jobs"] = ("Protection.JobInProgress", b => b.Deny(Vault + "/backupJobs"), "backup jobs"),
            ["protected items, for running jobs"] = ("Protection.JobInProgress", b => b.Deny(Vault + "/backupProtectedItems"), "protected items"),
            ["locks unreadable"] = ("RestorePoints.Locks", b => b.Deny(Sub + "/providers/Microsoft.Authorization/locks"), "locks"),
            ["VM location"] = ("RestorePoints.Locks", b => b.Vm.Remove("location"), "location"),
            ["collections unreadable"] = ("RestorePoints.Collections", b => b.Deny(Sub + "/providers/Microsoft.Compute/restorePointCollections"), "restore point collections"),
            ["collection GET denied"] = ("RestorePoints.Collections", b => b.Deny(RpcId), "AzureBackup_vm1_1"),
            ["collection's restorePoints"] = ("RestorePoints.Collections", b => b.Collection["properties"]!.AsObject().Remove("restorePoints"), "properties.restorePoints"),
            ["storageProfile"] = ("Support.DiskCount", b => b.VmProperties.Remove("storageProfile"), "storageProfile"),
            ["diskSizeGB"] = ("Support.DiskSize", b => b.VmProperties["storageProfile"]!["osDisk"]!.AsObject().Remove("diskSizeGB"), "diskSizeGB"),
            ["storageProfile, for sizes"] = ("Support.DiskSize", b => b.VmProperties.Remove("storageProfile"), "storageProfile"),
            ["storageAccountType"] = ("Support.DiskType", b => b.VmProperties["storageProfile"]!["osDisk"]!["managedDisk"]!.AsObject().Remove("storageAccountType"), "storageAccountType"),
            ["storageProfile, for types"] = ("Support.DiskType", b => b.VmProperties.Remove("storageProfile"), "storageProfile"),
            ["vault location"] = ("Support.VaultRegion", b => b.Vault.Remove("location"), "location of vault"),
            ["VM location, for the vault region"] = ("Support.VaultRegion", b => b.Vm.Remove("location"), "location"),
            ["protected items, for the vault region"] = ("Support.VaultRegion", b => b.Deny(Vault + "/backupProtectedItems"), "protected items"),
            ["policyType"] = ("Support.TrustedLaunchPolicy", b => b.ItemProperties.Remove("policyType"), "policyType"),
            ["protected items, for Trusted Launch"] = ("Support.TrustedLaunchPolicy", b => b.Deny(Vault + "/backupProtectedItems"), "protected items"),
        };

        public static IEnumerable<object[]> CaseNames() => Cases.Keys.Select(k => new object[] { k });

        [Fact]
        public async Task The_baseline_passes_every_arm_check()
        {
            var scan = await Scans.RunAsync(NewBaseline().Build(), Scans.Group(Rg));
            var report = Assert.Single(scan.Reports);
            var notPassed = report.Findings.Where(f => f.Status != CheckStatus.Pass).Select(f => $"{f.CheckId}: {f.Status} {f.Message.English}").ToArray();
            Assert.True(notPassed.Length == 0, string.Join("; ", notPassed));
        }

        [Fact]
        public void Every_arm_check_that_runs_has_cases_here()
        {
            var run = NewBaselineChecks();
            var covered = new HashSet<string>(Cases.Values.Select(c => c.Check)) { "Vm.Exists" };
            Assert.Equal(Array.Empty<string>(), run.Where(c => !covered.Contains(c)).ToArray());
        }

        private static string[] NewBaselineChecks() =>
            new[] { "Vm.Exists", "Vm.ProvisioningState", "Vm.PowerState", "VmAgent.Provisioned", "VmAgent.Status", "VmAgent.Version", "Vm.Extensions", "BackupExtension.State",
                "Network.NsgOutbound", "Network.ForcedTunneling", "Protection.Status", "Protection.Health", "Protection.LastBackup", "Protection.FailedJobs", "Protection.JobInProgress",
                "RestorePoints.Locks", "RestorePoints.Collections", "Support.DiskCount", "Support.DiskSize", "Support.DiskType", "Support.VaultRegion", "Support.TrustedLaunchPolicy" }
                .Where(id => CheckCatalog.TryGet(id, out _)).ToArray();

        [Theory]
        [MemberData(nameof(CaseNames))]
        public async Task A_missing_field_or_listing_makes_its_check_unknown_with_the_reason(string name)
        {
            var (check, remove, named) = Cases[name];
            var baseline = NewBaseline();
            remove(baseline);
            var scan = await Scans.RunAsync(baseline.Build(), Scans.Group(Rg), baseline.Options);
            var finding = Assert.Single(scan.Reports).Findings.Single(f => f.CheckId == check);
            Assert.True(finding.Status == CheckStatus.Unknown, $"{check} without {name}: {finding.Status} ({finding.Message.English})");
            Assert.True(finding.Evidence.TryGetValue("missing", out var missing) && missing != null && missing.Contains(named, StringComparison.OrdinalIgnoreCase),
                $"{check} without {name}: missing = '{(finding.Evidence.TryGetValue("missing", out var m) ? m : "(none)")}', expected it to name '{named}'");
        }
    }
}
