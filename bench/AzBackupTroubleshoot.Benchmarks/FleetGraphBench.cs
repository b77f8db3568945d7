using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AzBackupTroubleshoot.Arm;
using AzBackupTroubleshoot.Engine.Tests.Support;
using AzBackupTroubleshoot.Inventory;
using AzBackupTroubleshoot.Readiness;

namespace AzBackupTroubleshoot.Benchmarks
{
    /// <summary>
    /// The module's scan of many subscriptions through Azure Resource Graph (ReadinessScanner.ScanGraphAsync, as the
    /// cmdlet runs it for several -SubscriptionId values) against the emulator in its own process: the generated fleet
    /// of the reliability tests in each of S subscriptions, 50 ms latency per request, ARM's read throttling per
    /// subscription and Resource Graph's quota (15 queries per 5 seconds). The emulator and each row's client run in
    /// processes of their own (FleetScanBench's), so CPU and peak working set are the client's alone.
    /// dotnet run -c Release --project bench/AzBackupTroubleshoot.Benchmarks -- fleet-graph [SxV[qN] ...]   (default 100x10 100x100 100x100q1000)
    /// </summary>
    public static class FleetGraphBench
    {
        private const int PageSize = 1000;
        /// <summary>ERRORS.md: "e.g. 15 queries per 5-second window per user".</summary>
        private const int DocumentedQuota = 15;

        public static async Task<int> RunAsync(string[] args)
        {
            if (args.Length > 0 && args[0] == "emulator")
            {
                return await FleetScanBench.ServeAsync(GeneratedFleet.BuildMany(Int(args[1]), Int(args[2])).World, PageSize, o => o.GraphQuotaPerWindow = Int(args[3])).ConfigureAwait(false);
            }

            if (args.Length > 0 && args[0] == "client") return await ScanAsync(Int(args[1]), args[2]).ConfigureAwait(false);

            // SxV: S subscriptions of V VMs, under Resource Graph's documented quota; SxVqN: with N queries per window instead.
            var shapes = (args.Length > 0 ? args : new[] { "100x10", "100x100", "100x100q1000" }).Select(a => a.Split('x', 'q'))
                .Select(p => (Subscriptions: Int(p[0]), Vms: Int(p[1]), Quota: p.Length > 2 ? Int(p[2]) : DocumentedQuota)).ToArray();
            var rows = new List<string>
            {
                "| subscriptions | VMs | Resource Graph quota | requests (Resource Graph) | 429s | wall | first result | client CPU | peak working set | VMs answered | load average |",
                "|---|---|---|---|---|---|---|---|---|---|---|",
            };
            foreach (var (subscriptions, vms, quota) in shapes)
            {
                using var emulator = FleetScanBench.Child($"fleet-graph emulator {subscriptions} {vms} {quota}");
                var address = await emulator.StandardOutput.ReadLineAsync().ConfigureAwait(false) ?? throw new InvalidOperationException("the emulator did not start");
                using var client = FleetScanBench.Child($"fleet-graph client {subscriptions} " + FleetScanBench.Quote(address));
                var line = await client.StandardOutput.ReadLineAsync().ConfigureAwait(false);
                await client.WaitForExitAsync().ConfigureAwait(false);
                emulator.StandardInput.Close();
                await emulator.WaitForExitAsync().ConfigureAwait(false);
                if (line == null) throw new InvalidOperationException("the client printed nothing: " + await client.StandardError.ReadToEndAsync().ConfigureAwait(false));
                var r = JsonSerializer.Deserialize<JsonElement>(line);
                rows.Add(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:N0} | {11} per 5 s | {2} ({3}) | {4} | {5:0.0} s | {6:0.0} s | {7:0.0} s | {8} MB | {9:N0} | {10} |",
                    subscriptions, subscriptions * vms, r.GetProperty("requests").GetInt32(), r.GetProperty("graph").GetInt32(), r.GetProperty("throttled").GetInt32(),
                    r.GetProperty("wall").GetDouble(), r.GetProperty("first").GetDouble(), r.GetProperty("cpu").GetDouble(), r.GetProperty("peakMb").GetInt64(),
                    r.GetProperty("answered").GetInt32(), LoadAverage(), quota));
                Console.WriteLine(rows[rows.Count - 1]);
            }

