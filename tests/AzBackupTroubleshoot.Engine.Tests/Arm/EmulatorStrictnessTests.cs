using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Core;
using Azure.ResourceManager.Compute;
using AzBackupTroubleshoot.Arm;
using AzBackupTroubleshoot.ArmEmulator;
using AzBackupTroubleshoot.Engine.Tests.Support;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Arm
{
    /// <summary>The emulator refuses what ARM refuses and returns only what ARM returns (shared/reference/arm-examples).</summary>
    public class EmulatorStrictnessTests
    {
        private const string Api = "2026-04-01";
        private static readonly string Sub = "/subscriptions/" + ArmShapes.Subscription;
        private static readonly string Vault = BackupShapes.VaultId("rg-backup", "vault-jpe");

        private static World Small()
        {
            var world = new World();
            var vm = ArmShapes.Vm("rg-app", "vm1");
            vm["tags"] = new JsonObject { ["env"] = "prod" };
            world.Add(vm);
            world.Add(BackupShapes.Vault("rg-backup", "vault-jpe"));
            world.Add(BackupShapes.RestorePointCollection("AzureBackupRG_japaneast_1", "AzureBackup_vm1_1", ArmShapes.VmId("rg-app", "vm1"), 18));
            for (var i = 0; i < 5; i++) world.Add(BackupShapes.Job(Vault, "vm1", "Completed", DateTimeOffset.UtcNow.AddHours(-i).ToString("o")));
            return world;
        }

        private static async Task<ArmRequestException> Refused(EmulatorHarness h, string path, string api = Api, string? query = null) =>
            await Assert.ThrowsAsync<ArmRequestException>(() => h.Connection.Rest.GetAsync(path, api, CancellationToken.None, query));

        [Fact]
        public async Task Vm_listings_refuse_expand_instance_view_without_a_scale_set_filter()
        {
            await using var h = await EmulatorHarness.StartAsync(Small());
            foreach (var path in new[] { Sub + "/providers/Microsoft.Compute/virtualMachines", Sub + "/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines" })
            {
                var ex = await Refused(h, path, query: "$expand=instanceView");
                Assert.Equal(400, ex.Status);
                Assert.Contains("Virtual Machine Scale Set resource filter", ex.Message);
                var filtered = await h.Connection.Rest.GetAsync(path, Api, CancellationToken.None,
                    "$expand=instanceView&$filter=" + Uri.EscapeDataString("'virtualMachineScaleSet/id' eq '/subscriptions/x/resourceGroups/g/providers/Microsoft.Compute/virtualMachineScaleSets/s'"));
                Assert.Equal(JsonValueKind.Array, filtered.GetProperty("value").ValueKind);
            }

            // VirtualMachines_Get takes $expand=instanceView.
            var one = await h.Connection.Rest.GetAsync(ArmShapes.VmId("rg-app", "vm1"), Api, CancellationToken.None, "$expand=instanceView");
            Assert.True(one.GetProperty("properties").TryGetProperty("instanceView", out _));
        }

        [Theory]
        [InlineData("2099-01-01", "NoRegisteredProviderFound")]
        [InlineData("latest", "InvalidApiVersionParameter")]
        public async Task Unknown_api_versions_are_refused(string version, string code)
        {
            await using var h = await EmulatorHarness.StartAsync(Small());
            var ex = await Refused(h, ArmShapes.VmId("rg-app", "vm1"), version);
            Assert.Equal((400, code), (ex.Status, ex.ErrorCode));
            Assert.Contains("2026-04-01", ex.Message);
        }

        [Fact]
        public async Task Collections_under_a_missing_subscription_group_or_vault_are_404()
        {
            var world = Small();
            world.AddScope(Sub + "/resourceGroups/rg-empty");
            await using var h = await EmulatorHarness.StartAsync(world);
            var noSubscription = await Refused(h, "/subscriptions/11111111-2222-3333-4444-555555555555/providers/Microsoft.Compute/virtualMachines");
            Assert.Equal((404, "SubscriptionNotFound"), (noSubscription.Status, noSubscription.ErrorCode));
            var noGroup = await Refused(h, Sub + "/resourceGroups/rg-nope/providers/Microsoft.Compute/virtualMachines");
            Assert.Equal((404, "ResourceGroupNotFound"), (noGroup.Status, noGroup.ErrorCode));
            var noVault = await Refused(h, BackupShapes.VaultId("rg-backup", "vault-nope") + "/backupJobs", FleetInventoryApi.Backup);
            Assert.Equal((404, "ResourceNotFound"), (noVault.Status, noVault.ErrorCode));
            var noVm = await Refused(h, ArmShapes.VmId("rg-app", "gone") + "/instanceView");
            Assert.Equal(404, noVm.Status);

            // An empty group that exists, and a vault with no items, are empty lists.
            var empty = await h.Connection.Rest.GetAsync(Sub + "/resourceGroups/rg-empty/providers/Microsoft.Compute/virtualMachines", Api, CancellationToken.None);
            Assert.Equal(0, empty.GetProperty("value").GetArrayLength());
            var noItems = await h.Connection.Rest.GetAsync(Vault + "/backupProtectedItems", FleetInventoryApi.Backup, CancellationToken.None);
            Assert.Equal(0, noItems.GetProperty("value").GetArrayLength());
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task Status_only_listings_carry_run_time_status_and_no_model(bool withAgent)
        {
            await using var h = await EmulatorHarness.StartAsync(Small(), new EmulatorOptions { StatusOnlyCarriesFullInstanceView = withAgent });
            var path = Sub + "/providers/Microsoft.Compute/virtualMachines";
            var plain = (await h.Connection.Rest.GetAsync(path, Api, CancellationToken.None)).GetProperty("value")[0];
            Assert.True(plain.TryGetProperty("tags", out _));
            Assert.True(plain.GetProperty("properties").TryGetProperty("networkProfile", out _));
            Assert.False(plain.GetProperty("properties").TryGetProperty("instanceView", out _));

            var status = (await h.Connection.Rest.GetAsync(path, Api, CancellationToken.None, "statusOnly=true")).GetProperty("value")[0];
            var properties = status.GetProperty("properties");
            Assert.False(status.TryGetProperty("tags", out _));
            foreach (var model in new[] { "networkProfile", "storageProfile", "osProfile", "hardwareProfile", "provisioningState" }) Assert.False(properties.TryGetProperty(model, out _), model);
            var view = properties.GetProperty("instanceView");
            Assert.False(view.TryGetProperty("osName", out _));
            Assert.Contains(view.GetProperty("statuses").EnumerateArray(), s => s.GetProperty("code").GetString() == "PowerState/running");
            Assert.Equal(withAgent, view.TryGetProperty("vmAgent", out _));
        }

        [Fact]
        public async Task Restore_points_come_only_with_get_and_expand()
        {
            await using var h = await EmulatorHarness.StartAsync(Small());
            var listed = (await h.Connection.Rest.GetAsync(Sub + "/providers/Microsoft.Compute/restorePointCollections", Api, CancellationToken.None)).GetProperty("value")[0];
            Assert.False(listed.GetProperty("properties").TryGetProperty("restorePoints", out _));
            var id = listed.GetProperty("id").GetString()!;
            Assert.False((await h.Connection.Rest.GetAsync(id, Api, CancellationToken.None)).GetProperty("properties").TryGetProperty("restorePoints", out _));
            var expanded = await h.Connection.Rest.GetAsync(id, Api, CancellationToken.None, "$expand=restorePoints");
            Assert.Equal(18, expanded.GetProperty("properties").GetProperty("restorePoints").GetArrayLength());
        }

        [Fact]
        public async Task Pages_are_linked_by_opaque_escaped_tokens()
        {
            await using var h = await EmulatorHarness.StartAsync(Small(), new EmulatorOptions { PageSize = 2 });
            var jobs = await h.Connection.Rest.GetAsync(Vault + "/backupJobs", FleetInventoryApi.Backup, CancellationToken.None);
            var next = jobs.GetProperty("nextLink").GetString()!;
            // Recovery Services: an XML token, escaped in the link.
            Assert.Contains("$skipToken=%3C%3Fxml", next);
            Assert.DoesNotContain("<", next);
            var all = 0;
            await foreach (var _ in h.Connection.Rest.ListAsync(Vault + "/backupJobs", FleetInventoryApi.Backup, CancellationToken.None)) all++;
            Assert.Equal(5, all);

            var world = new World();
            for (var i = 0; i < 5; i++) world.Add(ArmShapes.Vm("rg-app", "vm" + i));
            await using var h2 = await EmulatorHarness.StartAsync(world, new EmulatorOptions { PageSize = 2 });
            var vms = await h2.Connection.Rest.GetAsync(Sub + "/providers/Microsoft.Compute/virtualMachines", Api, CancellationToken.None);
            var token = new Uri(vms.GetProperty("nextLink").GetString()!).Query.Split('&').Single(p => p.StartsWith("$skiptoken=", StringComparison.Ordinal)).Substring("$skiptoken=".Length);
            Assert.False(int.TryParse(token, out _), token);
            // A client cannot make its own tokens.
            var forged = await Refused(h2, Sub + "/providers/Microsoft.Compute/virtualMachines", query: "$skiptoken=2");
            Assert.Equal(400, forged.Status);
        }

        [Theory]
        [InlineData(DeleteAnswer.AzureAsyncOperation, 202)]
        [InlineData(DeleteAnswer.LocationOnly, 202)]
        [InlineData(DeleteAnswer.Ok, 200)]
        [InlineData(DeleteAnswer.NoContent, 204)]
        public async Task Deletes_answer_in_every_documented_form_and_the_sdk_follows_each(DeleteAnswer answer, int status)
        {
            var vmId = ArmShapes.VmId("rg-app", "vm1");
            var world = Small();
            world.Add(ArmShapes.Extension(vmId, "VMSnapshot", "Microsoft.Azure.RecoveryServices", "VMSnapshot"));
            world.Add(ArmShapes.Extension(vmId, "Other", "Microsoft.Compute", "CustomScriptExtension"));
            await using var h = await EmulatorHarness.StartAsync(world, new EmulatorOptions { DeleteAnswer = answer, OperationPollsBeforeDone = 1 });

            using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => c!.GetCertHashString() == h.Server.CertificateThumbprint };
            using var http = new HttpClient(handler) { BaseAddress = h.Server.BaseUri };
            using var request = new HttpRequestMessage(HttpMethod.Delete, (vmId + "/extensions/Other").TrimStart('/') + "?api-version=2023-07-01");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", EmulatorTokens.Issue(DateTimeOffset.UtcNow.AddHours(1)));
            using var raw = await http.SendAsync(request);
            Assert.Equal(status, (int)raw.StatusCode);
            Assert.Equal(answer == DeleteAnswer.AzureAsyncOperation, raw.Headers.Contains("Azure-AsyncOperation"));
            Assert.Equal(status == 202, raw.Headers.Location != null);
            if (status == 200) Assert.Equal("{}", await raw.Content.ReadAsStringAsync());

            var extension = h.Connection.Client.GetVirtualMachineExtensionResource(new ResourceIdentifier(vmId + "/extensions/VMSnapshot"));
            await extension.DeleteAsync(WaitUntil.Completed);
            Assert.Equal(404, (await Assert.ThrowsAsync<RequestFailedException>(() => extension.GetAsync())).Status);
        }
    }

    internal static class FleetInventoryApi
    {
        public const string Backup = AzBackupTroubleshoot.Inventory.FleetInventory.BackupApiVersion;
    }
}
