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
    /// The module's subscription scan (ReadinessScanner, as the cmdlet runs it) and the per-VM way of the usual script
    /// (list the VMs, then for each VM GET it with its instance view, its NIC, the NIC's NSG, its subnet's network and
    /// the subnet's NSG, and its protected item from each vault until found; four VMs at a time, like
    /// ForEach-Object -Parallel -ThrottleLimit 4), both over the same ARM pipeline (Azure.Core, the module's retry policy)
    /// against the emulator in its own process, with 50 ms latency per request and ARM's read throttling (a bucket
    /// of 250, refilled at 25 a second), on the generated fleet of the reliability tests (N VMs over N/50 groups,
    /// shared NSGs and subnets, 90 percent protected, some broken, some failed jobs). Each row runs in a fresh client
    /// process against a fresh emulator on the same world (a full bucket), so CPU and peak working set are the
    /// client's alone. The per-VM way stops at 2,000 VMs or 120 s and is extrapolated from there.
    /// dotnet run -c Release --project bench/AzBackupTroubleshoot.Benchmarks -- fleet-scan [100 1000 10000 50000]
    /// </summary>
    public static class FleetScanBench
    {
        internal const int LatencyMs = 50;
        private const int PerVmCap = 2000;
        private static readonly TimeSpan PerVmTimeCap = TimeSpan.FromSeconds(120);
        private const int PerVmParallel = 4;

        private sealed class Row
        {
            public int Vms;
            public string Strategy = "";
            public int PageSize;
            public JsonElement R;
            public double D(string name) => R.GetProperty(name).GetDouble();
            public int I(string name) => R.GetProperty(name).GetInt32();
            public bool Extrapolated => R.TryGetProperty("done", out var d) && d.GetInt32() < Vms;
        }

        public static async Task<int> RunAsync(string[] args)
        {
            var counts = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : new[] { 100, 1000, 10000, 50000 };
            var load = Uptime();
            var rows = new List<Row>();
            foreach (var n in counts)
            {
                var pageSizes = n == 10000 ? new[] { 1000, 200, 100 } : new[] { 1000 };
                foreach (var pageSize in pageSizes) rows.Add(await RunRowAsync(n, "module", pageSize).ConfigureAwait(false));
                rows.Add(await RunRowAsync(n, "per-vm", 1000).ConfigureAwait(false));
            }

            var loadAfter = Uptime();
            var directory = Path.Combine(FindRepository(), "bench", "results");
            var table = Table(rows);
            File.WriteAllText(Path.Combine(directory, "fleet-scan.md"), string.Join("\n", new[]
            {
                "# Fleet scan against the emulator: the module and the per-VM way",
                "",
                $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores (shared with other work) with",
                "`dotnet run -c Release --project bench/AzBackupTroubleshoot.Benchmarks -- fleet-scan " + string.Join(" ", counts) + "`.",
                $"Load before: `{load}`; after: `{loadAfter}`.",
                "",
                $"The emulator in its own process with {LatencyMs} ms per request and ARM's read throttling (250 reads, refilled at 25 a second),",
                "a fresh emulator and a fresh client process per row, on the same generated world for both ways at each N (N VMs over N/50",
                "resource groups, shared VNet, subnets and NSGs, 90 percent protected by two vaults, some broken VMs, some failed jobs).",
                "**Module**: `ReadinessScanner.ScanInBatchesAsync` on the subscription (what `Test-AzVmBackupReadiness -SubscriptionId` runs),",
                "after a warm-up scan of one resource group in the same process. **Per VM**: the usual script over the same pipeline and",
                $"retry policy: list the VMs, then per VM GET it with `$expand=instanceView`, its NIC, the NIC's NSG, its subnet's VNet, the",
                $"subnet's NSG and its protected item (each vault until found), {PerVmParallel} VMs at a time; stopped at {PerVmCap:N0} VMs or {PerVmTimeCap.TotalSeconds:0} s,",
                "and then *extrapolated* (marked ~) from the VMs it finished to the whole fleet: requests, 429s, wall and VMs answered scale",
                "with the VMs; CPU and working set are what the capped run used.",
                "First result: when the first report (module: the first page's) or the first VM's reads (per VM) were done.",
                "Requests and 429s count every attempt, retries included. JIT: compilation time inside the measured window (tiering).",
                "",
            }.Concat(table)) + "\n");
            File.WriteAllText(Path.Combine(directory, "fleet-scan.svg"), Chart(rows));
            Console.WriteLine("Written to " + Path.Combine(directory, "fleet-scan.md") + " and fleet-scan.svg");
            return 0;
        }

        private static async Task<Row> RunRowAsync(int n, string strategy, int pageSize)
        {
            using var emulator = Child($"fleet-emulator {n} {pageSize}");
            var address = await emulator.StandardOutput.ReadLineAsync().ConfigureAwait(false) ?? throw new InvalidOperationException("the emulator did not start");
            using var client = Child((strategy == "module" ? "fleet-client " : "fleet-per-vm ") + n + " " + Quote(address));
            var line = await client.StandardOutput.ReadLineAsync().ConfigureAwait(false);
            await client.WaitForExitAsync().ConfigureAwait(false);
            emulator.StandardInput.Close();
            await emulator.WaitForExitAsync().ConfigureAwait(false);
            if (line == null) throw new InvalidOperationException("the client printed nothing: " + await client.StandardError.ReadToEndAsync().ConfigureAwait(false));
            var row = new Row { Vms = n, Strategy = strategy, PageSize = pageSize, R = JsonSerializer.Deserialize<JsonElement>(line) };
            Console.WriteLine(Table(new[] { row }).Last());
            return row;
        }

        private static IEnumerable<string> Table(IReadOnlyList<Row> rows)
        {
            yield return "| VMs | way | page size | requests | 429s | wall | first result | client CPU | JIT in window | peak working set | VMs answered |";
            yield return "|---|---|---|---|---|---|---|---|---|---|---|";
            foreach (var r in rows)
            {
                var x = r.Extrapolated ? (double)r.Vms / r.I("done") : 1.0;
                var m = r.Extrapolated ? "~" : "";
                var wall = r.D("wall") * x;
                yield return string.Format(CultureInfo.InvariantCulture, "| {0:N0} | {1} | {2} | {3}{4:N0} | {3}{5:N0} | {3}{6} | {7:0.0} s | {8:0.0} s | {9:0.0} s | {10} MB | {3}{11:N0}{12} |",
                    r.Vms, r.Strategy == "module" ? "module" : "per VM", r.PageSize, m, r.I("requests") * x, r.I("throttled") * x, Duration(wall), r.D("first"), r.D("cpu"),
                    r.D("jit"), r.I("peakMb"), r.I("answered") * x, r.Extrapolated ? $" (from {r.I("done"):N0} VMs in {r.D("wall"):0} s)" : "");
            }
        }

        private static string Duration(double seconds) =>
            seconds < 120 ? seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
            : seconds < 7200 ? (seconds / 60).ToString("0", CultureInfo.InvariantCulture) + " min"
            : (seconds / 3600).ToString("0.0", CultureInfo.InvariantCulture) + " h";

        /// <summary>Wall time against VMs, both axes logarithmic: the module at page 1000, the per-VM way (dashed where extrapolated).</summary>
        private static string Chart(IReadOnlyList<Row> rows)
        {
            const double left = 70, top = 40, width = 520, height = 300;
            var module = rows.Where(r => r.Strategy == "module" && r.PageSize == 1000).OrderBy(r => r.Vms).ToArray();
            var perVm = rows.Where(r => r.Strategy == "per-vm").OrderBy(r => r.Vms).ToArray();
            double Wall(Row r) => r.D("wall") * (r.Extrapolated ? (double)r.Vms / r.I("done") : 1.0);
            var allN = rows.Select(r => (double)r.Vms).ToArray();
            double minN = allN.Min(), maxN = allN.Max();
            var walls = rows.Select(Wall).Where(w => w > 0).ToArray();
            var minY = Math.Pow(10, Math.Floor(Math.Log10(walls.Min())));
            var maxY = Math.Pow(10, Math.Ceiling(Math.Log10(walls.Max())));
            double X(double n) => left + (maxN == minN ? 0 : (Math.Log10(n) - Math.Log10(minN)) / (Math.Log10(maxN) - Math.Log10(minN)) * width);
            double Y(double s) => top + height - (Math.Log10(s) - Math.Log10(minY)) / (Math.Log10(maxY) - Math.Log10(minY)) * height;
            string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
            var svg = new List<string>
            {
                $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{F(left + width + 190)}\" height=\"{F(top + height + 60)}\" font-family=\"sans-serif\" font-size=\"12\">",
                "<title>Fleet scan: wall time against VMs, the module and the per-VM way</title>",
                $"<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
                $"<text x=\"{F(left)}\" y=\"20\" font-size=\"14\" font-weight=\"bold\">Wall time of a subscription scan (log-log; 50 ms latency, ARM read throttling)</text>",
            };
            for (var y = minY; y <= maxY * 1.0001; y *= 10)
            {
                svg.Add($"<line x1=\"{F(left)}\" x2=\"{F(left + width)}\" y1=\"{F(Y(y))}\" y2=\"{F(Y(y))}\" stroke=\"#ddd\"/>");
                svg.Add($"<text x=\"{F(left - 6)}\" y=\"{F(Y(y) + 4)}\" text-anchor=\"end\">{Duration(y)}</text>");
            }

            foreach (var n in allN.Distinct())
            {
                svg.Add($"<line x1=\"{F(X(n))}\" x2=\"{F(X(n))}\" y1=\"{F(top)}\" y2=\"{F(top + height)}\" stroke=\"#eee\"/>");
                svg.Add($"<text x=\"{F(X(n))}\" y=\"{F(top + height + 18)}\" text-anchor=\"middle\">{n.ToString("N0", CultureInfo.InvariantCulture)}</text>");
            }

            svg.Add($"<text x=\"{F(left + width / 2)}\" y=\"{F(top + height + 40)}\" text-anchor=\"middle\">VMs in the subscription</text>");
            svg.Add($"<rect x=\"{F(left)}\" y=\"{F(top)}\" width=\"{F(width)}\" height=\"{F(height)}\" fill=\"none\" stroke=\"#888\"/>");
            void Series(Row[] series, string colour, string label, double legendY)
            {
                for (var i = 1; i < series.Length; i++)
                {
                    var dashed = series[i].Extrapolated ? " stroke-dasharray=\"6 4\"" : "";
                    svg.Add($"<line x1=\"{F(X(series[i - 1].Vms))}\" y1=\"{F(Y(Wall(series[i - 1])))}\" x2=\"{F(X(series[i].Vms))}\" y2=\"{F(Y(Wall(series[i])))}\" stroke=\"{colour}\" stroke-width=\"2.5\"{dashed}/>");
                }

                foreach (var r in series)
                {
                    svg.Add($"<circle cx=\"{F(X(r.Vms))}\" cy=\"{F(Y(Wall(r)))}\" r=\"4\" fill=\"{(r.Extrapolated ? "white" : colour)}\" stroke=\"{colour}\" stroke-width=\"2\"><title>{label}, {r.Vms:N0} VMs: {Duration(Wall(r))}{(r.Extrapolated ? " (extrapolated)" : "")}</title></circle>");
                    svg.Add($"<text x=\"{F(X(r.Vms) + 7)}\" y=\"{F(Y(Wall(r)) - 7)}\" fill=\"{colour}\">{(r.Extrapolated ? "~" : "")}{Duration(Wall(r))}</text>");
                }

                svg.Add($"<line x1=\"{F(left + width + 15)}\" x2=\"{F(left + width + 40)}\" y1=\"{F(legendY)}\" y2=\"{F(legendY)}\" stroke=\"{colour}\" stroke-width=\"2.5\"/>");
                svg.Add($"<text x=\"{F(left + width + 45)}\" y=\"{F(legendY + 4)}\">{label}</text>");
            }

            Series(module, "#1f6fb4", "module (page 1000)", top + 10);
            Series(perVm, "#c0392b", "per VM, 4 at a time", top + 30);
            svg.Add($"<line x1=\"{F(left + width + 15)}\" x2=\"{F(left + width + 40)}\" y1=\"{F(top + 50)}\" y2=\"{F(top + 50)}\" stroke=\"#c0392b\" stroke-width=\"2.5\" stroke-dasharray=\"6 4\"/>");
            svg.Add($"<text x=\"{F(left + width + 45)}\" y=\"{F(top + 54)}\">extrapolated</text>");
            svg.Add("</svg>");
            return string.Join("\n", svg) + "\n";
        }

        private static string Uptime()
        {
            try
            {
                return File.ReadAllText("/proc/loadavg").Trim();
            }
            catch (IOException)
            {
                return "unknown";
            }
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
            var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
            var gcBefore = GC.CollectionCount(0);
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            var heapAfterGc = new List<long>();
            var sampleHeap = Environment.GetEnvironmentVariable("FLEET_HEAP") == "1";
            // FLEET_MEM=1: what the peak is made of, sampled every 5 ms (working set, what the GC has committed, the heap in use).
            var memory = Environment.GetEnvironmentVariable("FLEET_MEM") == "1" ? new MemorySampler() : null;
            var watch = Stopwatch.StartNew();
            double first = -1;
            var answered = 0;
            await scanner.ScanInBatchesAsync(InventoryScope.Subscription(ArmShapes.Subscription), batch =>
            {
                if (first < 0 && batch.Reports.Count > 0) first = watch.Elapsed.TotalSeconds;
                answered += batch.Reports.Count;
                // What stays reachable while results stream (a full GC per batch: only when asked, it costs time).
                if (sampleHeap) heapAfterGc.Add(GC.GetTotalMemory(true) / (1024 * 1024));
            }).ConfigureAwait(false);
            watch.Stop();
            memory?.Dispose();
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            if (memory != null) Console.Error.WriteLine(memory);
            if (sampleHeap) Console.Error.WriteLine("heap after GC per batch (MB): " + string.Join(" ", heapAfterGc));
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                vms = vmCount,
                requests,
                throttled,
                wall = watch.Elapsed.TotalSeconds,
                first,
                cpu,
                jit = (System.Runtime.JitInfo.GetCompilationTime() - jitBefore).TotalSeconds,
                gen0 = GC.CollectionCount(0) - gcBefore,
                allocatedMb = (GC.GetTotalAllocatedBytes() - allocatedBefore) / (1024 * 1024),
                peakMb = process.PeakWorkingSet64 / (1024 * 1024),
                answered,
            }));
            return 0;
        }

        /// <summary>
        /// Child: the per-VM way, as the usual script does it with the same pipeline: list the VMs and the vaults,
        /// then for each VM its GETs one after another, <see cref="PerVmParallel"/> VMs at a time, until every VM is
        /// done, <see cref="PerVmCap"/> VMs are done or <see cref="PerVmTimeCap"/> has passed. One JSON line of figures.
        /// </summary>
        public static async Task<int> PerVmAsync(int vmCount, string address)
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
                    if (r.Status == 429) Interlocked.Increment(ref throttled);
                },
            };
            using var connection = new ArmConnection(new ArmEndpoint(new Uri(parts[0])), new EmulatorTokenSource(), options);
            var subscription = "/subscriptions/" + ArmShapes.Subscription;
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
            var watch = Stopwatch.StartNew();
            var vmIds = new List<string>();
            await foreach (var id in connection.Rest.ListAsync(subscription + "/providers/Microsoft.Compute/virtualMachines", FleetInventory.ComputeApiVersion,
                               e => e.TryGetProperty("id", out var v) ? v.GetString() ?? "" : "", CancellationToken.None).ConfigureAwait(false))
            {
                vmIds.Add(id);
            }

            var vaultIds = new List<string>();
            await foreach (var id in connection.Rest.ListAsync(subscription + "/providers/Microsoft.RecoveryServices/vaults", FleetInventory.VaultApiVersion,
                               e => e.TryGetProperty("id", out var v) ? v.GetString() ?? "" : "", CancellationToken.None).ConfigureAwait(false))
            {
                vaultIds.Add(id);
            }

            double first = -1;
            var next = -1;
            var done = 0;
            var answered = 0;
            async Task Worker()
            {
                while (watch.Elapsed < PerVmTimeCap)
                {
                    var i = Interlocked.Increment(ref next);
                    if (i >= vmIds.Count || i >= PerVmCap) return;
                    var ok = await ReadOneVmAsync(connection, vmIds[i], vaultIds).ConfigureAwait(false);
                    lock (vmIds)
                    {
                        done++;
                        if (ok) answered++;
                        if (first < 0) first = watch.Elapsed.TotalSeconds;
                    }
                }
            }

            await Task.WhenAll(Enumerable.Range(0, PerVmParallel).Select(_ => Worker())).ConfigureAwait(false);
            watch.Stop();
            process.Refresh();
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                vms = vmCount,
                done,
                requests,
                throttled,
                wall = watch.Elapsed.TotalSeconds,
                first,
                cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds,
                jit = (System.Runtime.JitInfo.GetCompilationTime() - jitBefore).TotalSeconds,
                peakMb = process.PeakWorkingSet64 / (1024 * 1024),
                answered,
            }));
            return 0;
        }

        /// <summary>One VM the script's way; false when a read failed after the retries (the VM is lost to the report).</summary>
        private static async Task<bool> ReadOneVmAsync(ArmConnection connection, string vmId, IReadOnlyList<string> vaultIds)
        {
            const string network = "2025-07-01";
            try
            {
                var vm = await connection.Rest.GetAsync(vmId, FleetInventory.ComputeApiVersion, CancellationToken.None, "$expand=instanceView").ConfigureAwait(false);
                foreach (var nicRef in vm.GetProperty("properties").GetProperty("networkProfile").GetProperty("networkInterfaces").EnumerateArray())
                {
                    var nic = await connection.Rest.GetAsync(nicRef.GetProperty("id").GetString()!, network, CancellationToken.None).ConfigureAwait(false);
                    var nicProperties = nic.GetProperty("properties");
                    if (nicProperties.TryGetProperty("networkSecurityGroup", out var nicNsg))
                        await connection.Rest.GetAsync(nicNsg.GetProperty("id").GetString()!, network, CancellationToken.None).ConfigureAwait(false);
                    foreach (var configuration in nicProperties.GetProperty("ipConfigurations").EnumerateArray())
                    {
                        var subnetId = configuration.GetProperty("properties").GetProperty("subnet").GetProperty("id").GetString()!;
                        var subnet = await connection.Rest.GetAsync(subnetId, network, CancellationToken.None).ConfigureAwait(false);
                        if (subnet.TryGetProperty("properties", out var sp) && sp.TryGetProperty("networkSecurityGroup", out var subnetNsg))
                            await connection.Rest.GetAsync(subnetNsg.GetProperty("id").GetString()!, network, CancellationToken.None).ConfigureAwait(false);
                    }
                }

                var segments = vmId.Split('/');
                var container = $"iaasvmcontainerv2;{segments[4]};{segments[8]}";
                foreach (var vault in vaultIds)
                {
                    try
                    {
                        await connection.Rest.GetAsync($"{vault}/backupFabrics/Azure/protectionContainers/IaasVMContainer;{container}/protectedItems/VM;{container}",
                            FleetInventory.BackupApiVersion, CancellationToken.None).ConfigureAwait(false);
                        break;
                    }
                    catch (ArmRequestException ex) when (ex.IsNotFound)
                    {
                        // Not in this vault: the script tries the next one.
                    }
                }

                return true;
            }
            catch (ArmRequestException)
            {
                return false;
            }
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

    /// <summary>Samples the process's working set with the GC's committed and in-use bytes; keeps the sample at the highest working set.</summary>
    internal sealed class MemorySampler : IDisposable
    {
        private readonly Thread _thread;
        private volatile bool _stop;
        private long _peakWs, _committedAtPeak, _heapAtPeak, _maxCommitted, _maxHeap;
        // Where the scan started from (after the warm-up): the runtime, loaded code and the GC's committed bytes then.
        private readonly long _startWs = Environment.WorkingSet, _startCommitted = GC.GetGCMemoryInfo().TotalCommittedBytes;

        public MemorySampler()
        {
            _thread = new Thread(() =>
            {
                while (!_stop)
                {
                    var ws = Environment.WorkingSet;
                    var info = GC.GetGCMemoryInfo();
                    var committed = info.TotalCommittedBytes;
                    var heap = GC.GetTotalMemory(false);
                    _maxCommitted = Math.Max(_maxCommitted, committed);
                    _maxHeap = Math.Max(_maxHeap, heap);
                    if (ws > _peakWs)
                    {
                        _peakWs = ws;
                        _committedAtPeak = committed;
                        _heapAtPeak = heap;
                    }

                    Thread.Sleep(5);
                }
            }) { IsBackground = true };
            _thread.Start();
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
        }

        public override string ToString() =>
            $"memory (MB): at start ws {_startWs >> 20}, GC committed {_startCommitted >> 20}; peak ws {_peakWs >> 20}, at it GC committed {_committedAtPeak >> 20}, heap in use {_heapAtPeak >> 20}; max committed {_maxCommitted >> 20}, max heap {_maxHeap >> 20}";
    }
}
