using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AzBackupTroubleshoot.ArmEmulator;
using AzBackupTroubleshoot.Checks;
using AzBackupTroubleshoot.Engine.Tests.Readiness;
using AzBackupTroubleshoot.Engine.Tests.Support;
using AzBackupTroubleshoot.Guest;
using AzBackupTroubleshoot.Inventory;
using AzBackupTroubleshoot.Readiness;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Guest
{
    /// <summary>The in-guest scan through Run Command against the emulator serving the demo estate.</summary>
    public class InGuestScanTests
    {
        private static readonly RunCommandOptions Fast = new RunCommandOptions { DefaultPollInterval = TimeSpan.Zero, ConflictDelay = TimeSpan.Zero, MaxConflictRetries = 2 };

        private static string VmId(string name) => $"/subscriptions/{ArmShapes.Subscription}/resourceGroups/rg-demo/providers/Microsoft.Compute/virtualMachines/{name}";

        private static async Task<Dictionary<string, VmReadinessReport>> ScanDemo(World world, EmulatorHarness? given = null, CheckSelection? selection = null)
        {
            await using var owned = given == null ? await EmulatorHarness.StartAsync(world) : null;
            var h = given ?? owned!;
            var scanner = new ReadinessScanner(h.Connection, selection, guest: new GuestScanOptions(new RunCommandGuestRunner(h.Connection, Fast)));
            var result = await scanner.ScanAsync(InventoryScope.Group(ArmShapes.Subscription, "rg-demo"));
            return result.Reports.ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
        }

        private static Finding Guest(VmReadinessReport report, string id) => report.Findings.Single(f => f.CheckId == id);

        [PosixFact]
        public async Task Demo_guests_fail_their_own_checks_the_Linux_one_really_run_under_sh()
        {
            var reports = await ScanDemo(World.Load(DemoWorldTests.DemoWorld));

            var conf = Guest(reports["lnx02"], GuestCheckIds.WaagentConf);
            Assert.Equal(CheckStatus.Fail, conf.Status);
            Assert.Equal("GuestAgentSnapshotTaskStatusError", conf.RemedyCode);
            Assert.DoesNotContain(reports["lnx02"].Findings.Where(f => f.CheckId.StartsWith("Guest.", StringComparison.Ordinal) && f.CheckId != GuestCheckIds.WaagentConf), f => f.Status == CheckStatus.Fail);

            Assert.Equal(CheckStatus.Fail, Guest(reports["db01"], GuestCheckIds.VssWriters).Status);
            Assert.Equal("ExtensionFailedVssWriterInBadState", Guest(reports["db01"], GuestCheckIds.VssWriters).RemedyCode);
            Assert.Equal(CheckStatus.Fail, Guest(reports["app02"], GuestCheckIds.Msdtc).Status);
            Assert.Equal("ExtensionInstallationFailedMDTC", Guest(reports["app02"], GuestCheckIds.Msdtc).RemedyCode);

            // The healthy recorded guest adds nothing to fix: web01 stays the demo's all-Pass VM.
            Assert.All(reports["web01"].Findings.Where(f => f.CheckId.StartsWith("Guest.", StringComparison.Ordinal)), f => Assert.True(f.Status == CheckStatus.Pass || f.Status == CheckStatus.NotApplicable, f.ToString()));
            Assert.Equal(CheckStatus.Pass, reports["web01"].Status);
        }

        [Fact]
        public async Task Agent_not_Ready_or_VM_not_running_gives_Unknown_with_the_reason_and_no_Run_Command()
        {
            var world = World.Load(DemoWorldTests.DemoWorld);
            var posts = new System.Collections.Concurrent.ConcurrentQueue<string>();
            await using var h = await EmulatorHarness.StartAsync(world, new EmulatorOptions { OnRequestReceived = (m, p) => { if (m == "POST") posts.Enqueue(p); } });
            var reports = await ScanDemo(world, h);
            foreach (var (vm, reason) in new[] { ("web02", "not Ready"), ("stopped01", "not running") })
            {
                var guest = reports[vm].Findings.Where(f => f.CheckId.StartsWith("Guest.", StringComparison.Ordinal)).ToArray();
                Assert.Equal(GuestEvaluator.ChecksFor(GuestOs.Windows), guest.Select(f => f.CheckId));
                Assert.All(guest, f => Assert.Equal(CheckStatus.Unknown, f.Status));
                Assert.All(guest, f => Assert.Contains(reason, f.Message.English, StringComparison.Ordinal));
                Assert.DoesNotContain(posts, p => p.EndsWith("/" + vm + "/runCommand", StringComparison.OrdinalIgnoreCase));
            }

            Assert.Contains(posts, p => p.EndsWith("/lnx02/runCommand", StringComparison.OrdinalIgnoreCase));
        }

        [Theory]
        [InlineData("garbled")]
        [InlineData("truncated")]
        [InlineData("no-stdout")]
        public async Task Truncated_or_garbled_output_is_Unknown_never_Pass(string kind)
        {
            var world = World.Load(DemoWorldTests.DemoWorld);
            world.TryGet(VmId("web01"), out var vm);
            var healthy = System.IO.File.ReadAllText(System.IO.Path.Combine(DemoWorldTests.DemoWorld, "guests", "web01.txt"));
            vm[World.MetadataProperty] = kind switch
            {
                "garbled" => new JsonObject { ["runCommand"] = new JsonObject { ["stdout"] = "\u0000\u0001<html>502 Bad Gateway</html>" } },
                // More than 4 KB: the emulator keeps the tail, as Azure does, so the header is lost.
                "truncated" => new JsonObject { ["runCommand"] = new JsonObject { ["stdout"] = healthy + new string('x', 100) + "\n" + healthy.Substring(healthy.Length / 2) + string.Concat(Enumerable.Repeat(healthy.Substring(0, healthy.Length / 2), 1 + 4096 / Math.Max(1, healthy.Length / 2))) } },
                _ => new JsonObject { ["runCommand"] = new JsonObject { ["stdout"] = "" } },
            };
            var reports = await ScanDemo(world);
            var guest = reports["web01"].Findings.Where(f => f.CheckId.StartsWith("Guest.", StringComparison.Ordinal)).ToArray();
            Assert.NotEmpty(guest);
            Assert.DoesNotContain(guest, f => f.Status == CheckStatus.Pass);
            if (kind != "truncated") Assert.All(guest, f => Assert.Equal(CheckStatus.Unknown, f.Status));
        }

        [Fact]
        public async Task Output_longer_than_4096_bytes_comes_back_as_its_last_4096_bytes()
        {
            var world = World.Load(DemoWorldTests.DemoWorld);
            world.TryGet(VmId("web01"), out var vm);
            var text = string.Concat(Enumerable.Range(0, 1000).Select(i => $"line{i}\n"));
            vm[World.MetadataProperty] = new JsonObject { ["runCommand"] = new JsonObject { ["stdout"] = text } };
            await using var h = await EmulatorHarness.StartAsync(world);
            var result = await new RunCommandGuestRunner(h.Connection, Fast).RunAsync(VmId("web01"), GuestOs.Windows, "Get-Date", CancellationToken.None);
            Assert.True(result.Succeeded);
            Assert.Equal(text.Substring(text.Length - 4096), result.Output);
        }

        [Fact]
        public async Task A_second_command_on_a_busy_VM_gets_409_and_is_retried_a_bounded_number_of_times()
        {
            var world = World.Load(DemoWorldTests.DemoWorld);
            world.TryGet(VmId("web01"), out var vm);
            vm[World.MetadataProperty] = new JsonObject { ["runCommand"] = new JsonObject { ["hang"] = true, ["stdout"] = "" } };
            var firstPosted = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var options = new EmulatorOptions { OnRequestReceived = (m, p) => { if (m == "POST") firstPosted.TrySetResult(true); } };
            await using var h = await EmulatorHarness.StartAsync(world, options);
            using var cancel = new CancellationTokenSource();
            // Another client's command that never ends holds the VM.
            var other = new RunCommandGuestRunner(h.Connection, Fast).RunAsync(VmId("web01"), GuestOs.Windows, "x", cancel.Token);
            await firstPosted.Task;
            var ours = await new RunCommandGuestRunner(h.Connection, Fast).RunAsync(VmId("web01"), GuestOs.Windows, "x", CancellationToken.None);
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => other);
            Assert.False(ours.Succeeded);
            Assert.Contains("409", ours.FailureReason, StringComparison.Ordinal);
            Assert.Equal(1 + 1 + Fast.MaxConflictRetries, h.Requests.CountWhere("POST "));
        }

        [Fact]
        public async Task One_runner_sends_one_command_at_a_time_per_VM_so_no_409()
        {
            var world = World.Load(DemoWorldTests.DemoWorld);
            await using var h = await EmulatorHarness.StartAsync(world);
            var runner = new RunCommandGuestRunner(h.Connection, Fast);
            var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => runner.RunAsync(VmId("db01"), GuestOs.Windows, "x", CancellationToken.None)));
            Assert.All(runs, r => Assert.True(r.Succeeded, r.FailureReason));
            Assert.Equal(4, h.Requests.CountWhere("POST "));
            Assert.Equal(1, h.Server.MaxConcurrentRunCommands);
        }

        [Fact]
        public async Task A_command_that_never_finishes_ends_at_the_per_VM_timeout_as_Unknown()
        {
            var world = World.Load(DemoWorldTests.DemoWorld);
            world.TryGet(VmId("web01"), out var vm);
            vm[World.MetadataProperty] = new JsonObject { ["runCommand"] = new JsonObject { ["hang"] = true } };
            await using var h = await EmulatorHarness.StartAsync(world);
            var scanner = new ReadinessScanner(h.Connection, guest: new GuestScanOptions(new RunCommandGuestRunner(h.Connection, new RunCommandOptions { DefaultPollInterval = TimeSpan.FromMilliseconds(50) })) { TimeoutPerVm = TimeSpan.FromSeconds(1) });
            var result = await scanner.ScanAsync(InventoryScope.Vm(ArmShapes.Subscription, "rg-demo", "web01"));
            var guest = result.Reports.Single().Findings.Where(f => f.CheckId.StartsWith("Guest.", StringComparison.Ordinal)).ToArray();
            Assert.NotEmpty(guest);
            Assert.All(guest, f => Assert.Equal(CheckStatus.Unknown, f.Status));
            Assert.All(guest, f => Assert.Equal("1", f.Evidence["timeoutSeconds"]));
        }

        [Fact]
        public async Task Guests_run_in_parallel_up_to_the_limit_and_never_beyond()
        {
            var world = World.Load(DemoWorldTests.DemoWorld);
            await using var h = await EmulatorHarness.StartAsync(world);
            var runner = new GatedRunner(2);
            var scanner = new ReadinessScanner(h.Connection, guest: new GuestScanOptions(runner) { MaxParallelVms = 2 });
            var scan = scanner.ScanAsync(InventoryScope.Group(ArmShapes.Subscription, "rg-demo"));
            await runner.LimitReached.Task;
            runner.Release();
            var result = await scan;
            Assert.Equal(2, runner.MaxInFlight);
            Assert.True(runner.Calls >= 3);
            Assert.NotEmpty(result.Reports);
        }

        [Fact]
        public void Guest_ids_are_accepted_only_with_the_guest_scan_and_the_catalog_matches_the_evaluator()
        {
            var emitted = GuestEvaluator.ChecksFor(GuestOs.Windows).Concat(GuestEvaluator.ChecksFor(GuestOs.Linux)).Distinct().OrderBy(x => x).ToArray();
            var evaluated = CheckCatalog.Evaluated.Where(c => c.Source == CheckSource.Guest).Select(c => c.Id).OrderBy(x => x).ToArray();
            Assert.Equal(emitted, evaluated);
            Assert.False(CheckCatalog.TryGet("Guest.Antivirus", out var av) && av.IsEvaluated);
            Assert.Throws<ArgumentException>(() => new CheckSelection(new[] { "Guest.Antivirus" }));
            using var connection = new AzBackupTroubleshoot.Arm.ArmConnection(new AzBackupTroubleshoot.Arm.ArmEndpoint(new Uri("https://127.0.0.1:1/")), new TestTokenSource());
            var e = Assert.Throws<ArgumentException>(() => new ReadinessScanner(connection, new CheckSelection(new[] { GuestCheckIds.VssWriters })));
            Assert.Contains("-InGuest", e.Message, StringComparison.Ordinal);
            _ = new ReadinessScanner(connection, new CheckSelection(new[] { GuestCheckIds.VssWriters }), guest: new GuestScanOptions(new GatedRunner(1)));
        }

        /// <summary>Holds every call until the limit is reached, so the in-flight count is seen at the limit without timing.</summary>
        private sealed class GatedRunner : IGuestCommandRunner
        {
            private readonly int _limit;
            private readonly TaskCompletionSource<bool> _release = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            private int _inFlight;
            private int _max;
            private int _calls;

            public GatedRunner(int limit) => _limit = limit;

            public TaskCompletionSource<bool> LimitReached { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            public int MaxInFlight => Volatile.Read(ref _max);
            public int Calls => Volatile.Read(ref _calls);

            public void Release() => _release.TrySetResult(true);

            public async Task<GuestCommandResult> RunAsync(string vmId, GuestOs os, string script, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref _calls);
                var now = Interlocked.Increment(ref _inFlight);
                lock (this) _max = Math.Max(_max, now);
                if (now >= _limit) LimitReached.TrySetResult(true);
                await _release.Task.ConfigureAwait(false);
                Interlocked.Decrement(ref _inFlight);
                return GuestCommandResult.Completed("");
            }
        }
    }
}
