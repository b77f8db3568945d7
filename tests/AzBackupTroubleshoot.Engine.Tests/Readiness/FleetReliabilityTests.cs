using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AzBackupTroubleshoot.Arm;
using AzBackupTroubleshoot.ArmEmulator;
using AzBackupTroubleshoot.Engine.Tests.Support;
using AzBackupTroubleshoot.Inventory;
using AzBackupTroubleshoot.Readiness;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Readiness
{
    /// <summary>
    /// A generated 2,000-VM subscription under faults (seeded, so every run meets the same ones): every VM is
    /// answered exactly once, by a report or by an error that covers it; what was read before a failure is
    /// still reported; what could not be read is named; retries stay bounded; cancellation stops at once.
    /// </summary>
    public class FleetReliabilityTests : IClassFixture<FleetReliabilityTests.Fleet>
    {
        private const int VmCount = 2000;
        private const int PageSize = 200;
        private static readonly string Subscription = "/subscriptions/" + ArmShapes.Subscription;
        private static readonly string VmListing = Subscription + "/providers/Microsoft.Compute/virtualMachines";

        private readonly Fleet _fleet;

        public FleetReliabilityTests(Fleet fleet) => _fleet = fleet;

        /// <summary>One world for the class: generating it costs more than a scan.</summary>
        public sealed class Fleet
        {
            internal GeneratedFleet Estate { get; } = GeneratedFleet.Build(VmCount);
        }

        private sealed class Outcome
        {
            public Outcome(FleetInventory inventory, IReadOnlyList<VmReadinessReport> reports, RequestLog requests, IReadOnlyList<ArmRequestRecord> records)
            {
                Inventory = inventory;
                Reports = reports;
                Requests = requests;
                Records = records;
            }

            public FleetInventory Inventory { get; }
            public IReadOnlyList<VmReadinessReport> Reports { get; }
            public RequestLog Requests { get; }
            public IReadOnlyList<ArmRequestRecord> Records { get; }
            public int TokenCalls { get; init; }

            public Finding Finding(string vmId, string checkId) => Reports.Single(r => r.VmId == vmId).Findings.Single(f => f.CheckId == checkId);
        }

        private async Task<Outcome> ScanAsync(EmulatorOptions options, Action<ArmConnectionOptions>? connection = null, Action<TestTokenSource>? tokens = null)
        {
            options.PageSize = PageSize;
            var records = new ConcurrentQueue<ArmRequestRecord>();
            await using var h = await EmulatorHarness.StartAsync(_fleet.Estate.World, options, o =>
            {
                o.RetryDelay = TimeSpan.FromMilliseconds(20);
                o.OnRequest = records.Enqueue;
                connection?.Invoke(o);
            });
            tokens?.Invoke(h.Tokens);
            var scope = InventoryScope.Subscription(ArmShapes.Subscription);
            var inventory = await FleetInventory.LoadAsync(h.Connection, scope);
            var reports = ReadinessEvaluator.Evaluate(inventory, scope);
            return new Outcome(inventory, reports, h.Requests, records.ToArray()) { TokenCalls = h.Tokens.Calls };
        }

        /// <summary>Each VM of the world has one report, or an error for it or for a scope (page, group, subscription) that holds it; nothing else is reported.</summary>
        private void AssertEveryVmAccountedForOnce(Outcome outcome)
        {
            var reported = outcome.Reports.Where(r => r.Findings.Any(f => f.CheckId == "Vm.Exists" && f.Status == CheckStatus.Pass)).Select(r => r.VmId).ToArray();
            Assert.Equal(reported.Length, reported.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            var world = new HashSet<string>(_fleet.Estate.VmIds, StringComparer.OrdinalIgnoreCase);
            Assert.All(reported, id => Assert.Contains(id, world));
            var answered = new HashSet<string>(reported, StringComparer.OrdinalIgnoreCase);
            var scopeFailures = outcome.Inventory.Failures.Where(f => !f.VmId.Contains("/providers/")).ToArray();
            foreach (var id in _fleet.Estate.VmIds.Where(id => !answered.Contains(id)))
            {
                Assert.True(outcome.Inventory.Failures.Any(f => f.VmId.Equals(id, StringComparison.OrdinalIgnoreCase)) ||
                            scopeFailures.Any(f => id.StartsWith(f.VmId + "/", StringComparison.OrdinalIgnoreCase)),
                    $"{id} has neither a report nor an error that covers it");
            }
        }

        [Fact]
        public async Task A_vm_page_that_fails_after_its_retries_keeps_the_vms_read_before_and_names_the_page()
        {
            var options = new EmulatorOptions();
            options.Faults.Add(new FaultRule { PathContains = VmListing, QueryLacks = "statusOnly", Page = 4, Kind = FaultKind.ServerError, Rate = 1 });
            var outcome = await ScanAsync(options);

            AssertEveryVmAccountedForOnce(outcome);
            Assert.Equal(_fleet.Estate.VmIds.Take(3 * PageSize), outcome.Reports.Select(r => r.VmId));
            var failure = Assert.Single(outcome.Inventory.Failures);
            Assert.Equal(Subscription, failure.VmId);
            Assert.Equal(500, failure.Error.Status);
            Assert.Contains("page 4", failure.Error.Message);
            Assert.Contains("the 600 item(s) before it were read", failure.Error.Message);
            // The VMs read are judged in full: their status came from the statusOnly listing.
            Assert.All(outcome.Reports, r => Assert.NotEqual(CheckStatus.Unknown, r.Findings.Single(f => f.CheckId == "Vm.PowerState").Status));
        }

        [Fact]
        public async Task A_malformed_vm_page_keeps_the_vms_read_before()
        {
            var options = new EmulatorOptions();
            options.Faults.Add(new FaultRule { PathContains = VmListing, QueryLacks = "statusOnly", Page = 2, Kind = FaultKind.MalformedBody, Rate = 1 });
            var outcome = await ScanAsync(options);

            AssertEveryVmAccountedForOnce(outcome);
            Assert.Equal(PageSize, outcome.Reports.Count);
            Assert.Contains("page 2", Assert.Single(outcome.Inventory.Failures).Error.Message);
        }

        [Fact]
        public async Task A_failed_nic_listing_is_a_named_gap_not_a_get_per_nic()
        {
            var options = new EmulatorOptions();
            options.Faults.Add(new FaultRule { PathContains = Subscription + "/providers/Microsoft.Network/networkInterfaces", Page = 3, Kind = FaultKind.ServerError, Rate = 1 });
            var outcome = await ScanAsync(options);

            AssertEveryVmAccountedForOnce(outcome);
            Assert.Equal(VmCount, outcome.Reports.Count);
            Assert.Equal(0, outcome.Requests.CountWhere("/networkInterfaces/{}"));
            var gap = Assert.Single(outcome.Inventory.GapDetails, g => g.Kind == InventoryGap.NetworkInterfaces);
            Assert.Contains("page 3", gap.Message);
            var nsg = outcome.Reports.Select(r => r.Findings.Single(f => f.CheckId == "Network.NsgOutbound")).ToArray();
            // The NICs of the two pages read are judged; every other running VM says which listing it lacks.
            var unknown = nsg.Where(f => f.Status == CheckStatus.Unknown).ToArray();
            Assert.NotEmpty(unknown);
            Assert.True(nsg.Count(f => f.Status != CheckStatus.Unknown) >= 2 * PageSize, "the NICs read before the failed page are used");
            Assert.All(unknown, f => Assert.Contains("network interfaces", f.Evidence["missing"]));
        }

        [Fact]
        public async Task A_status_listing_that_breaks_off_is_a_named_gap_not_a_second_scan_vm_by_vm()
        {
            var options = new EmulatorOptions();
            options.Faults.Add(new FaultRule { PathContains = VmListing, QueryContains = "statusOnly=true", Page = 3, Kind = FaultKind.ServerError, Rate = 1 });
            var outcome = await ScanAsync(options);

            AssertEveryVmAccountedForOnce(outcome);
            Assert.Equal(VmCount, outcome.Reports.Count);
            Assert.Equal(0, outcome.Requests.CountWhere("/instanceView"));
            Assert.Contains("page 3", Assert.Single(outcome.Inventory.GapDetails, g => g.Kind == InventoryGap.VmStatus).Message);
            var power = outcome.Reports.Select(r => r.Findings.Single(f => f.CheckId == "Vm.PowerState")).ToArray();
            // The two status pages read still count; the VMs past them say which listing they lack.
            Assert.Equal(2 * PageSize, power.Count(f => f.Status != CheckStatus.Unknown));
            Assert.All(power.Where(f => f.Status == CheckStatus.Unknown), f => Assert.Contains("statusOnly=true listing", f.Evidence["missing"]));
        }

        [Fact]
        public async Task A_storm_of_429s_with_Retry_After_loses_no_vm_and_retries_stay_bounded()
        {
            // Status listing without the agent view: every VM's instance view is read on its own, through the storm.
            var options = new EmulatorOptions { StatusOnlyCarriesFullInstanceView = false };
            options.Faults.Add(new FaultRule { PathContains = "/", Kind = FaultKind.Throttle, Rate = 0.3, RetryAfterSeconds = 0 });
            var outcome = await ScanAsync(options);

            AssertEveryVmAccountedForOnce(outcome);
            Assert.Empty(outcome.Inventory.Failures);
            Assert.Empty(outcome.Inventory.Gaps);
            Assert.Equal(VmCount, outcome.Reports.Count);
            Assert.Contains(outcome.Records, r => r.Status == 429);
            var limit = 1 + new ArmConnectionOptions().MaxRetries + new ArmConnectionOptions().MaxThrottledRetries;
            var perPath = outcome.Requests.Entries.Where(e => e.Path.EndsWith("/instanceView", StringComparison.Ordinal)).GroupBy(e => e.Path).Select(g => g.Count()).ToArray();
            // Running VMs need their agent view; a deallocated VM's power state is enough.
            Assert.True(perPath.Length > VmCount * 9 / 10, $"{perPath.Length} instance views read");
            Assert.All(perPath, n => Assert.InRange(n, 1, limit));
        }

        [Fact]
        public async Task Five_percent_server_errors_and_one_percent_dropped_connections_are_ridden_out()
        {
            var options = new EmulatorOptions();
            options.Faults.Add(new FaultRule { PathContains = "/", Kind = FaultKind.ServerError, Rate = 0.05 });
            options.Faults.Add(new FaultRule { PathContains = "/", Kind = FaultKind.DropConnection, Rate = 0.01 });
            var outcome = await ScanAsync(options);

            AssertEveryVmAccountedForOnce(outcome);
            Assert.Empty(outcome.Inventory.Failures);
            Assert.Empty(outcome.Inventory.Gaps);
            Assert.Equal(VmCount, outcome.Reports.Count);
        }

        [Fact]
        public async Task Latency_spikes_past_the_network_timeout_are_retried_and_lose_no_vm()
        {
            // One request in twenty is held back five times longer than the client waits for an answer.
            var options = new EmulatorOptions();
            options.Faults.Add(new FaultRule { PathContains = "/", Kind = FaultKind.Delay, Rate = 0.05, Delay = TimeSpan.FromSeconds(5) });
            var outcome = await ScanAsync(options, o => o.NetworkTimeout = TimeSpan.FromSeconds(1));

            AssertEveryVmAccountedForOnce(outcome);
            Assert.Empty(outcome.Inventory.Failures);
            Assert.Empty(outcome.Inventory.Gaps);
            Assert.Equal(VmCount, outcome.Reports.Count);
            // The timed-out attempts are in the record (no answer: status 0), each followed by a retry that was answered.
            Assert.Contains(outcome.Records, r => r.Status == 0);
            var limit = 1 + new ArmConnectionOptions().MaxRetries;
            Assert.All(outcome.Records.GroupBy(r => r.Uri.ToString()), g => Assert.InRange(g.Count(), 1, limit));
        }

        [Fact]
        public async Task A_page_whose_body_breaks_off_is_read_again()
        {
            var options = new EmulatorOptions();
            options.Faults.Add(new FaultRule { PathContains = "/providers/Microsoft.Compute/virtualMachines", QueryLacks = "statusOnly", Page = 3, Kind = FaultKind.DropMidBody, Times = 1 });
            var outcome = await ScanAsync(options);

            AssertEveryVmAccountedForOnce(outcome);
            Assert.Empty(outcome.Inventory.Failures);
            Assert.Equal(VmCount, outcome.Reports.Count);
        }

        [Fact]
        public async Task A_token_that_expires_mid_scan_is_renewed_and_no_request_is_lost()
        {
            // Short-lived tokens, honestly labelled: the scan (sequential pages at 30 ms each) outlives several of them, and
            // since the emulator reads expiry in whole seconds some expire on the way (401 ExpiredAuthenticationToken).
            var options = new EmulatorOptions { Latency = TimeSpan.FromMilliseconds(30) };
            var outcome = await ScanAsync(options, tokens: t => t.Expiry = () => DateTimeOffset.UtcNow.AddMilliseconds(1500));

            AssertEveryVmAccountedForOnce(outcome);
            Assert.Empty(outcome.Inventory.Failures);
            Assert.Empty(outcome.Inventory.Gaps);
            Assert.Equal(VmCount, outcome.Reports.Count);
            Assert.True(outcome.TokenCalls > 1, $"{outcome.TokenCalls} token(s) asked for");
        }

        [Fact]
        public async Task A_token_ARM_refuses_as_expired_before_its_stated_expiry_is_renewed_once_and_the_request_sent_again()
        {
            // The first token says it lasts an hour, but ARM's clock has it expired already (401 ExpiredAuthenticationToken).
            var outcome = await ScanAsync(new EmulatorOptions(), tokens: t => t.ServerExpiry = call => call == 1 ? DateTimeOffset.UtcNow.AddSeconds(-1) : DateTimeOffset.UtcNow.AddHours(1));

            AssertEveryVmAccountedForOnce(outcome);
            Assert.Empty(outcome.Inventory.Failures);
            Assert.Empty(outcome.Inventory.Gaps);
            Assert.Equal(VmCount, outcome.Reports.Count);
            Assert.Contains(outcome.Records, r => r.Status == 401);
            // Renewed once, not per request: the requests that met the refused token were each sent once more.
            Assert.Equal(2, outcome.TokenCalls);
            var answered = new HashSet<string>(outcome.Records.Where(r => r.Status == 200).Select(r => r.Uri.ToString()));
            Assert.All(outcome.Records.Where(r => r.Status == 401), r => Assert.Contains(r.Uri.ToString(), answered));
        }

        [Fact]
        public async Task A_connection_refused_is_one_clear_error_not_an_AggregateException()
        {
            // A port nobody listens on: every attempt is refused.
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            using var connection = new ArmConnection(new ArmEndpoint(new Uri($"https://127.0.0.1:{port}/")), new TestTokenSource(),
                new ArmConnectionOptions { RetryDelay = TimeSpan.FromMilliseconds(10) });
            var scope = InventoryScope.Subscription(ArmShapes.Subscription);

            var inventory = await FleetInventory.LoadAsync(connection, scope);
            var failure = Assert.Single(inventory.Failures);
            Assert.Equal(Subscription, failure.VmId);
            Assert.Equal(0, failure.Error.Status);
            Assert.IsNotType<AggregateException>(failure.Error.InnerException);
            Assert.NotEmpty(inventory.Gaps);
            // The scanner the cmdlet runs ends the same way: a result with the error, nothing thrown.
            var result = await new ReadinessScanner(connection).ScanAsync(scope);
            Assert.Equal(Subscription, Assert.Single(result.Failures).VmId);
        }

        [Fact]
        public async Task A_resource_group_answering_403_costs_only_its_own_vms()
        {
            var options = new EmulatorOptions { StatusOnlyCarriesFullInstanceView = false };
            var denied = Subscription + "/resourceGroups/" + GeneratedFleet.GroupName(3);
            options.DenyScopes.Add(denied);
            var outcome = await ScanAsync(options);

            AssertEveryVmAccountedForOnce(outcome);
            Assert.NotEmpty(outcome.Inventory.Failures);
            Assert.All(outcome.Inventory.Failures, f => { Assert.Equal(403, f.Error.Status); Assert.StartsWith(denied + "/", f.VmId); });
            var others = outcome.Reports.Where(r => !r.VmId.StartsWith(denied + "/", StringComparison.OrdinalIgnoreCase)).ToArray();
            Assert.Equal(VmCount - outcome.Inventory.Failures.Count, others.Length);
            Assert.All(others, r => Assert.NotEqual(CheckStatus.Unknown, r.Findings.Single(f => f.CheckId == "Vm.PowerState").Status));
        }

        [Fact]
        public async Task A_subscription_answering_403_is_one_clear_error()
        {
            var options = new EmulatorOptions();
            options.DenyScopes.Add(Subscription);
            var outcome = await ScanAsync(options);

            AssertEveryVmAccountedForOnce(outcome);
            Assert.DoesNotContain(outcome.Reports, r => r.Findings.Any(f => f.CheckId == "Vm.Exists" && f.Status == CheckStatus.Pass));
            var failure = Assert.Single(outcome.Inventory.Failures);
            Assert.Equal(403, failure.Error.Status);
            Assert.Equal(Subscription, failure.VmId);
        }

        [Fact]
        public async Task A_429_holds_back_the_subscriptions_other_requests_for_its_Retry_After()
        {
            var options = new EmulatorOptions();
            options.Faults.Add(new FaultRule { PathContains = "/first", Kind = FaultKind.Throttle, Times = 1, RetryAfterSeconds = 1 });
            var records = new ConcurrentQueue<ArmRequestRecord>();
            await using var h = await EmulatorHarness.StartAsync(new World(), options, o => o.OnRequest = records.Enqueue);
            var first = Subscription + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/first";
            await Assert.ThrowsAsync<ArmRequestException>(() => h.Connection.Rest.GetAsync(first, "2026-04-01", CancellationToken.None));
            var throttled = records.Single(r => r.Status == 429);
            await Assert.ThrowsAsync<ArmRequestException>(() => h.Connection.Rest.GetAsync(Subscription + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/second", "2026-04-01", CancellationToken.None));
            var second = records.Single(r => r.Uri.AbsolutePath.EndsWith("/second", StringComparison.Ordinal));
            var throttledAnswered = throttled.StartTimestamp + (long)(throttled.Elapsed.TotalSeconds * Stopwatch.Frequency);
            // A lower bound the client enforces itself: the other request waited for the Retry-After too.
            Assert.True(second.StartTimestamp - throttledAnswered >= Stopwatch.Frequency * 9 / 10, "the second request went out during the first one's Retry-After");
        }

        [Fact]
        public async Task Cancellation_returns_at_once_and_no_request_goes_out_after_it()
        {
            var options = new EmulatorOptions { PageSize = PageSize, Latency = TimeSpan.FromMilliseconds(20), StatusOnlyCarriesFullInstanceView = false };
            var busy = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var seen = 0;
            options.OnRequestReceived = (_, _) => { if (Interlocked.Increment(ref seen) == 60) busy.TrySetResult(true); };
            var records = new ConcurrentQueue<ArmRequestRecord>();
            await using var h = await EmulatorHarness.StartAsync(_fleet.Estate.World, options, o => o.OnRequest = records.Enqueue);
            using var cancel = new CancellationTokenSource();
            var scan = FleetInventory.LoadAsync(h.Connection, InventoryScope.Subscription(ArmShapes.Subscription), null, cancel.Token);

            await busy.Task;
            cancel.Cancel();
            var cancelledAt = Stopwatch.GetTimestamp();
            var finished = await Task.WhenAny(scan, Task.Delay(TimeSpan.FromSeconds(1)));
            Assert.Same(scan, finished);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scan);
            Assert.DoesNotContain(records, r => r.StartTimestamp > cancelledAt);
        }

        [Fact]
        public async Task Reports_stream_per_page_and_a_consumer_that_stops_stops_the_listing()
        {
            var options = new EmulatorOptions { PageSize = PageSize };
            var records = new ConcurrentQueue<ArmRequestRecord>();
            await using var h = await EmulatorHarness.StartAsync(_fleet.Estate.World, options, o => o.OnRequest = records.Enqueue);
            var scanner = new ReadinessScanner(h.Connection);
            using var cancel = new CancellationTokenSource();
            int PlainListingRequests() => records.Count(r => IsVmListing(r) && !r.Uri.Query.Contains("statusOnly=true", StringComparison.OrdinalIgnoreCase));
            var batches = new List<(int Reports, int ListingRequests)>();
            var scan = scanner.ScanInBatchesAsync(InventoryScope.Subscription(ArmShapes.Subscription), batch =>
            {
                batches.Add((batch.Reports.Count, PlainListingRequests()));
                // Like Select-Object -First 5: enough after two pages.
                if (batches.Count == 2) cancel.Cancel();
            }, cancel.Token);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scan);
            Assert.Equal(2, batches.Count);
            Assert.All(batches, b => Assert.Equal(PageSize, b.Reports));
            // Each page was judged while the plain listing had given only that page.
            Assert.Equal(new[] { 1, 2 }, batches.Select(b => b.ListingRequests));
            Assert.True(PlainListingRequests() <= 2, $"{PlainListingRequests()} plain VM listing requests after stopping at page 2");
        }

        [Fact]
        public async Task A_page_of_vms_is_judged_once_its_status_entries_are_in_not_after_the_whole_status_listing()
        {
            // The statusOnly listing stalls on its second page (a long latency spike); the first model page's VMs are all on its first.
            var options = new EmulatorOptions { PageSize = PageSize };
            options.Faults.Add(new FaultRule { PathContains = "/providers/Microsoft.Compute/virtualMachines", QueryContains = "statusOnly=true", Page = 2, Kind = FaultKind.Delay, Times = 1, Delay = TimeSpan.FromMinutes(2) });
            var records = new ConcurrentQueue<ArmRequestRecord>();
            await using var h = await EmulatorHarness.StartAsync(_fleet.Estate.World, options, o => o.OnRequest = records.Enqueue);
            using var cancel = new CancellationTokenSource();
            IReadOnlyList<VmReadinessReport>? first = null;
            var statusPagesAtFirst = -1;
            var scan = new ReadinessScanner(h.Connection).ScanInBatchesAsync(InventoryScope.Subscription(ArmShapes.Subscription), batch =>
            {
                first = batch.Reports;
                statusPagesAtFirst = records.Count(r => IsVmListing(r) && r.Uri.Query.Contains("statusOnly=true", StringComparison.OrdinalIgnoreCase));
                cancel.Cancel();
            }, cancel.Token);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scan);
            Assert.Equal(1, statusPagesAtFirst);
            Assert.Equal(PageSize, first!.Count);
            // Judged with their status entries, as a scan that waits for nothing judges them; no VM was read on its own.
            Assert.DoesNotContain(records, r => r.Uri.AbsolutePath.EndsWith("/instanceView", StringComparison.OrdinalIgnoreCase));
            await using var unfaulted = await EmulatorHarness.StartAsync(_fleet.Estate.World, new EmulatorOptions { PageSize = PageSize });
            var whole = (await new ReadinessScanner(unfaulted.Connection).ScanAsync(InventoryScope.Subscription(ArmShapes.Subscription))).Reports.ToDictionary(r => r.VmId);
            Assert.Equal(first.Select(r => Summary(whole[r.VmId])), first.Select(Summary));
        }

        private static bool IsVmListing(ArmRequestRecord r) => r.Uri.AbsolutePath.Equals(VmListing, StringComparison.OrdinalIgnoreCase);

        [Fact]
        public async Task The_streamed_scan_answers_what_the_whole_scan_answers()
        {
            var options = new EmulatorOptions { PageSize = PageSize };
            await using var h = await EmulatorHarness.StartAsync(_fleet.Estate.World, options);
            var scope = InventoryScope.Subscription(ArmShapes.Subscription);
            var whole = ReadinessEvaluator.Evaluate(await FleetInventory.LoadAsync(h.Connection, scope), scope);
            var streamed = new List<VmReadinessReport>();
            await new ReadinessScanner(h.Connection).ScanInBatchesAsync(scope, b => streamed.AddRange(b.Reports));
            Assert.Equal(whole.Select(Summary), streamed.Select(Summary));
        }

        private static string Summary(VmReadinessReport r) => r.VmId + " " + string.Join(",", r.Findings.Select(f => f.CheckId + "=" + f.Status));
    }
}
