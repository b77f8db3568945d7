using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
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

namespace AzBackupTroubleshoot.Benchmarks
{
    /// <summary>
    /// The module's subscription scan (ReadinessScanner, as the cmdlet runs it) against the emulator in its own
    /// process, with 50 ms latency per request and ARM's read throttling (a bucket of 250, refilled at 25 a
    /// second), on the generated fleet of the reliability tests (N VMs over N/50 groups, shared NSGs and subnets,
    /// 90 percent protected, some broken, some failed jobs). Each N runs in a fresh client process, so CPU and
    /// peak working set are the client's alone.
    /// dotnet run -c Release --project bench/AzBackupTroubleshoot.Benchmarks -- fleet-scan [100 1000 10000]
    /// </summary>
    public static class FleetScanBench
    {
        internal const int LatencyMs = 50;

        public static async Task<int> RunAsync(string[] args)
        {
            var counts = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : new[] { 100, 1000, 10000 };
            var rows = new List<string>
            {
                "| VMs | page size | requests | 429s | wall | first result | client CPU | peak working set | VMs answered |",
                "|---|---|---|---|---|---|---|---|---|",
            };
            foreach (var n in counts)
            {
                foreach (var pageSize in new[] { 1000, 100 })
                {
                    using var emulator = Child($"fleet-emulator {n} {pageSize}");
                    var address = await emulator.StandardOutput.ReadLineAsync().ConfigureAwait(false) ?? throw new InvalidOperationException("the emulator did not start");
                    using var client = Child("fleet-client " + n + " " + Quote(address));
                    var line = await client.StandardOutput.ReadLineAsync().ConfigureAwait(false);
                    await client.WaitForExitAsync().ConfigureAwait(false);
                    emulator.StandardInput.Close();
                    await emulator.WaitForExitAsync().ConfigureAwait(false);
                    if (line == null) throw new InvalidOperationException("the client printed nothing: " + await client.StandardError.ReadToEndAsync().ConfigureAwait(false));
                    var r = JsonSerializer.Deserialize<JsonElement>(line);
                    rows.Add(string.Format(CultureInfo.InvariantCulture, "| {0:N0} | {1} | {2} | {3} | {4:0.0} s | {5:0.0} s | {6:0.0} s | {7} MB | {8:N0} |",
                        n, pageSize, r.GetProperty("requests").GetInt32(), r.GetProperty("throttled").GetInt32(), r.GetProperty("wall").GetDouble(), r.GetProperty("first").GetDouble(),
                        r.GetProperty("cpu").GetDouble(), r.GetProperty("peakMb").GetInt64(), r.GetProperty("answered").GetInt32()));
                    Console.WriteLine(rows[rows.Count - 1]);
                }
            }

            var results = Path.Combine(FindRepository(), "bench", "results", "fleet-scan.md");
            File.WriteAllText(results, string.Join("\n", new[]
            {
                "# Fleet scan against the emulator",
                "",
                $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores with",
                "`dotnet run -c Release --project bench/AzBackupTroubleshoot.Benchmarks -- fleet-scan " + string.Join(" ", counts) + "`:",
                $"the emulator in its own process with {LatencyMs} ms per request and ARM's read throttling (250 reads, refilled at 25 a second);",
                "the generated fleet of the reliability tests; one fresh client process per row (CPU and peak working set are the client's),",
                "measured after a warm-up scan of one resource group in the same process (JIT, TLS connections, the remedy catalog).",
                "First result: when the first page of reports was handed out. Requests and 429s count every attempt of the subscription scan.",
                "",
            }.Concat(rows)) + "\n");
            Console.WriteLine("Written to " + results);
            return 0;
        }

        /// <summary>Child: builds the world, serves it, prints "url thumbprint", serves until stdin closes.</summary>
        public static Task<int> ServeAsync(int vmCount, int pageSize) => ServeAsync(GeneratedFleet.Build(vmCount).World, pageSize);

        /// <summary>Serves a world with the bench's latency and ARM read throttling; prints "url thumbprint", serves until stdin closes.</summary>
        internal static async Task<int> ServeAsync(World world, int pageSize, Action<EmulatorOptions>? configure = null)
        {
            var options = new EmulatorOptions { PageSize = pageSize, Latency = TimeSpan.FromMilliseconds(LatencyMs), ReadBucketCapacity = 250, ReadRefillPerSecond = 25 };
            configure?.Invoke(options);
            await using var server = await ArmEmulatorServer.StartAsync(world, options).ConfigureAwait(false);
            Console.WriteLine(server.BaseUri + " " + server.CertificateThumbprint);
            await Console.In.ReadToEndAsync().ConfigureAwait(false);
            return 0;
        }

        /// <summary>Child: one scan, one JSON line of figures.</summary>
        public static async Task<int> ScanAsync(int vmCount, string address)
        {
            var parts = address.Split(' ');
            var requests = 0;
            var throttled = 0;
            var options = new ArmConnectionOptions
            {
                TrustedServerCertificateThumbprint = parts[1],
                OnRequest = r =>
                {
                    Interlocked.Increment(ref requests);
                    if (Environment.GetEnvironmentVariable("FLEET_TRACE") == "1") Console.Error.WriteLine(r.ToString());
                    if (r.Status == 429) Interlocked.Increment(ref throttled);
                },
            };
            using var connection = new ArmConnection(new ArmEndpoint(new Uri(parts[0])), new EmulatorTokenSource(), options);
            // A warm-up scan of one group first (JIT, TLS connections, the remedy catalog): the rows then show how the
            // scan grows with the fleet, not a cold process start on a busy machine.
            await new ReadinessScanner(connection).ScanAsync(InventoryScope.Group(ArmShapes.Subscription, GeneratedFleet.GroupName(0))).ConfigureAwait(false);
            Interlocked.Exchange(ref requests, 0);
            Interlocked.Exchange(ref throttled, 0);
            var scanner = new ReadinessScanner(connection);
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            double first = -1;
            var answered = 0;
            await scanner.ScanInBatchesAsync(InventoryScope.Subscription(ArmShapes.Subscription), batch =>
            {
                if (first < 0 && batch.Reports.Count > 0) first = watch.Elapsed.TotalSeconds;
                answered += batch.Reports.Count;
            }).ConfigureAwait(false);
            watch.Stop();
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                vms = vmCount,
                requests,
                throttled,
                wall = watch.Elapsed.TotalSeconds,
                first,
                cpu,
                peakMb = process.PeakWorkingSet64 / (1024 * 1024),
                answered,
            }));
            return 0;
        }

        internal sealed class EmulatorTokenSource : IAccessTokenSource
        {
            public ValueTask<ArmAccessToken> GetTokenAsync(CancellationToken cancellationToken)
            {
                var expiry = DateTimeOffset.UtcNow.AddHours(1);
                return new ValueTask<ArmAccessToken>(new ArmAccessToken(EmulatorTokens.Issue(expiry), expiry));
            }
        }

        internal static Process Child(string arguments)
        {
            var start = new ProcessStartInfo("dotnet", Quote(typeof(FleetScanBench).Assembly.Location) + " " + arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardInput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            return Process.Start(start) ?? throw new InvalidOperationException("could not start " + arguments);
        }

        internal static string Quote(string s) => "\"" + s + "\"";

        internal static string FindRepository()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Directory.Build.props"))) dir = dir.Parent;
            return dir?.FullName ?? Directory.GetCurrentDirectory();
        }
    }
}
