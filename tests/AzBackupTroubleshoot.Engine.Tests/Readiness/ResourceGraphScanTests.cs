using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
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
    /// Many subscriptions through Azure Resource Graph, on the generated fleet in three subscriptions (1,350 VMs: more
    /// than one 1,000-row page), against the emulator's Resource Graph.
    /// </summary>
    public class ResourceGraphScanTests : IClassFixture<ResourceGraphScanTests.Fleet>
    {
        private const int Subscriptions = 3;
        private const int VmsPerSubscription = 450;
        private readonly Fleet _fleet;

        public ResourceGraphScanTests(Fleet fleet) => _fleet = fleet;

        public sealed class Fleet
        {
            internal GeneratedFleet Estate { get; } = Build();

            private static GeneratedFleet Build()
            {
                var fleet = GeneratedFleet.BuildMany(Subscriptions, VmsPerSubscription);
                fleet.World.AddManagementGroup("mg-fleet", GeneratedFleet.SubscriptionId(0), GeneratedFleet.SubscriptionId(2));
                return fleet;
            }
        }

        private sealed class Outcome
        {
            public List<ReadinessScanResult> Batches { get; } = new List<ReadinessScanResult>();
            public List<ArmRequestRecord> Records { get; } = new List<ArmRequestRecord>();
            public IEnumerable<VmReadinessReport> Reports => Batches.SelectMany(b => b.Reports);
            public IEnumerable<VmReadFailure> Failures => Batches.SelectMany(b => b.Failures);
            public IEnumerable<ArmRequestRecord> GraphRecords => Records.Where(r => r.Uri.AbsolutePath.EndsWith(ResourceGraphClient.Path, StringComparison.OrdinalIgnoreCase));
        }

        private static string Sub(int index) => GeneratedFleet.SubscriptionId(index);

        private async Task<Outcome> ScanAsync(EmulatorOptions options, ResourceGraphScope? scope = null, Action<ArmConnectionOptions>? connection = null)
        {
            var outcome = new Outcome();
            var records = new ConcurrentQueue<ArmRequestRecord>();
            await using var h = await EmulatorHarness.StartAsync(_fleet.Estate.World, options, o =>
            {
                o.RetryDelay = TimeSpan.FromMilliseconds(20);
                o.OnRequest = records.Enqueue;
                connection?.Invoke(o);
            });
            await new ReadinessScanner(h.Connection).ScanGraphAsync(scope ?? ResourceGraphScope.ForSubscriptions(_fleet.Estate.Subscriptions), outcome.Batches.Add);
            outcome.Records.AddRange(records);
            return outcome;
        }

        private static EmulatorOptions Options() => new EmulatorOptions { PageSize = 1000 };

        /// <summary>Each VM of <paramref name="expected"/> has one report or an error that covers it (its id or its subscription); no other VM is reported.</summary>
        private static void AssertEveryVmAccountedForOnce(Outcome outcome, IEnumerable<string> expected)
        {
            var reported = outcome.Reports.Where(r => r.Findings.Any(f => f.CheckId == "Vm.Exists" && f.Status == CheckStatus.Pass)).Select(r => r.VmId).ToArray();
            Assert.Equal(reported.Length, reported.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            var wanted = new HashSet<string>(expected, StringComparer.OrdinalIgnoreCase);
            Assert.All(reported, id => Assert.Contains(id, wanted));
            var answered = new HashSet<string>(reported, StringComparer.OrdinalIgnoreCase);
            var failures = outcome.Failures.ToArray();
            foreach (var id in wanted.Where(id => !answered.Contains(id)))
            {
                Assert.True(failures.Any(f => f.VmId.Equals(id, StringComparison.OrdinalIgnoreCase) || id.StartsWith(f.VmId + "/", StringComparison.OrdinalIgnoreCase)),
                    $"{id} has neither a report nor an error that covers it");
            }
        }

        [Fact]
        public async Task Every_vm_of_every_subscription_is_answered_once_over_pages_that_follow_the_skip_token()
        {
            var outcome = await ScanAsync(Options());

            AssertEveryVmAccountedForOnce(outcome, _fleet.Estate.VmIds);
            Assert.Equal(_fleet.Estate.VmIds.Count, outcome.Reports.Count());
            Assert.Empty(outcome.Failures);
            // 1,350 VMs need two pages of the VM query; the NICs and the protected items two each as well.
            var graph = outcome.GraphRecords.ToArray();
            Assert.All(graph, r => Assert.Equal(200, r.Status));
            Assert.True(graph.Length >= 7, $"{graph.Length} Resource Graph requests");
            // One statusOnly listing per subscription and no per-VM instance view: Resource Graph replaced the ARM listings.
            Assert.Equal(Subscriptions, outcome.Records.Count(r => r.Uri.Query.Contains("statusOnly=true")));
            Assert.DoesNotContain(outcome.Records, r => r.Uri.AbsolutePath.EndsWith("/instanceView", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(outcome.Records, r => r.Uri.AbsolutePath.Contains("/Microsoft.Network/", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(outcome.Records, r => r.Uri.AbsolutePath.Contains("/backupProtectedItems", StringComparison.OrdinalIgnoreCase));
            // Each subscription closes once, with its reports streamed in batches before.
            Assert.Equal(Subscriptions, outcome.Batches.Select(b => b.Scope.SubscriptionId).Distinct().Count());
        }

        [Fact]
        public async Task A_subscription_judged_through_resource_graph_gets_the_findings_of_its_arm_scan()
        {
            var outcome = await ScanAsync(Options());
            await using var h = await EmulatorHarness.StartAsync(_fleet.Estate.World, Options());
            var arm = await new ReadinessScanner(h.Connection).ScanAsync(InventoryScope.Subscription(Sub(1)));

            string Verdicts(VmReadinessReport r) => string.Join(",", r.Findings.Select(f => f.CheckId + "=" + f.Status));
            var byGraph = outcome.Reports.Where(r => r.VmId.Contains(Sub(1))).ToDictionary(r => r.VmId, Verdicts, StringComparer.OrdinalIgnoreCase);
            Assert.Equal(VmsPerSubscription, byGraph.Count);
            Assert.Equal(arm.Reports.Count, byGraph.Count);
            Assert.All(arm.Reports, r => Assert.Equal(Verdicts(r), byGraph[r.VmId]));
            // The fleet's mix shows: some VMs fail a check, so equal verdicts are not all-Pass by accident.
            Assert.Contains(arm.Reports, r => r.Findings.Any(f => f.Status == CheckStatus.Fail));
        }

        [Fact]
        public async Task The_first_subscription_is_judged_from_the_first_page_of_each_query_before_the_rest_is_read()
        {
            var graphRequests = 0;
            var atFirstReport = -1;
            var total = 0;
            var batches = new List<ReadinessScanResult>();
            await using (var h = await EmulatorHarness.StartAsync(_fleet.Estate.World, Options(), o => o.OnRequest = r =>
                         {
                             if (r.Uri.AbsolutePath.EndsWith(ResourceGraphClient.Path, StringComparison.OrdinalIgnoreCase)) Interlocked.Increment(ref graphRequests);
                         }))
            {
                await new ReadinessScanner(h.Connection).ScanGraphAsync(ResourceGraphScope.ForSubscriptions(_fleet.Estate.Subscriptions), batch =>
                {
                    if (atFirstReport < 0 && batch.Reports.Count > 0) atFirstReport = Volatile.Read(ref graphRequests);
                    batches.Add(batch);
                });
                total = graphRequests;
            }

            // Network, protected items, jobs, VMs: one page each gives the first subscription all it needs.
            Assert.Equal(4, atFirstReport);
            Assert.True(total > atFirstReport, $"{total} Resource Graph requests in all");
            Assert.Equal(Sub(0), batches.First(b => b.Reports.Count > 0).Scope.SubscriptionId);
        }

        [Fact]
        public async Task A_spent_quota_is_waited_out_from_its_headers_rather_than_met_with_429s()
        {
            var options = Options();
            options.GraphQuotaPerWindow = 3;
            options.GraphQuotaWindow = TimeSpan.FromSeconds(1);
            var outcome = await ScanAsync(options);

            AssertEveryVmAccountedForOnce(outcome, _fleet.Estate.VmIds);
            Assert.Equal(_fleet.Estate.VmIds.Count, outcome.Reports.Count());
            Assert.True(outcome.GraphRecords.Count() > 3, "the scan needs more queries than one window allows");
            Assert.DoesNotContain(outcome.GraphRecords, r => r.Status == 429);
        }

        [Fact]
        public async Task A_query_outside_what_the_emulator_reads_is_refused_with_resource_graphs_error()
        {
            await using var h = await EmulatorHarness.StartAsync(_fleet.Estate.World, Options());
            var graph = new ResourceGraphClient(h.Connection);
            // The basic query of ResourcesBasicQuery.json: fine for Resource Graph, not among the module's queries.
            var ex = await Assert.ThrowsAsync<ArmRequestException>(async () =>
            {
                await foreach (var _ in graph.QueryPagesAsync(ResourceGraphScope.ForSubscriptions(new[] { Sub(0) }), "Resources | project id, name, type, location, tags | limit 3", CancellationToken.None))
                {
                }
            });
            Assert.Equal(400, ex.Status);
            Assert.Equal("BadRequest", ex.ErrorCode);
            Assert.Contains("InvalidQuery", ex.Message);
            // The first clause it does not read is named: a projection before any filter on type.
            Assert.Contains("ParserFailure at 'project id, name, type, location, tags'", ex.Message);
        }

        [Theory]
        [InlineData("resources | where type =~ 'microsoft.storage/storageaccounts'", "where type =~ 'microsoft.storage/storageaccounts'")]
        [InlineData("resources | where name contains 'web'", "where name contains 'web'")]
        [InlineData("resources | where type =~ 'microsoft.compute/virtualmachines' | limit 3", "limit 3")]
        [InlineData("securityresources | where type =~ 'microsoft.security/assessments'", "securityresources")]
        [InlineData("resources | where type =~ 'microsoft.compute/virtualmachines' | summarize count() by location", "summarize count() by location")]
        [InlineData("resources | where type =~ 'microsoft.compute/virtualmachines' | project id, sku", "project id, sku")]
        public async Task Queries_outside_the_modules_subset_are_refused_naming_the_clause(string query, string clause)
        {
            await using var h = await EmulatorHarness.StartAsync(_fleet.Estate.World, Options());
            var graph = new ResourceGraphClient(h.Connection);
            var ex = await Assert.ThrowsAsync<ArmRequestException>(async () =>
            {
                await foreach (var _ in graph.QueryPagesAsync(ResourceGraphScope.ForSubscriptions(new[] { Sub(0) }), query, CancellationToken.None))
                {
                }
            });
            Assert.Equal(400, ex.Status);
            Assert.Contains("InvalidQuery", ex.Message);
            Assert.Contains($"ParserFailure at '{clause}'", ex.Message);
        }

        [Fact]
        public async Task More_than_a_hundred_subscriptions_go_in_batches_of_a_hundred()
        {
            var many = GeneratedFleet.BuildMany(105, 2);
            var graphRequests = 0;
            var batches = new List<ReadinessScanResult>();
            var options = Options();
            options.GraphQuotaPerWindow = 100;
            await using (var h = await EmulatorHarness.StartAsync(many.World, options, o => o.OnRequest = r =>
                         {
                             if (r.Uri.AbsolutePath.EndsWith(ResourceGraphClient.Path, StringComparison.OrdinalIgnoreCase)) Interlocked.Increment(ref graphRequests);
                         }))
            {
                await new ReadinessScanner(h.Connection).ScanGraphAsync(ResourceGraphScope.ForSubscriptions(many.Subscriptions), batches.Add);
            }

            var reports = batches.SelectMany(b => b.Reports).ToArray();
            Assert.Equal(many.VmIds.OrderBy(id => id), reports.Select(r => r.VmId).OrderBy(id => id));
            Assert.Empty(batches.SelectMany(b => b.Failures));
            // Two batches (100 and 5 subscriptions), each answered by one page of its four queries.
            Assert.Equal(2 * 4, graphRequests);
        }

        [Fact]
        public async Task A_vm_page_that_fails_mid_way_keeps_what_was_read_and_names_the_rest()
        {
            var options = Options();
            options.Faults.Add(new FaultRule { PathContains = "Microsoft.ResourceGraph", QueryContains = "microsoft.compute/virtualmachines", Page = 2, Kind = FaultKind.ServerError, Rate = 1 });
            var outcome = await ScanAsync(options, connection: o => o.MaxRetries = 1);

            AssertEveryVmAccountedForOnce(outcome, _fleet.Estate.VmIds);
            // The first page (1,000 VMs in id order: the first two subscriptions and part of the third) is judged.
            var ordered = _fleet.Estate.VmIds.OrderBy(id => id, StringComparer.OrdinalIgnoreCase).Take(1000).ToArray();
            Assert.Equal(ordered.OrderBy(id => id), outcome.Reports.Select(r => r.VmId).OrderBy(id => id));
            var failure = Assert.Single(outcome.Failures);
            Assert.Equal("/subscriptions/" + Sub(2), failure.VmId);
            Assert.Equal(500, failure.Error.Status);
            Assert.Contains("page 2 of the Resource Graph query", failure.Error.Message);
            Assert.Contains("the 1000 row(s) before it were read", failure.Error.Message);
        }

        [Fact]
        public async Task A_network_page_that_fails_mid_way_leaves_only_the_rest_unknown_and_reads_no_nic_by_id()
        {
            var options = Options();
            options.Faults.Add(new FaultRule { PathContains = "Microsoft.ResourceGraph", QueryContains = "microsoft.network/networkinterfaces", Page = 2, Kind = FaultKind.ServerError, Rate = 1 });
            var outcome = await ScanAsync(options, connection: o => o.MaxRetries = 1);

            AssertEveryVmAccountedForOnce(outcome, _fleet.Estate.VmIds);
            Assert.Equal(_fleet.Estate.VmIds.Count, outcome.Reports.Count());
            Finding Nsg(VmReadinessReport r) => r.Findings.Single(f => f.CheckId == "Network.NsgOutbound");
            // The first page held the first two subscriptions' network whole: their VMs are judged.
            Assert.All(outcome.Reports.Where(r => !r.VmId.Contains(Sub(2))), r => Assert.NotEqual(CheckStatus.Unknown, Nsg(r).Status));
            // The third subscription's NICs past the first page are not known, and say why.
            var unknown = outcome.Reports.Where(r => r.VmId.Contains(Sub(2)) && Nsg(r).Status == CheckStatus.Unknown).ToArray();
            Assert.NotEmpty(unknown);
            Assert.All(unknown, r => Assert.Contains("Resource Graph", string.Join(" ", Nsg(r).Evidence.Values)));
            Assert.Contains(outcome.Batches.SelectMany(b => b.Gaps), g => g.Contains("network resources (Resource Graph)"));
            Assert.DoesNotContain(outcome.Records, r => r.Uri.AbsolutePath.Contains("/Microsoft.Network/", StringComparison.OrdinalIgnoreCase));
        }

        [Fact]
        public async Task Throttling_server_errors_and_dropped_connections_on_resource_graph_are_ridden_out()
        {
            var options = Options();
            options.Faults.Add(new FaultRule { PathContains = "Microsoft.ResourceGraph", Kind = FaultKind.Throttle, Rate = 0.3, RetryAfterSeconds = 1 });
            options.Faults.Add(new FaultRule { PathContains = "Microsoft.ResourceGraph", Kind = FaultKind.ServerError, Rate = 0.2 });
            options.Faults.Add(new FaultRule { PathContains = "Microsoft.ResourceGraph", Kind = FaultKind.DropConnection, Rate = 0.1 });
            var outcome = await ScanAsync(options);

            Assert.Equal(_fleet.Estate.VmIds.OrderBy(id => id), outcome.Reports.Select(r => r.VmId).OrderBy(id => id));
            Assert.Empty(outcome.Failures);
            Assert.Empty(outcome.Batches.SelectMany(b => b.Gaps));
            // The faults were met (the seed decides which requests), and each was retried a bounded number of times.
            Assert.Contains(outcome.GraphRecords, r => r.Status == 429);
            Assert.Contains(outcome.GraphRecords, r => r.Status == 500 || r.Status == 0);
            Assert.All(outcome.GraphRecords.GroupBy(r => r.ClientRequestId), attempts => Assert.True(attempts.Count() <= 1 + 3 + 10));
        }

        [Fact]
        public async Task A_subscription_answering_403_is_one_clear_error_and_the_others_are_answered()
        {
            var options = Options();
            options.DenyScopes.Add("/subscriptions/" + Sub(1));
            var outcome = await ScanAsync(options);

            var readable = _fleet.Estate.VmIds.Where(id => !id.Contains(Sub(1))).ToArray();
            AssertEveryVmAccountedForOnce(outcome, _fleet.Estate.VmIds);
            Assert.Equal(readable.OrderBy(id => id), outcome.Reports.Select(r => r.VmId).OrderBy(id => id));
            var failure = Assert.Single(outcome.Failures);
            Assert.Equal("/subscriptions/" + Sub(1), failure.VmId);
            Assert.Equal(403, failure.Error.Status);
        }

        [Fact]
        public async Task A_management_group_scans_the_subscriptions_under_it()
        {
            var outcome = await ScanAsync(Options(), ResourceGraphScope.ForManagementGroups(new[] { "/providers/Microsoft.Management/managementGroups/mg-fleet" }));

            var under = _fleet.Estate.VmIds.Where(id => id.Contains(Sub(0)) || id.Contains(Sub(2))).ToArray();
            AssertEveryVmAccountedForOnce(outcome, under);
            Assert.Equal(under.Length, outcome.Reports.Count());
            Assert.Empty(outcome.Failures);
        }

        [Fact]
        public async Task A_denied_management_group_is_refused_as_a_whole()
        {
            var options = Options();
            options.DenyScopes.Add("/providers/Microsoft.Management/managementGroups/mg-fleet");
            var ex = await Assert.ThrowsAsync<ArmRequestException>(() => ScanAsync(options, ResourceGraphScope.ForManagementGroups(new[] { "mg-fleet" })));
            Assert.Equal(403, ex.Status);
            Assert.Equal("AccessDenied", ex.ErrorCode);
        }

        [Fact]
        public async Task Cancellation_returns_at_once_and_no_request_goes_out_after_it()
        {
            var options = Options();
            options.Latency = TimeSpan.FromMilliseconds(20);
            var busy = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var seen = 0;
            options.OnRequestReceived = (_, _) => { if (Interlocked.Increment(ref seen) == 6) busy.TrySetResult(true); };
            var records = new ConcurrentQueue<ArmRequestRecord>();
            await using var h = await EmulatorHarness.StartAsync(_fleet.Estate.World, options, o => o.OnRequest = records.Enqueue);
            using var cancel = new CancellationTokenSource();
            var scan = new ReadinessScanner(h.Connection).ScanGraphAsync(ResourceGraphScope.ForSubscriptions(_fleet.Estate.Subscriptions), _ => { }, cancel.Token);

            await busy.Task;
            cancel.Cancel();
            var cancelledAt = Stopwatch.GetTimestamp();
            var finished = await Task.WhenAny(scan, Task.Delay(TimeSpan.FromSeconds(1)));
            Assert.Same(scan, finished);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scan);
            Assert.DoesNotContain(records, r => r.StartTimestamp > cancelledAt);
        }

        /// <summary>The answers have the shape of the published examples: the same fields with the same kinds.</summary>
        [Fact]
        public async Task Answers_have_the_fields_of_the_published_examples()
        {
            await using var h = await EmulatorHarness.StartAsync(_fleet.Estate.World, Options());
            var body = ResourceGraphClient.Body(ResourceGraphScope.ForSubscriptions(_fleet.Estate.Subscriptions), GraphInventory.VmQuery, null);
            var first = await h.Connection.Rest.SendAsync("POST", ResourceGraphClient.Path, ResourceGraphClient.ApiVersion, body, CancellationToken.None);
            var token = first.Body.GetProperty("$skipToken").GetString()!;
            var second = await h.Connection.Rest.SendAsync("POST", ResourceGraphClient.Path, ResourceGraphClient.ApiVersion,
                ResourceGraphClient.Body(ResourceGraphScope.ForSubscriptions(_fleet.Estate.Subscriptions), GraphInventory.VmQuery, token), CancellationToken.None);

            var folder = SharedMaterial.Path("reference", "arm-examples", "resourcegraph", "2024-04-01");
            AssertSameShape(Example(folder, "ResourcesNextPageQuery.json"), first.Body);
            AssertSameShape(Example(folder, "ResourcesBasicQuery.json"), second.Body);
            Assert.Equal(1000, first.Body.GetProperty("count").GetInt32());
            Assert.Equal(_fleet.Estate.VmIds.Count, first.Body.GetProperty("totalRecords").GetInt32());
            Assert.Equal(_fleet.Estate.VmIds.Count - 1000, second.Body.GetProperty("count").GetInt32());
            // Resource Graph writes types in lower case and holds no instance view.
            var row = first.Body.GetProperty("data")[0];
            Assert.Equal("microsoft.compute/virtualmachines", row.GetProperty("type").GetString());
            Assert.False(row.GetProperty("properties").TryGetProperty("instanceView", out _));
            // The quota headers: queries left in the window and when it resets (hh:mm:ss).
            Assert.Equal("14", first.Header(ResourceGraphClient.QuotaRemainingHeader));
            Assert.Matches(@"^\d\d:\d\d:\d\d$", first.Header(ResourceGraphClient.QuotaResetsAfterHeader));

            // The request body has the example's fields (query, subscriptions) and the paging options.
            var request = Example(folder, "ResourcesNextPageQuery.json").GetProperty("parameters").GetProperty("query");
            using var sent = JsonDocument.Parse(ResourceGraphClient.Body(ResourceGraphScope.ForSubscriptions(new[] { Sub(0) }), GraphInventory.VmQuery, "t"));
            foreach (var field in request.EnumerateObject()) Assert.Equal(field.Value.ValueKind, sent.RootElement.GetProperty(field.Name).ValueKind);
            Assert.Equal("t", sent.RootElement.GetProperty("options").GetProperty("$skipToken").GetString());
        }

        [Fact]
        public async Task Past_the_quota_the_emulator_answers_429_with_retry_after()
        {
            var options = Options();
            options.GraphQuotaPerWindow = 2;
            options.GraphQuotaWindow = TimeSpan.FromMinutes(1);
            await using var h = await EmulatorHarness.StartAsync(_fleet.Estate.World, options, o => o.MaxThrottledRetries = 0);
            var body = ResourceGraphClient.Body(ResourceGraphScope.ForSubscriptions(new[] { Sub(0) }), GraphInventory.SubscriptionsQuery, null);
            for (var i = 0; i < 2; i++) await h.Connection.Rest.SendAsync("POST", ResourceGraphClient.Path, ResourceGraphClient.ApiVersion, body, CancellationToken.None);
            var ex = await Assert.ThrowsAsync<ArmRequestException>(() => h.Connection.Rest.SendAsync("POST", ResourceGraphClient.Path, ResourceGraphClient.ApiVersion, body, CancellationToken.None));
            Assert.Equal(429, ex.Status);
            Assert.Equal("RateLimiting", ex.ErrorCode);
        }

        private static JsonElement Example(string folder, string file)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, file)));
            return doc.RootElement.Clone();
        }

        private static void AssertSameShape(JsonElement example, JsonElement answer)
        {
            var expected = example.GetProperty("responses").GetProperty("200").GetProperty("body");
            Assert.Equal(expected.EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal), answer.EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal));
            foreach (var field in expected.EnumerateObject()) Assert.Equal(field.Value.ValueKind, answer.GetProperty(field.Name).ValueKind);
        }
    }
}
