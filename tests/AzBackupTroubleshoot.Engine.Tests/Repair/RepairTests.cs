using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AzBackupTroubleshoot.ArmEmulator;
using AzBackupTroubleshoot.Engine.Tests.Support;
using AzBackupTroubleshoot.Repair;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Repair
{
    /// <summary>Repair-VmSnapshotExtension's engine against the emulator; every write request is checked.</summary>
    public sealed class RepairTests
    {
        private const string Group = "rg-repair";
        private static readonly string VaultId = BackupShapes.VaultId(Group, "vault1");

        private static (World World, string VmId) WorldWith(string osType = "Windows", string powerState = "running", string agentStatus = "Ready",
            string? extensionState = "Succeeded", string? deleteBehaviour = null, string ivCode = "ProvisioningState/succeeded", JsonObject? backup = null, bool protectedItem = true, bool listed = true)
        {
            var world = new World();
            var vmId = ArmShapes.VmId(Group, "vm1");
            var type = osType == "Windows" ? "VMSnapshot" : "VMSnapshotLinux";
            var ivExtensions = new JsonArray(ArmShapes.ExtensionStatus("BGInfo", "Microsoft.Compute.BGInfo"));
            if (extensionState != null) ivExtensions.Add(ArmShapes.ExtensionStatus(type, "Microsoft.Azure.RecoveryServices." + type, ivCode));
            world.Add(ArmShapes.Vm(Group, "vm1", osType: osType, powerState: powerState, agentStatus: agentStatus, extensions: ivExtensions));
            world.Add(ArmShapes.Extension(vmId, "BGInfo", "Microsoft.Compute", "BGInfo"));
            if (extensionState != null && listed)
            {
                var extension = ArmShapes.Extension(vmId, type, "Microsoft.Azure.RecoveryServices", type, extensionState);
                if (deleteBehaviour != null) extension[World.MetadataProperty] = new JsonObject { ["delete"] = deleteBehaviour };
                world.Add(extension);
            }

            world.Add(BackupShapes.Vault(Group, "vault1"));
            if (protectedItem)
            {
                var item = BackupShapes.ProtectedItem(VaultId, Group, "vm1");
                if (backup != null) item[World.MetadataProperty] = new JsonObject { ["backup"] = backup };
                world.Add(item);
            }

            ArmShapes.AddPlainNetwork(world);
            return (world, vmId);
        }

        /// <summary>A clock that moves only when the repair pauses: timeouts without waiting.</summary>
        private static RepairOptions Options(Action<RepairOptions>? configure = null)
        {
            var now = DateTimeOffset.UtcNow;
            var options = new RepairOptions
            {
                Timeout = TimeSpan.FromSeconds(60),
                Clock = () => now,
                Delay = (wait, _) => { now += wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1); return Task.CompletedTask; },
            };
            configure?.Invoke(options);
            return options;
        }

        private static async Task<(VmRepairResult Result, RequestLog Log)> Run((World World, string VmId) setup, RepairOptions options, bool approve = true, bool whatIf = false)
        {
            await using var harness = await EmulatorHarness.StartAsync(setup.World);
            var repairer = new VmSnapshotRepairer(harness.Connection);
            var plan = await repairer.PlanAsync(setup.VmId, options, CancellationToken.None);
            var result = await repairer.ExecuteAsync(plan, _ => approve, whatIf, CancellationToken.None);
            return (result, harness.Requests);
        }

        private static void OnlyWrites(RequestLog log, params string[] allowed)
        {
            var writes = log.Writes.Select(w => w.Method + " " + w.Path).ToArray();
            Assert.All(writes, w => Assert.Contains(w, allowed, StringComparer.OrdinalIgnoreCase));
        }

        private static RepairStep Step(VmRepairResult result, string what) => Assert.Single(result.Steps, s => s.What == what);

        [Theory]
        [InlineData("Windows", "VMSnapshot")]
        [InlineData("Linux", "VMSnapshotLinux")]
        public async Task Present_extension_is_deleted_and_nothing_else(string os, string name)
        {
            var setup = WorldWith(osType: os);
            var (result, log) = await Run(setup, Options());
            var step = Step(result, "RemoveExtension");
            Assert.Equal(RepairOutcome.Done, step.Outcome);
            Assert.Equal(setup.VmId + "/extensions/" + name, step.Target);
            Assert.Equal(new[] { "DELETE " + setup.VmId + "/extensions/" + name }, log.Writes.Select(w => w.Method + " " + w.Path).ToArray());
            Assert.False(setup.World.TryGet(setup.VmId + "/extensions/" + name, out _));
            Assert.True(setup.World.TryGet(setup.VmId + "/extensions/BGInfo", out _));
            Assert.Empty(result.Plan.Warnings);
        }

        [Fact]
        public async Task Absent_extension_deletes_nothing_and_the_other_steps_still_run()
        {
            var setup = WorldWith(extensionState: null);
            var (result, log) = await Run(setup, Options(o => { o.TriggerBackup = true; }));
            Assert.Equal(RepairOutcome.Skipped, Step(result, "RemoveExtension").Outcome);
            Assert.Equal(RepairOutcome.Done, Step(result, "TriggerBackup").Outcome);
            Assert.Equal(0, log.Writes.Count(w => w.Method == "DELETE"));
            Assert.NotNull(result.BackupJob);
        }

        [Fact]
        public async Task Failed_extension_is_deleted()
        {
            var setup = WorldWith(extensionState: "Failed", ivCode: "ProvisioningState/failed/-2147024891");
            var (result, log) = await Run(setup, Options());
            Assert.Equal(RepairOutcome.Done, Step(result, "RemoveExtension").Outcome);
            Assert.Single(log.Writes);
        }

        [Theory]
        [InlineData("Deleting")]
        [InlineData("Updating")]
        public async Task Extension_already_in_transition_is_reported_with_its_remedy_and_not_touched(string state)
        {
            var setup = WorldWith(extensionState: state);
            var (result, log) = await Run(setup, Options());
            var step = Step(result, "RemoveExtension");
            Assert.Equal(RepairOutcome.Failed, step.Outcome);
            Assert.Equal("ExtensionStuckInDeletionState", step.RemedyCode);
            Assert.Empty(log.Writes);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task Extension_the_instance_view_shows_deleting_is_reported_stuck_and_not_touched(bool listedInModel)
        {
            var setup = WorldWith(extensionState: "Succeeded", ivCode: "ProvisioningState/deleting", listed: listedInModel);
            var (result, log) = await Run(setup, Options());
            var step = Step(result, "RemoveExtension");
            Assert.Equal(RepairOutcome.Failed, step.Outcome);
            Assert.Equal("ExtensionStuckInDeletionState", step.RemedyCode);
            Assert.Empty(log.Writes);
        }

        [Fact]
        public async Task Deletion_that_stays_Deleting_ends_at_the_timeout_with_the_stuck_remedy()
        {
            var setup = WorldWith(deleteBehaviour: "stuck");
            var (result, log) = await Run(setup, Options(o => o.Timeout = TimeSpan.FromSeconds(30)));
            var step = Step(result, "RemoveExtension");
            Assert.Equal(RepairOutcome.Failed, step.Outcome);
            Assert.Equal("ExtensionStuckInDeletionState", step.RemedyCode);
            Assert.Single(log.Writes);
            Assert.True(log.Entries.Count(e => e.Path.Contains("/operations/", StringComparison.Ordinal)) >= 2, "the operation was polled");
            setup.World.TryGet(setup.VmId + "/extensions/VMSnapshot", out var extension);
            Assert.Equal("Deleting", extension["properties"]!["provisioningState"]!.GetValue<string>());
        }

        [Fact]
        public async Task Deletion_that_fails_reports_the_ARM_error()
        {
            var setup = WorldWith(deleteBehaviour: "fail");
            var (result, log) = await Run(setup, Options());
            var step = Step(result, "RemoveExtension");
            Assert.Equal(RepairOutcome.Failed, step.Outcome);
            Assert.Equal("VMExtensionHandlerNonTransientError", step.ErrorCode);
            Assert.True(setup.World.TryGet(setup.VmId + "/extensions/VMSnapshot", out _));
            Assert.Single(log.Writes);
        }

        [Fact]
        public async Task Deallocated_vm_gets_a_warning_and_no_agent_restart()
        {
            var setup = WorldWith(powerState: "deallocated");
            var (result, log) = await Run(setup, Options(o => o.RestartGuestAgent = true));
            Assert.Contains(result.Plan.Warnings, w => w.English.Contains("not running", StringComparison.Ordinal));
            Assert.Equal(RepairOutcome.Done, Step(result, "RemoveExtension").Outcome);
            Assert.Equal(RepairOutcome.Skipped, Step(result, "RestartGuestAgent").Outcome);
            Assert.DoesNotContain(log.Writes, w => w.Path.EndsWith("/runCommand", StringComparison.OrdinalIgnoreCase));
        }

        [Fact]
        public async Task Agent_not_Ready_skips_the_restart_with_the_reason()
        {
            var setup = WorldWith(agentStatus: "Not Ready");
            var (result, log) = await Run(setup, Options(o => o.RestartGuestAgent = true));
            var step = Step(result, "RestartGuestAgent");
            Assert.Equal(RepairOutcome.Skipped, step.Outcome);
            Assert.Contains("Not Ready", step.Reason.English, StringComparison.Ordinal);
            Assert.Equal("UserErrorGuestAgentStatusUnavailable", step.RemedyCode);
            Assert.DoesNotContain(log.Writes, w => w.Path.EndsWith("/runCommand", StringComparison.OrdinalIgnoreCase));
        }

        [Fact]
        public async Task Agent_Ready_is_restarted_through_Run_Command()
        {
            var setup = WorldWith();
            var (result, log) = await Run(setup, Options(o => o.RestartGuestAgent = true));
            Assert.Equal(RepairOutcome.Done, Step(result, "RestartGuestAgent").Outcome);
            OnlyWrites(log, "DELETE " + setup.VmId + "/extensions/VMSnapshot", "POST " + setup.VmId + "/runCommand");
            Assert.Equal(2, log.Writes.Count);
        }

        [Fact]
        public async Task WhatIf_makes_no_write_and_says_what_it_would_do()
        {
            var setup = WorldWith();
            var (result, log) = await Run(setup, Options(o => { o.RestartGuestAgent = true; o.TriggerBackup = true; }), approve: false, whatIf: true);
            Assert.Empty(log.Writes);
            Assert.Equal(3, result.Steps.Count(s => s.Outcome == RepairOutcome.WhatIf));
            Assert.Null(result.BackupJob);
        }

        [Fact]
        public async Task Declined_writes_are_skipped()
        {
            var setup = WorldWith();
            var (result, log) = await Run(setup, Options(o => o.TriggerBackup = true), approve: false);
            Assert.Empty(log.Writes);
            Assert.All(result.Steps, s => Assert.Equal(RepairOutcome.Skipped, s.Outcome));
        }

        [Fact]
        public async Task TriggerBackup_Wait_reports_a_completed_job()
        {
            var setup = WorldWith();
            var until = DateTimeOffset.UtcNow.AddDays(7);
            var (result, log) = await Run(setup, Options(o => { o.TriggerBackup = true; o.Wait = true; o.RetainUntil = until; }));
            Assert.Equal(RepairOutcome.Done, Step(result, "TriggerBackup").Outcome);
            Assert.Equal(RepairOutcome.Done, Step(result, "WaitForBackup").Outcome);
            Assert.Equal("Completed", result.BackupJob!.Status);
            Assert.StartsWith(VaultId + "/backupJobs/", result.BackupJob.Id, StringComparison.OrdinalIgnoreCase);
            var item = BackupShapes.ProtectedItem(VaultId, Group, "vm1")["id"]!.GetValue<string>();
            OnlyWrites(log, "DELETE " + setup.VmId + "/extensions/VMSnapshot", "POST " + item + "/backup");
            Assert.Equal(2, log.Writes.Count);
        }

        [Fact]
        public async Task TriggerBackup_Wait_failed_job_comes_back_with_catalog_remedies()
        {
            var setup = WorldWith(backup: new JsonObject
            {
                ["result"] = "Failed",
                ["errorCode"] = 400036,
                ["errorString"] = "Could not communicate with the VM agent for snapshot status. Snapshot VM sub task timed out.",
            });
            var (result, _) = await Run(setup, Options(o => { o.TriggerBackup = true; o.Wait = true; }));
            var step = Step(result, "WaitForBackup");
            Assert.Equal(RepairOutcome.Failed, step.Outcome);
            Assert.Equal("Failed", result.BackupJob!.Status);
            Assert.Contains("400036", result.BackupJob.ErrorCodes);
            Assert.NotEmpty(result.BackupJob.RemedyCodes);
            Assert.Equal(result.BackupJob.RemedyCodes[0], step.RemedyCode);
        }

        [Fact]
        public async Task TriggerBackup_Wait_gives_up_at_the_timeout()
        {
            var setup = WorldWith(backup: new JsonObject { ["result"] = "InProgress" });
            var (result, _) = await Run(setup, Options(o => { o.TriggerBackup = true; o.Wait = true; o.Timeout = TimeSpan.FromSeconds(40); o.DefaultPollInterval = TimeSpan.FromSeconds(10); }));
            var step = Step(result, "WaitForBackup");
            Assert.Equal(RepairOutcome.Failed, step.Outcome);
            Assert.Equal("InProgress", result.BackupJob!.Status);
            Assert.Contains("still InProgress", step.Reason.English, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Unprotected_vm_skips_the_backup()
        {
            var setup = WorldWith(protectedItem: false);
            var (result, log) = await Run(setup, Options(o => o.TriggerBackup = true));
            Assert.Equal(RepairOutcome.Skipped, Step(result, "TriggerBackup").Outcome);
            Assert.DoesNotContain(log.Writes, w => w.Path.EndsWith("/backup", StringComparison.OrdinalIgnoreCase));
        }

        [Fact]
        public async Task Missing_vm_is_a_read_error_without_writes()
        {
            var setup = WorldWith();
            var (result, log) = await Run((setup.World, ArmShapes.VmId(Group, "nope")), Options(o => o.TriggerBackup = true));
            Assert.NotNull(result.Plan.ReadError);
            Assert.Empty(result.Steps);
            Assert.Empty(log.Writes);
        }

        [Theory]
        [InlineData("Microsoft.Azure.RecoveryServices", "VMSnapshot", true)]
        [InlineData("microsoft.azure.recoveryservices", "vmsnapshotlinux", true)]
        [InlineData("Microsoft.Compute", "VMSnapshot", false)]
        [InlineData("Microsoft.Azure.RecoveryServices", "AzureBackupWindowsWorkload", false)]
        [InlineData(null, "Microsoft.Azure.RecoveryServices.VMSnapshot", true)]
        [InlineData(null, "Microsoft.Compute.BGInfo", false)]
        public void Only_the_backup_extension_is_recognised(string? publisher, string type, bool expected) =>
            Assert.Equal(expected, VmSnapshotRepairer.IsBackupExtension(publisher, type));
    }
}
