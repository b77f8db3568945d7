using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AzBackupTroubleshoot.ArmEmulator;
using AzBackupTroubleshoot.Engine.Tests.Support;
using AzBackupTroubleshoot.Inventory;
using AzBackupTroubleshoot.Readiness;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Readiness
{
    /// <summary>
    /// Every ARM-side check, pass and fail, on one estate served by the emulator and read with the real
    /// Azure SDK: the whole path a Test-AzVmBackupReadiness call takes, short of PowerShell.
    /// </summary>
    public sealed class ReadinessEstate : IAsyncLifetime
    {
        private const string Rg = "rg-app";
        private static readonly string Vault = BackupShapes.VaultId("rg-backup", "vault-jpe");
        private static readonly string WestVault = BackupShapes.VaultId("rg-backup", "vault-west");
        private static readonly string Recent = DateTimeOffset.UtcNow.AddDays(-1).ToString("o");

        public IReadOnlyDictionary<string, VmReadinessReport> Reports { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var world = new World();
            void Add(JsonObject o) => world.Add(o);
            JsonArray Snapshot(string code = "ProvisioningState/succeeded", string message = "Enable succeeded") =>
                new JsonArray(ArmShapes.ExtensionStatus("VMSnapshot", "Microsoft.Azure.RecoveryServices.VMSnapshot", code, message));
            void Protect(string vm, string health = "Passed", string last = "Completed", string state = "Protected", string policy = "V2", JsonArray? details = null, string vault = "")
                => Add(BackupShapes.ProtectedItem(vault.Length == 0 ? Vault : vault, Rg, vm, health, last, state, policy, details));

            Add(BackupShapes.Vault("rg-backup", "vault-jpe"));
            Add(BackupShapes.Vault("rg-backup", "vault-west", "westus"));

            Add(ArmShapes.Vm(Rg, "healthy", extensions: Snapshot()));
            Protect("healthy");
            Add(ArmShapes.Vm(Rg, "agent-not-ready", agentStatus: "Not Ready"));
            Protect("agent-not-ready");
            Add(ArmShapes.Vm(Rg, "old-agent", agentVersion: "2.7.41491.949"));
            Add(ArmShapes.Vm(Rg, "old-linux-agent", osType: "Linux", agentVersion: "2.2.49.2"));
            Add(ArmShapes.Vm(Rg, "no-agent", provisionVmAgent: false));
            Add(ArmShapes.Vm(Rg, "failed-vm", provisioningState: "Failed",
                extensions: new JsonArray(ArmShapes.ExtensionStatus("CustomScript", "Microsoft.Compute.CustomScriptExtension", "ProvisioningState/failed/3", "Script exited with 1"))));
            Add(ArmShapes.Vm(Rg, "starting", powerState: "starting"));
            Add(ArmShapes.Vm(Rg, "deallocated", powerState: "deallocated"));
            Add(ArmShapes.Vm(Rg, "stuck-extension", extensions: Snapshot("ProvisioningState/deleting")));
            Protect("stuck-extension");
            Add(ArmShapes.Vm(Rg, "snapshot-failed", extensions: Snapshot("ProvisioningState/failed/-2146233079", "Snapshot operation failed")));
            Protect("snapshot-failed");
            Add(ArmShapes.Vm(Rg, "protection-stopped"));
            Protect("protection-stopped", state: "ProtectionStopped");
            Add(ArmShapes.Vm(Rg, "unhealthy"));
            Protect("unhealthy", health: "ActionRequired", details: new JsonArray(new JsonObject
            {
                ["code"] = 0, ["title"] = "UserErrorGuestAgentStatusUnavailable", ["message"] = "VM Agent unable to communicate with Azure Backup", ["recommendations"] = new JsonArray(),
            }));
            Add(ArmShapes.Vm(Rg, "failed-jobs"));
            Protect("failed-jobs", last: "Failed");
            Add(BackupShapes.Job(Vault, "failed-jobs", "Failed", Recent, 0, "Snapshot operation failed due to COM+ error"));
            Add(BackupShapes.Job(Vault, "failed-jobs", "Failed", DateTimeOffset.UtcNow.AddDays(-30).ToString("o"), 0, "An old failure outside the window"));
            Add(ArmShapes.Vm(Rg, "busy"));
            Protect("busy");
            Add(BackupShapes.Job(Vault, "busy", "InProgress", Recent));
            Add(ArmShapes.Vm(Rg, "wrong-region"));
            Protect("wrong-region", vault: WestVault);

            var big = ArmShapes.Vm(Rg, "big-disks");
            var dataDisks = (JsonArray)big["properties"]!["storageProfile"]!["dataDisks"]!;
            for (var i = 0; i < 33; i++)
            {
                dataDisks.Add(new JsonObject
                {
                    ["lun"] = i, ["name"] = $"big-disks_data{i}", ["createOption"] = "Attach", ["diskSizeGB"] = i == 0 ? 40000 : 128,
                    ["managedDisk"] = new JsonObject { ["storageAccountType"] = i == 1 ? "UltraSSD_LRS" : "Premium_LRS" },
                });
            }

            Add(big);
            Protect("big-disks", policy: "V1");

            var trustedStandard = ArmShapes.Vm(Rg, "trusted-standard");
            trustedStandard["properties"]!["securityProfile"] = new JsonObject { ["securityType"] = "TrustedLaunch" };
            Add(trustedStandard);
            Protect("trusted-standard", policy: "V1");
            var trustedEnhanced = ArmShapes.Vm(Rg, "trusted-enhanced");
            trustedEnhanced["properties"]!["securityProfile"] = new JsonObject { ["securityType"] = "TrustedLaunch" };
            Add(trustedEnhanced);
            Protect("trusted-enhanced", policy: "V2");

            Add(ArmShapes.Vm(Rg, "locked", location: "japanwest"));
            Add(BackupShapes.Lock($"/subscriptions/{ArmShapes.Subscription}/resourceGroups/AzureBackupRG_japanwest_1", "keep"));
            Add(ArmShapes.Vm(Rg, "rp-limit"));
            Add(BackupShapes.RestorePointCollection("AzureBackupRG_japaneast_1", "AzureBackup_rp-limit_1", ArmShapes.VmId(Rg, "rp-limit"), 18));
            Add(BackupShapes.RestorePointCollection("AzureBackupRG_japaneast_1", "AzureBackup_healthy_1", ArmShapes.VmId(Rg, "healthy"), 3));

            // Deleted while still protected.
            Protect("deleted-vm");

            ArmShapes.AddPlainNetwork(world);
            await using var h = await EmulatorHarness.StartAsync(world, new EmulatorOptions { PageSize = 7 });
            var scope = InventoryScope.Subscription(ArmShapes.Subscription);
            var inventory = await FleetInventory.LoadAsync(h.Connection, scope);
            Assert.Empty(inventory.Gaps);
            Assert.Empty(inventory.Failures);
            Reports = ReadinessEvaluator.Evaluate(inventory, scope).ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
        }

        public Task DisposeAsync() => Task.CompletedTask;
    }

    public class ReadinessChecksTests : IClassFixture<ReadinessEstate>
    {
        private readonly IReadOnlyDictionary<string, VmReadinessReport> _reports;

        public ReadinessChecksTests(ReadinessEstate estate) => _reports = estate.Reports;

        private Finding F(string vm, string check) => _reports[vm].Findings.Single(f => f.CheckId == check);

        [Theory]
        [InlineData("healthy", "VmAgent.Status", CheckStatus.Pass, null)]
        [InlineData("agent-not-ready", "VmAgent.Status", CheckStatus.Fail, "UserErrorGuestAgentStatusUnavailable")]
        [InlineData("deallocated", "VmAgent.Status", CheckStatus.NotApplicable, null)]
        [InlineData("healthy", "VmAgent.Version", CheckStatus.Pass, null)]
        [InlineData("old-agent", "VmAgent.Version", CheckStatus.Fail, "UserErrorGuestAgentStatusUnavailable")]
        [InlineData("old-linux-agent", "VmAgent.Version", CheckStatus.Fail, "UserErrorGuestAgentVersionUnsupported")]
        [InlineData("healthy", "VmAgent.Provisioned", CheckStatus.Pass, null)]
        [InlineData("no-agent", "VmAgent.Provisioned", CheckStatus.Fail, "VmNotInDesirableState")]
        [InlineData("healthy", "Vm.ProvisioningState", CheckStatus.Pass, null)]
        [InlineData("failed-vm", "Vm.ProvisioningState", CheckStatus.Fail, "UserErrorVmProvisioningStateFailed")]
        [InlineData("healthy", "Vm.PowerState", CheckStatus.Pass, null)]
        [InlineData("deallocated", "Vm.PowerState", CheckStatus.Pass, null)]
        [InlineData("starting", "Vm.PowerState", CheckStatus.Warning, "UserErrorVmNotInDesirableState")]
        [InlineData("healthy", "Vm.Extensions", CheckStatus.Pass, null)]
        [InlineData("failed-vm", "Vm.Extensions", CheckStatus.Fail, "UserErrorVmProvisioningStateFailed")]
        [InlineData("healthy", "BackupExtension.State", CheckStatus.Pass, null)]
        [InlineData("stuck-extension", "BackupExtension.State", CheckStatus.Fail, "ExtensionStuckInDeletionState")]
        [InlineData("snapshot-failed", "BackupExtension.State", CheckStatus.Fail, "ExtensionOperationFailedForManagedDisks")]
        [InlineData("old-agent", "BackupExtension.State", CheckStatus.NotApplicable, null)]
        [InlineData("healthy", "Protection.Status", CheckStatus.Pass, null)]
        [InlineData("old-agent", "Protection.Status", CheckStatus.Warning, null)]
        [InlineData("protection-stopped", "Protection.Status", CheckStatus.Warning, "UserErrorBcmDatasourceNotPresent")]
        [InlineData("healthy", "Protection.Health", CheckStatus.Pass, null)]
        [InlineData("unhealthy", "Protection.Health", CheckStatus.Fail, "UserErrorGuestAgentStatusUnavailable")]
        [InlineData("healthy", "Protection.LastBackup", CheckStatus.Pass, null)]
        [InlineData("failed-jobs", "Protection.LastBackup", CheckStatus.Fail, null)]
        [InlineData("healthy", "Protection.FailedJobs", CheckStatus.Pass, null)]
        [InlineData("failed-jobs", "Protection.FailedJobs", CheckStatus.Fail, "ExtensionSnapshotFailedCOM")]
        [InlineData("healthy", "Protection.JobInProgress", CheckStatus.Pass, null)]
        [InlineData("busy", "Protection.JobInProgress", CheckStatus.Warning, "UserErrorBackupOperationInProgress")]
        [InlineData("healthy", "RestorePoints.Locks", CheckStatus.Pass, null)]
        [InlineData("locked", "RestorePoints.Locks", CheckStatus.Fail, "UserErrorRpCollectionLimitReached")]
        [InlineData("healthy", "RestorePoints.Collections", CheckStatus.Pass, null)]
        [InlineData("rp-limit", "RestorePoints.Collections", CheckStatus.Fail, "UserErrorRpCollectionLimitReached")]
        [InlineData("healthy", "Support.DiskCount", CheckStatus.Pass, null)]
        [InlineData("big-disks", "Support.DiskCount", CheckStatus.Fail, "UserErrorBCMUnsupportedDiskCount")]
        [InlineData("healthy", "Support.DiskSize", CheckStatus.Pass, null)]
        [InlineData("big-disks", "Support.DiskSize", CheckStatus.Fail, "UserErrorUnsupportedDiskSize")]
        [InlineData("healthy", "Support.DiskType", CheckStatus.Pass, null)]
        [InlineData("big-disks", "Support.DiskType", CheckStatus.Fail, "UserErrorUnsupportedDiskConfiguration")]
        [InlineData("healthy", "Support.VaultRegion", CheckStatus.Pass, null)]
        [InlineData("wrong-region", "Support.VaultRegion", CheckStatus.Fail, "UserErrorVmVaultLocationMismatch")]
        [InlineData("trusted-enhanced", "Support.TrustedLaunchPolicy", CheckStatus.Pass, null)]
        [InlineData("trusted-standard", "Support.TrustedLaunchPolicy", CheckStatus.Warning, null)]
        [InlineData("healthy", "Vm.Exists", CheckStatus.Pass, null)]
        [InlineData("deleted-vm", "Vm.Exists", CheckStatus.Fail, "BCMV2VMNotFound")]
        public void Each_check_passes_and_fails_where_it_should(string vm, string check, CheckStatus status, string? remedy)
        {
            var finding = F(vm, check);
            Assert.Equal(status, finding.Status);
            Assert.Equal(remedy, finding.RemedyCode);
            Assert.False(string.IsNullOrWhiteSpace(finding.Message.English));
            Assert.Matches("[\u3040-\u30ff\u4e00-\u9fff]", finding.Message.Japanese);
        }

        [Fact]
        public void Every_remedy_code_a_finding_names_is_in_the_catalog()
        {
            var catalog = AzBackupTroubleshoot.Remedies.RemedyCatalog.LoadDefault();
            foreach (var f in _reports.Values.SelectMany(r => r.Findings).Where(f => f.RemedyCode != null))
            {
                Assert.True(catalog.TryGetEntry(f.RemedyCode!, out _), f.RemedyCode);
            }
        }

        [Fact]
        public void Overall_status_is_the_worst_finding()
        {
            Assert.Equal(CheckStatus.Pass, _reports["healthy"].Status);
            Assert.Equal(CheckStatus.Fail, _reports["failed-vm"].Status);
            Assert.Equal(CheckStatus.Warning, _reports["starting"].Status);
        }

        [Fact]
        public void Findings_carry_the_evidence_they_judged()
        {
            Assert.Equal("2.7.41491.949", F("old-agent", "VmAgent.Version").Evidence["properties.instanceView.vmAgent.vmAgentVersion"]);
            Assert.Equal("Failed", F("failed-vm", "Vm.ProvisioningState").Evidence["properties.provisioningState"]);
            Assert.Equal("1", F("failed-jobs", "Protection.FailedJobs").Evidence["failedJobs"]);
        }
    }
}
