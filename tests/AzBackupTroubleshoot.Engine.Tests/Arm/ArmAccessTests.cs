using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Core;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Azure.ResourceManager.Resources;
using AzBackupTroubleshoot.Arm;
using AzBackupTroubleshoot.ArmEmulator;
using AzBackupTroubleshoot.Engine.Tests.Support;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Arm
{
    /// <summary>The real Azure SDK and our pipeline against the emulator: shapes, paging, errors, retries, LROs.</summary>
    public class ArmAccessTests
    {
        private static World WorldOf(params System.Text.Json.Nodes.JsonObject[] resources)
        {
            var world = new World();
            foreach (var r in resources) world.Add(r);
            return world;
        }

        [Fact]
        public async Task The_sdk_reads_a_vm_with_its_instance_view()
        {
            var vm = ArmShapes.Vm("rg-app", "app01", agentVersion: "2.7.41491.1102");
            await using var h = await EmulatorHarness.StartAsync(WorldOf(vm));
            var resource = h.Connection.Client.GetVirtualMachineResource(new ResourceIdentifier(ArmShapes.VmId("rg-app", "app01")));
            var data = (await resource.GetAsync(InstanceViewType.InstanceView)).Value.Data;
            Assert.Equal("2.7.41491.1102", data.InstanceView.VmAgent.VmAgentVersion);
            Assert.Contains(data.InstanceView.Statuses, s => s.Code == "PowerState/running");
            Assert.Equal(1, h.Requests.Count("GET", "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Compute/virtualMachines/{}"));
        }

        [Fact]
        public async Task Subscription_listing_pages_with_nextLink_and_carries_status()
        {
            var world = WorldOf(Enumerable.Range(0, 7).Select(i => ArmShapes.Vm("rg-" + (i % 2), "vm" + i)).ToArray());
            await using var h = await EmulatorHarness.StartAsync(world, new EmulatorOptions { PageSize = 3 });
            var subscription = h.Connection.Client.GetSubscriptionResource(SubscriptionResource.CreateResourceIdentifier(ArmShapes.Subscription));
            var vms = new List<VirtualMachineData>();
            await foreach (var vm in subscription.GetVirtualMachinesAsync(statusOnly: "true")) vms.Add(vm.Data);
            Assert.Equal(7, vms.Count);
            Assert.All(vms, v => Assert.NotNull(v.InstanceView?.VmAgent));
            Assert.Equal(3, h.Requests.Count("GET", "/subscriptions/{}/providers/Microsoft.Compute/virtualMachines"));
        }

        [Fact]
        public async Task A_missing_resource_is_a_404_with_the_arm_error_code()
        {
            await using var h = await EmulatorHarness.StartAsync(WorldOf(ArmShapes.Vm("rg-app", "app01")));
            var resource = h.Connection.Client.GetVirtualMachineResource(new ResourceIdentifier(ArmShapes.VmId("rg-app", "gone")));
            var ex = await Assert.ThrowsAsync<RequestFailedException>(() => resource.GetAsync());
            Assert.Equal(404, ex.Status);
            Assert.Equal("ResourceNotFound", ex.ErrorCode);
            var mapped = ArmErrors.From(ex, ArmShapes.VmId("rg-app", "gone"));
            Assert.True(mapped.IsNotFound);
        }

        [Fact]
        public async Task Requests_without_api_version_or_token_are_refused()
        {
            await using var h = await EmulatorHarness.StartAsync(WorldOf(ArmShapes.Vm("rg-app", "app01")));
            using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => c!.GetCertHashString() == h.Server.CertificateThumbprint };
            using var http = new HttpClient(handler) { BaseAddress = h.Server.BaseUri };
            var noToken = await http.GetAsync(ArmShapes.VmId("rg-app", "app01").TrimStart('/') + "?api-version=2023-07-01");
            Assert.Equal(401, (int)noToken.StatusCode);
            using var request = new HttpRequestMessage(HttpMethod.Get, ArmShapes.VmId("rg-app", "app01").TrimStart('/'));
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", EmulatorTokens.Issue(DateTimeOffset.UtcNow.AddHours(1)));
            var noVersion = await http.SendAsync(request);
            Assert.Equal(400, (int)noVersion.StatusCode);
            Assert.Contains("MissingApiVersionParameter", await noVersion.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task An_expired_token_is_a_401_and_a_fresh_one_is_asked_for_next_time()
        {
            await using var h = await EmulatorHarness.StartAsync(WorldOf(ArmShapes.Vm("rg-app", "app01")));
            h.Tokens.Expiry = () => DateTimeOffset.UtcNow.AddSeconds(-5);
            var ex = await Assert.ThrowsAsync<ArmRequestException>(() => h.Connection.Rest.GetAsync(ArmShapes.VmId("rg-app", "app01"), "2023-07-01", CancellationToken.None));
            Assert.Equal(401, ex.Status);
            Assert.Equal("ExpiredAuthenticationToken", ex.ErrorCode);

            h.Tokens.Expiry = () => DateTimeOffset.UtcNow.AddHours(1);
            var callsBefore = h.Tokens.Calls;
            var vm = await h.Connection.Rest.GetAsync(ArmShapes.VmId("rg-app", "app01"), "2023-07-01", CancellationToken.None);
            Assert.Equal("app01", vm.GetProperty("name").GetString());
            Assert.True(h.Tokens.Calls > callsBefore, "an expired token must not be reused");
        }

        [Theory]
        [InlineData(FaultKind.Throttle)]
        [InlineData(FaultKind.ServerError)]
        [InlineData(FaultKind.ServiceUnavailable)]
        [InlineData(FaultKind.DropConnection)]
        public async Task Transient_failures_are_retried(FaultKind kind)
        {
            var options = new EmulatorOptions();
            options.Faults.Add(new FaultRule { PathContains = "/virtualMachines/app01", Kind = kind, Times = 2, RetryAfterSeconds = 1 });
            await using var h = await EmulatorHarness.StartAsync(WorldOf(ArmShapes.Vm("rg-app", "app01")), options);
            var vm = await h.Connection.Rest.GetAsync(ArmShapes.VmId("rg-app", "app01"), "2023-07-01", CancellationToken.None);
            Assert.Equal("app01", vm.GetProperty("name").GetString());
            Assert.Equal(3, h.Requests.Total);
        }

        [Fact]
        public async Task The_token_bucket_throttles_with_Retry_After_and_the_client_waits_it_out()
        {
            var options = new EmulatorOptions { ReadBucketCapacity = 2, ReadRefillPerSecond = 2 };
            var records = new ConcurrentBag<ArmRequestRecord>();
            // No pause on the remaining-reads header: the bucket runs dry and answers 429.
            await using var h = await EmulatorHarness.StartAsync(WorldOf(ArmShapes.Vm("rg-app", "app01")), options, o => { o.OnRequest = records.Add; o.LowReadsPause = TimeSpan.Zero; });
            for (var i = 0; i < 4; i++) await h.Connection.Rest.GetAsync(ArmShapes.VmId("rg-app", "app01"), "2023-07-01", CancellationToken.None);
            Assert.Contains(records, r => r.Status == 429);
            Assert.Equal(4, records.Count(r => r.Status == 200));
        }

        [Fact]
        public async Task Few_remaining_reads_pause_the_client_before_the_bucket_runs_dry()
        {
            var options = new EmulatorOptions { ReadBucketCapacity = 2, ReadRefillPerSecond = 2 };
            var records = new ConcurrentBag<ArmRequestRecord>();
            await using var h = await EmulatorHarness.StartAsync(WorldOf(ArmShapes.Vm("rg-app", "app01")), options, o => { o.OnRequest = records.Add; o.LowReadsPause = TimeSpan.FromSeconds(1); });
            for (var i = 0; i < 4; i++) await h.Connection.Rest.GetAsync(ArmShapes.VmId("rg-app", "app01"), "2023-07-01", CancellationToken.None);
            // x-ms-ratelimit-remaining-subscription-reads fell to 1, then 0: each pause let the bucket refill.
            Assert.DoesNotContain(records, r => r.Status == 429);
            Assert.Equal(4, records.Count);
        }

        [Fact]
        public async Task Persistent_failure_surfaces_after_the_retries()
        {
            var options = new EmulatorOptions();
            options.Faults.Add(new FaultRule { PathContains = "/virtualMachines/app01", Kind = FaultKind.ServerError, Rate = 1.0 });
            await using var h = await EmulatorHarness.StartAsync(WorldOf(ArmShapes.Vm("rg-app", "app01")), options);
            var ex = await Assert.ThrowsAsync<ArmRequestException>(() => h.Connection.Rest.GetAsync(ArmShapes.VmId("rg-app", "app01"), "2023-07-01", CancellationToken.None));
            Assert.Equal(500, ex.Status);
            Assert.Equal(1 + h.Connection.Options.MaxRetries, h.Requests.Total);
        }

        [Fact]
        public async Task A_denied_scope_is_a_403_AuthorizationFailed()
        {
            var options = new EmulatorOptions();
            options.DenyScopes.Add($"/subscriptions/{ArmShapes.Subscription}/resourceGroups/rg-secret");
            await using var h = await EmulatorHarness.StartAsync(WorldOf(ArmShapes.Vm("rg-secret", "s1"), ArmShapes.Vm("rg-secretive", "s2")), options);
            var ex = await Assert.ThrowsAsync<ArmRequestException>(() => h.Connection.Rest.GetAsync(ArmShapes.VmId("rg-secret", "s1"), "2023-07-01", CancellationToken.None));
            Assert.Equal(403, ex.Status);
            Assert.Equal("AuthorizationFailed", ex.ErrorCode);
            // A prefix of another group's name is not that group.
            await h.Connection.Rest.GetAsync(ArmShapes.VmId("rg-secretive", "s2"), "2023-07-01", CancellationToken.None);
        }

        [Fact]
        public async Task A_malformed_payload_is_a_clear_error()
        {
            var options = new EmulatorOptions();
            options.Faults.Add(new FaultRule { PathContains = "/virtualMachines/app01", Kind = FaultKind.MalformedBody, Times = 1 });
            await using var h = await EmulatorHarness.StartAsync(WorldOf(ArmShapes.Vm("rg-app", "app01")), options);
            var ex = await Assert.ThrowsAsync<ArmRequestException>(() => h.Connection.Rest.GetAsync(ArmShapes.VmId("rg-app", "app01"), "2023-07-01", CancellationToken.None));
            Assert.Equal("MalformedResponse", ex.ErrorCode);
        }

        [Fact]
        public async Task Deleting_an_extension_runs_a_long_running_operation_to_completion()
        {
            var vm = ArmShapes.Vm("rg-app", "app01");
            var ext = ArmShapes.Extension(ArmShapes.VmId("rg-app", "app01"), "VMSnapshot", "Microsoft.Azure.RecoveryServices", "VMSnapshot");
            await using var h = await EmulatorHarness.StartAsync(WorldOf(vm, ext), new EmulatorOptions { OperationPollsBeforeDone = 2 });
            var extension = h.Connection.Client.GetVirtualMachineExtensionResource(new ResourceIdentifier(ext["id"]!.GetValue<string>()));
            await extension.DeleteAsync(WaitUntil.Completed);
            var ex = await Assert.ThrowsAsync<RequestFailedException>(() => extension.GetAsync());
            Assert.Equal(404, ex.Status);
            Assert.True(h.Requests.CountWhere("/operations/") + h.Requests.CountWhere("/operationResults/") >= 2);
        }

        [Fact]
        public async Task Cancellation_stops_a_request_in_flight()
        {
            using var cts = new CancellationTokenSource();
            var options = new EmulatorOptions { Latency = TimeSpan.FromMinutes(5), OnRequestReceived = (_, _) => cts.Cancel() };
            await using var h = await EmulatorHarness.StartAsync(WorldOf(ArmShapes.Vm("rg-app", "app01")), options);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Connection.Rest.GetAsync(ArmShapes.VmId("rg-app", "app01"), "2023-07-01", cts.Token));
        }

        [Fact]
        public async Task Requests_are_recorded_without_tokens_and_with_correlation_ids()
        {
            var records = new ConcurrentBag<ArmRequestRecord>();
            await using var h = await EmulatorHarness.StartAsync(WorldOf(ArmShapes.Vm("rg-app", "app01")), null, o => o.OnRequest = records.Add);
            await h.Connection.Rest.GetAsync(ArmShapes.VmId("rg-app", "app01"), "2023-07-01", CancellationToken.None);
            var record = Assert.Single(records);
            Assert.Equal(200, record.Status);
            Assert.False(string.IsNullOrEmpty(record.ClientRequestId));
            Assert.False(string.IsNullOrEmpty(record.ServiceRequestId));
            Assert.DoesNotContain("emu.", record.ToString());
        }

        [Fact]
        public void Route_templates_hide_names()
        {
            Assert.Equal("/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Compute/virtualMachines/{}/extensions/{}",
                RequestLog.Template("/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/vm1/extensions/VMSnapshot"));
            Assert.Equal("/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Compute/virtualMachines/{}/providers/Microsoft.Authorization/locks/{}",
                RequestLog.Template("/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/vm1/providers/Microsoft.Authorization/locks/l1"));
        }
    }
}
