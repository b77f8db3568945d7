using System;
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
    /// The defects of issue 8, one test (or theory) per numbered point, each against the emulator speaking
    /// what real ARM returns. Each of these failed on the engine before the issue was fixed.
    /// </summary>
    public class RealArmDefectTests
    {
        private const string Rg = "rg-app";
        private static readonly string Vault = BackupShapes.VaultId("rg-backup", "vault-jpe");
        private static string Recent(double hours = 3) => DateTimeOffset.UtcNow.AddHours(-hours).ToString("o");

        private static World Estate(params JsonObject[] resources)
        {
            var world = new World();
            world.Add(BackupShapes.Vault("rg-backup", "vault-jpe"));
            foreach (var r in resources) world.Add(r);
            ArmShapes.AddPlainNetwork(world);
            return world;
        }

        private static JsonObject Protected(string vm, string group = Rg, string state = "Protected") => BackupShapes.ProtectedItem(Vault, group, vm, protectionState: state);

        // 1. A group scan lists VMs without $expand=instanceView (ARM refuses it without a scale-set filter).
        [Theory]
        [InlineData(GroupStatusSource.SubscriptionStatusListing, true)]
        [InlineData(GroupStatusSource.SubscriptionStatusListing, false)]
        [InlineData(GroupStatusSource.PerVmInstanceView, true)]
        public async Task P01_a_group_scan_works_where_arm_refuses_expand_on_listings(GroupStatusSource source, bool statusOnlyCarriesAgent)
        {
            var world = Estate(ArmShapes.Vm(Rg, "vm1"), ArmShapes.Vm(Rg, "vm2"), ArmShapes.Vm("rg-other", "vm3"), Protected("vm1"));
            var scan = await Scans.RunAsync(world, Scans.Group(Rg), new EmulatorOptions { StatusOnlyCarriesFullInstanceView = statusOnlyCarriesAgent },
                new InventoryOptions { GroupStatusSource = source });
            Assert.Empty(scan.Inventory.Failures);
            Assert.Equal(new[] { "vm1", "vm2" }, scan.Reports.Select(r => r.Name).OrderBy(n => n));
            Assert.All(scan.Reports, r => Assert.Equal(CheckStatus.Pass, r.Findings.Single(f => f.CheckId == "VmAgent.Status").Status));
            Assert.Equal(0, scan.Requests.CountWhere("$expand"));
        }

        // 2. The subscription scan joins the model listing with the statusOnly listing, which has no profiles.
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task P02_a_subscription_scan_reads_the_model_from_the_plain_listing(bool statusOnlyCarriesAgent)
        {
            var big = ArmShapes.Vm(Rg, "big");
            var disks = (JsonArray)big["properties"]!["storageProfile"]!["dataDisks"]!;
            for (var i = 0; i < 33; i++) disks.Add(new JsonObject { ["lun"] = i, ["name"] = "d" + i, ["diskSizeGB"] = 64, ["managedDisk"] = new JsonObject { ["storageAccountType"] = "Premium_LRS" } });
            var ultra = ArmShapes.Vm(Rg, "ultra");
            ((JsonArray)ultra["properties"]!["storageProfile"]!["dataDisks"]!).Add(new JsonObject { ["lun"] = 0, ["name"] = "u0", ["diskSizeGB"] = 64, ["managedDisk"] = new JsonObject { ["storageAccountType"] = "UltraSSD_LRS" } });
            var world = Estate(big, ultra, BackupShapes.ProtectedItem(Vault, Rg, "ultra", policyType: "V1"));
            var scan = await Scans.RunAsync(world, Scans.Subscription, new EmulatorOptions { StatusOnlyCarriesFullInstanceView = statusOnlyCarriesAgent });

            Assert.Equal(CheckStatus.Fail, scan.Finding("big", "Support.DiskCount").Status);
            Assert.Equal(CheckStatus.Fail, scan.Finding("ultra", "Support.DiskType").Status);
            Assert.Equal(CheckStatus.Pass, scan.Finding("big", "Network.NsgOutbound").Status);
            Assert.Equal(CheckStatus.Pass, scan.Finding("big", "VmAgent.Provisioned").Status);
            Assert.Equal(CheckStatus.Pass, scan.Finding("big", "VmAgent.Status").Status);
            Assert.Equal(2, scan.Requests.Count("GET", "/subscriptions/{}/providers/Microsoft.Compute/virtualMachines"));
        }

        // 3. Restore points come from GET ...?$expand=restorePoints, and only Azure Backup's collections count.
        [Fact]
        public async Task P03_restore_points_are_counted_from_the_collection_get()
        {
            var world = Estate(ArmShapes.Vm(Rg, "full"), ArmShapes.Vm(Rg, "own"), Protected("full"),
                BackupShapes.RestorePointCollection("AzureBackupRG_japaneast_1", "AzureBackup_full_1", ArmShapes.VmId(Rg, "full"), 18),
                BackupShapes.RestorePointCollection(Rg, "my-own-points", ArmShapes.VmId(Rg, "own"), 30));
            var scan = await Scans.RunAsync(world, Scans.Subscription);
            var full = scan.Finding("full", "RestorePoints.Collections");
            Assert.Equal(CheckStatus.Fail, full.Status);
            Assert.Equal("18", full.Evidence["restorePoints"]);
            Assert.Equal(CheckStatus.Pass, scan.Finding("own", "RestorePoints.Collections").Status);
            Assert.Equal(1, scan.Requests.Count("GET", "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Compute/restorePointCollections/{}"));
        }

        // 4. Every protectionState is mapped on purpose; an unknown one is shown raw, a missing one is Unknown.
        [Theory]
        [InlineData("Protected", CheckStatus.Pass)]
        [InlineData("IRPending", CheckStatus.Warning)]
        [InlineData("ProtectionError", CheckStatus.Fail)]
        [InlineData("BackupsSuspended", CheckStatus.Fail)]
        [InlineData("Invalid", CheckStatus.Warning)]
        [InlineData("ProtectionPaused", CheckStatus.Warning)]
        [InlineData("ProtectionStopped", CheckStatus.Warning)]
        [InlineData("SomethingNew", CheckStatus.Warning)]
        [InlineData(null, CheckStatus.Unknown)]
        public async Task P04_each_protection_state_is_mapped_on_purpose(string? state, CheckStatus expected)
        {
            var item = Protected("vm1");
            if (state == null) item["properties"]!.AsObject().Remove("protectionState");
            else item["properties"]!["protectionState"] = state;
            var scan = await Scans.RunAsync(Estate(ArmShapes.Vm(Rg, "vm1"), item), Scans.Subscription);
            var finding = scan.Finding("vm1", "Protection.Status");
            Assert.Equal(expected, finding.Status);
            if (state != null && expected != CheckStatus.Pass) Assert.Contains(state, finding.Message.English);
        }

        [Theory]
        [InlineData("Invalid", CheckStatus.Warning)]
        [InlineData("Brand-new", CheckStatus.Warning)]
        public async Task P04_health_and_last_backup_values_outside_the_known_set_are_not_passed(string value, CheckStatus expected)
        {
            var item = Protected("vm1");
            item["properties"]!["healthStatus"] = value;
            item["properties"]!["lastBackupStatus"] = value;
            var scan = await Scans.RunAsync(Estate(ArmShapes.Vm(Rg, "vm1"), item), Scans.Subscription);
            Assert.Equal(expected, scan.Finding("vm1", "Protection.Health").Status);
            Assert.Equal(CheckStatus.Warning, scan.Finding("vm1", "Protection.LastBackup").Status);
            Assert.Contains(value, scan.Finding("vm1", "Protection.LastBackup").Message.English);
        }

        // 5. A listing that could not be read leaves its checks Unknown, never Pass.
        [Theory]
        [InlineData(FaultKind.ServerError)]
        [InlineData(FaultKind.Throttle)]
        [InlineData(null)]
        public async Task P05_unreadable_jobs_and_collections_leave_their_checks_unknown(FaultKind? kind)
        {
            var world = Estate(ArmShapes.Vm(Rg, "vm1"), Protected("vm1"));
            var options = new EmulatorOptions();
            foreach (var path in new[] { "/backupJobs", "/restorePointCollections" })
            {
                if (kind is FaultKind k) options.Faults.Add(new FaultRule { PathContains = path, Kind = k, Rate = 1, RetryAfterSeconds = 0 });
            }

            // null: 403 AuthorizationFailed on both.
            if (kind == null)
            {
                options.DenyScopes.Add(Vault + "/backupJobs");
                options.DenyScopes.Add($"/subscriptions/{ArmShapes.Subscription}/providers/Microsoft.Compute/restorePointCollections");
            }

            var scan = await Scans.RunAsync(world, Scans.Subscription, options);
            foreach (var check in new[] { "Protection.FailedJobs", "Protection.JobInProgress", "RestorePoints.Collections" })
            {
                var finding = scan.Finding("vm1", check);
                Assert.True(finding.Status == CheckStatus.Unknown, $"{check}: {finding.Status}");
                Assert.False(string.IsNullOrEmpty(finding.Evidence["missing"]));
            }
        }

        // 6. Jobs are matched by container and operation, not by friendly name alone.
        [Fact]
        public async Task P06_a_same_named_vm_in_another_group_inherits_no_failures()
        {
            var failed = BackupShapes.Job(Vault, "app", "Failed", Recent(), 0, "Snapshot operation failed due to COM+ error");
            failed["properties"]!["containerName"] = "iaasvmcontainerv2;rg-b;app";
            var restoreFailed = BackupShapes.Job(Vault, "app", "Failed", Recent(), 0, "Restore failed", operation: "Restore");
            restoreFailed["properties"]!["containerName"] = "iaasvmcontainerv2;rg-a;app";
            var world = Estate(ArmShapes.Vm("rg-a", "app"), ArmShapes.Vm("rg-b", "app"), Protected("app", "rg-a"), Protected("app", "rg-b"), failed, restoreFailed);
            var scan = await Scans.RunAsync(world, Scans.Subscription);
            var byGroup = scan.Reports.ToDictionary(r => r.ResourceGroup, r => r.Findings.Single(f => f.CheckId == "Protection.FailedJobs"));
            Assert.Equal(CheckStatus.Pass, byGroup["rg-a"].Status);
            Assert.Equal(CheckStatus.Fail, byGroup["rg-b"].Status);
            Assert.Equal("1", byGroup["rg-b"].Evidence["failedJobs"]);
        }

        [Fact]
        public async Task P06_a_job_without_container_counts_only_when_its_name_is_unambiguous_in_the_vault()
        {
            var job = BackupShapes.Job(Vault, "app", "Failed", Recent(), 0, "Snapshot operation failed due to COM+ error");
            var world = Estate(ArmShapes.Vm("rg-a", "app"), ArmShapes.Vm("rg-b", "app"), Protected("app", "rg-a"), Protected("app", "rg-b"), job);
            var scan = await Scans.RunAsync(world, Scans.Subscription);
            Assert.All(scan.Reports, r => Assert.Equal(CheckStatus.Pass, r.Findings.Single(f => f.CheckId == "Protection.FailedJobs").Status));
        }

        // 7. A classic VM's item is not an orphan of an ARM VM.
        [Fact]
        public async Task P07_a_classic_item_is_not_reported_as_a_deleted_vm()
        {
            var classic = Protected("classic1");
            classic["properties"]!["protectedItemType"] = "Microsoft.ClassicCompute/virtualMachines";
            classic["properties"]!["sourceResourceId"] = $"/subscriptions/{ArmShapes.Subscription}/resourceGroups/providers/Microsoft.ClassicCompute/virtualMachines/classic1";
            classic["properties"]!["virtualMachineId"] = classic["properties"]!["sourceResourceId"]!.DeepClone();
            var scan = await Scans.RunAsync(Estate(ArmShapes.Vm(Rg, "vm1"), classic), Scans.Subscription);
            Assert.Equal(new[] { "vm1" }, scan.Reports.Select(r => r.Name));
        }

        // 8. The last backup's age is judged against the policy.
        [Theory]
        [InlineData(null, 24 * 365 * 2, CheckStatus.Fail)]
        [InlineData(null, 20, CheckStatus.Pass)]
        [InlineData(null, 72, CheckStatus.Unknown)]
        [InlineData("Daily", 72, CheckStatus.Fail)]
        [InlineData("Daily", 30, CheckStatus.Pass)]
        [InlineData("Weekly", 72, CheckStatus.Pass)]
        [InlineData("Weekly", 24 * 9, CheckStatus.Fail)]
        public async Task P08_the_last_backups_age_is_judged(string? frequency, int hoursAgo, CheckStatus expected)
        {
            var item = Protected("vm1");
            item["properties"]!["lastBackupTime"] = Recent(hoursAgo);
            item["properties"]!["lastRecoveryPoint"] = Recent(hoursAgo);
            var world = Estate(ArmShapes.Vm(Rg, "vm1"), item);
            if (frequency != null) world.Add(BackupShapes.Policy(Vault, "DefaultPolicy", frequency));
            var scan = await Scans.RunAsync(world, Scans.Subscription);
            Assert.Equal(expected, scan.Finding("vm1", "Protection.LastBackup").Status);
        }

        // 9. A VM payload the SDK could not read is read; one VM's unreadable detail is that VM's error.
        [Fact]
        public async Task P09_odd_values_in_one_vm_cost_nobody_else_their_report()
        {
            var odd = ArmShapes.Vm(Rg, "odd");
            odd["properties"]!["diagnosticsProfile"] = new JsonObject { ["bootDiagnostics"] = new JsonObject { ["enabled"] = true, ["storageUri"] = "not a uri" } };
            odd["properties"]!["storageProfile"]!["osDisk"]!["vhd"] = new JsonObject { ["uri"] = "::" };
            odd["properties"]!["timeCreated"] = "yesterday";
            var world = Estate(odd, ArmShapes.Vm(Rg, "fine"));
            foreach (var scope in new[] { Scans.Group(Rg), Scans.Subscription })
            {
                var scan = await Scans.RunAsync(world, scope);
                Assert.Empty(scan.Inventory.Failures);
                Assert.Equal(CheckStatus.Pass, scan.Finding("odd", "VmAgent.Status").Status);
                Assert.Equal(CheckStatus.Pass, scan.Finding("fine", "VmAgent.Status").Status);
            }
        }

        [Fact]
        public async Task P09_a_truncated_instance_view_is_that_vms_error()
        {
            var options = new EmulatorOptions { StatusOnlyCarriesFullInstanceView = false };
            options.Faults.Add(new FaultRule { PathContains = "/virtualMachines/broken/instanceView", Kind = FaultKind.MalformedBody, Rate = 1 });
            var scan = await Scans.RunAsync(Estate(ArmShapes.Vm(Rg, "broken"), ArmShapes.Vm(Rg, "fine")), Scans.Group(Rg), options);
            var failure = Assert.Single(scan.Inventory.Failures);
            Assert.EndsWith("/broken", failure.VmId);
            Assert.Equal(CheckStatus.Unknown, scan.Finding("broken", "VmAgent.Status").Status);
            Assert.Equal(CheckStatus.Pass, scan.Finding("broken", "Support.DiskCount").Status);
            Assert.Equal(CheckStatus.Pass, scan.Finding("fine", "VmAgent.Status").Status);
        }

        // 10. NSG rules are read with their source.
        [Theory]
        [InlineData("10.0.2.0/24", CheckStatus.Pass)]
        [InlineData("10.0.1.0/24", CheckStatus.Fail)]
        [InlineData("10.0.1.4", CheckStatus.Fail)]
        [InlineData("*", CheckStatus.Fail)]
        [InlineData("AzureLoadBalancer", CheckStatus.Pass)]
        public async Task P10_a_deny_for_another_subnets_sources_does_not_fail_this_vm(string source, CheckStatus expected)
        {
            var world = new World();
            var nsgId = ArmShapes.NetworkId("rg-net", "networkSecurityGroups", "nsg-app");
            var rule = ArmShapes.OutboundRule(nsgId, "deny-internet", 100, "Deny", "Internet", "*");
            rule["properties"]!["sourceAddressPrefix"] = source;
            world.Add(ArmShapes.SecurityGroup("rg-net", "nsg-app", rule));
            world.Add(ArmShapes.VirtualNetwork("rg-net", "vnet", ("app", nsgId, null)));
            var vm = ArmShapes.Vm(Rg, "wa");
            // Write Accelerator disks make this VM's backup need outbound internet access.
            ((JsonArray)vm["properties"]!["storageProfile"]!["dataDisks"]!).Add(new JsonObject { ["lun"] = 0, ["name"] = "log", ["diskSizeGB"] = 64, ["writeAcceleratorEnabled"] = true, ["managedDisk"] = new JsonObject { ["storageAccountType"] = "Premium_LRS" } });
            world.Add(vm);
            world.Add(ArmShapes.Nic(Rg, "wa", ArmShapes.NetworkId("rg-net", "virtualNetworks", "vnet") + "/subnets/app"));
            var scan = await Scans.RunAsync(world, Scans.Subscription);
            Assert.Equal(expected, scan.Finding("wa", "Network.NsgOutbound").Status);
        }

        // 11. Forced tunnelling by BGP cannot be seen in route tables: Unknown, pointing to effective routes.
        [Theory]
        [InlineData(true, false, null, CheckStatus.Unknown)]
        [InlineData(false, true, null, CheckStatus.Unknown)]
        [InlineData(true, false, true, CheckStatus.Pass)]
        [InlineData(false, false, null, CheckStatus.Pass)]
        public async Task P11_a_gateway_that_may_advertise_a_default_route_makes_tunnelling_unknown(bool gatewaySubnet, bool useRemoteGateways, bool? disableBgp, CheckStatus expected)
        {
            var world = new World();
            var subnets = gatewaySubnet ? new (string, string?, string?)[] { ("app", null, disableBgp == null ? null : ArmShapes.NetworkId("rg-net", "routeTables", "rt")), ("GatewaySubnet", null, null) }
                : new (string, string?, string?)[] { ("app", null, disableBgp == null ? null : ArmShapes.NetworkId("rg-net", "routeTables", "rt")) };
            var vnet = ArmShapes.VirtualNetwork("rg-net", "vnet", subnets);
            if (useRemoteGateways)
            {
                vnet["properties"]!["virtualNetworkPeerings"] = new JsonArray(new JsonObject
                {
                    ["name"] = "to-hub", ["properties"] = new JsonObject { ["peeringState"] = "Connected", ["useRemoteGateways"] = true, ["allowForwardedTraffic"] = true },
                });
            }

            world.Add(vnet);
            if (disableBgp != null)
            {
                var rt = ArmShapes.RouteTable("rg-net", "rt", "10.50.0.0/16", "VirtualAppliance", "10.0.0.4");
                rt["properties"]!["disableBgpRoutePropagation"] = disableBgp.Value;
                world.Add(rt);
            }

            world.Add(ArmShapes.Vm(Rg, "vm1"));
            world.Add(ArmShapes.Nic(Rg, "vm1", ArmShapes.NetworkId("rg-net", "virtualNetworks", "vnet") + "/subnets/app"));
            foreach (var scope in new[] { Scans.Subscription, Scans.Group(Rg) })
            {
                var finding = (await Scans.RunAsync(world, scope)).Finding("vm1", "Network.ForcedTunneling");
                Assert.Equal(expected, finding.Status);
                if (expected == CheckStatus.Unknown) Assert.Contains("effectiveRouteTable", finding.Evidence["missing"]);
            }
        }

        // 12. With items in several vaults, the live one speaks for the VM, whatever the order the vaults answer in.
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task P12_a_stopped_soft_deleted_item_in_an_old_vault_does_not_hide_the_live_one(bool oldVaultFirst)
        {
            var oldVault = BackupShapes.VaultId("rg-backup", "vault-old");
            var stale = BackupShapes.ProtectedItem(oldVault, Rg, "vm1", protectionState: "ProtectionStopped", lastBackupTime: Recent(1));
            stale["properties"]!["isScheduledForDeferredDelete"] = true;
            var world = new World();
            var vaults = new[] { (BackupShapes.Vault("rg-backup", "vault-old"), stale), (BackupShapes.Vault("rg-backup", "vault-jpe"), Protected("vm1")) };
            foreach (var (vault, item) in oldVaultFirst ? vaults : vaults.Reverse())
            {
                world.Add(vault);
                world.Add(item);
            }

            world.Add(ArmShapes.Vm(Rg, "vm1"));
            ArmShapes.AddPlainNetwork(world);
            for (var i = 0; i < 3; i++)
            {
                var scan = await Scans.RunAsync(world, Scans.Subscription);
                var status = scan.Finding("vm1", "Protection.Status");
                Assert.Equal(CheckStatus.Pass, status.Status);
                Assert.Equal(Vault, status.Evidence["vault"]);
                Assert.Contains("vault-old: ProtectionStopped (soft-deleted)", status.Evidence["otherItems"]);
            }
        }

        // 13. A disk without diskSizeGB is not within the size limit by default.
        [Fact]
        public async Task P13_a_missing_disk_size_is_unknown()
        {
            var vm = ArmShapes.Vm(Rg, "vm1");
            vm["properties"]!["storageProfile"]!["osDisk"]!.AsObject().Remove("diskSizeGB");
            var finding = (await Scans.RunAsync(Estate(vm), Scans.Subscription)).Finding("vm1", "Support.DiskSize");
            Assert.Equal(CheckStatus.Unknown, finding.Status);
            Assert.Contains("vm1_OsDisk", finding.Evidence["missing"]);
        }

        // Issue 7: a group that does not exist is ARM's 404, and its protected VMs are reported as gone.
        [Fact]
        public async Task A_group_that_does_not_exist_is_a_404_failure()
        {
            var scan = await Scans.RunAsync(Estate(ArmShapes.Vm(Rg, "vm1"), Protected("gone", "rg-deleted")), Scans.Group("rg-deleted"));
            var failure = Assert.Single(scan.Inventory.Failures);
            Assert.Equal(404, failure.Error.Status);
            Assert.Equal("ResourceGroupNotFound", failure.Error.ErrorCode);
            var report = Assert.Single(scan.Reports);
            Assert.Equal("BCMV2VMNotFound", Assert.Single(report.Findings).RemedyCode);
        }
    }
}