            var results = Path.Combine(FleetScanBench.FindRepository(), "bench", "results", "fleet-graph.md");
            File.WriteAllText(results, string.Join("\n", new[]
            {
                "# Many subscriptions through Azure Resource Graph, against the emulator",
                "",
                $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores with",
                "`dotnet run -c Release --project bench/AzBackupTroubleshoot.Benchmarks -- fleet-graph " +
                string.Join(" ", shapes.Select(s => s.Subscriptions + "x" + s.Vms + (s.Quota == DocumentedQuota ? "" : "q" + s.Quota))) + "`:",
                $"the generated fleet of the reliability tests in each subscription; the emulator in its own process with {FleetScanBench.LatencyMs} ms per request,",
                "ARM's read throttling per subscription (250 reads, refilled at 25 a second), ARM pages of 1,000 and Resource Graph's quota",
                "(the documented 15 queries per 5-second window unless the row says otherwise; the client waits for the window when",
                "x-ms-user-quota-remaining reaches 0). Every 1,000 rows of VMs, NICs and protected items is a query, so at 10,000 VMs",
                "about 32 queries need two resets of the window: the wall time under the documented quota is the quota's, not the client's.",
                "One fresh client process per row (CPU and peak working set are the client's), after a warm-up ARM scan of one resource group.",
                "Requests count every attempt (ARM and Resource Graph; Resource Graph's in brackets). First result: when the first reports were handed out.",
                "Load average: the machine's 1-minute load when the row ended (2 cores shared with other work: figures under load are upper bounds).",
                "",
            }.Concat(rows)) + "\n");
            Console.WriteLine("Written to " + results);
            return 0;
        }

        /// <summary>Child: one scan of every subscription of the fleet, one JSON line of figures.</summary>
        private static async Task<int> ScanAsync(int subscriptionCount, string address)
        {
            var parts = address.Split(' ');
            var requests = 0;
            var graph = 0;
            var throttled = 0;
            var options = new ArmConnectionOptions
            {
                TrustedServerCertificateThumbprint = parts[1],
                OnRequest = r =>
                {
                    Interlocked.Increment(ref requests);
                    if (r.Uri.AbsolutePath.EndsWith(ResourceGraphClient.Path, StringComparison.OrdinalIgnoreCase)) Interlocked.Increment(ref graph);
                    if (r.Status == 429) Interlocked.Increment(ref throttled);
                },
            };
            using var connection = new ArmConnection(new ArmEndpoint(new Uri(parts[0])), new FleetScanBench.EmulatorTokenSource(), options);
            // Warm-up through ARM only (JIT, TLS connections, the remedy catalog): Resource Graph's quota is the measured scan's.
            await new ReadinessScanner(connection).ScanAsync(InventoryScope.Group(GeneratedFleet.SubscriptionId(0), GeneratedFleet.GroupName(0))).ConfigureAwait(false);
            Interlocked.Exchange(ref requests, 0);
            Interlocked.Exchange(ref graph, 0);
            Interlocked.Exchange(ref throttled, 0);

            var subscriptions = Enumerable.Range(0, subscriptionCount).Select(GeneratedFleet.SubscriptionId).ToArray();
            var scanner = new ReadinessScanner(connection);
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            double first = -1;
            var answered = 0;
            var failures = 0;
            await scanner.ScanGraphAsync(ResourceGraphScope.ForSubscriptions(subscriptions), batch =>
            {
                if (first < 0 && batch.Reports.Count > 0) first = watch.Elapsed.TotalSeconds;
                answered += batch.Reports.Count;
                failures += batch.Failures.Count;
            }).ConfigureAwait(false);
            watch.Stop();
            process.Refresh();
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                requests,
                graph,
                throttled,
                wall = watch.Elapsed.TotalSeconds,
                first,
                cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds,
                peakMb = process.PeakWorkingSet64 / (1024 * 1024),
                answered,
                failures,
            }));
            return 0;
        }

        private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

        private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);
    }
}
