using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AzBackupTroubleshoot.Guest;
using AzBackupTroubleshoot.Readiness;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Guest
{
    public sealed class GuestInspectorTests
    {
        private const string VmId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm-web01";

        private sealed class FakeRunner : IGuestCommandRunner
        {
            private readonly Func<string, CancellationToken, Task<GuestCommandResult>> _run;

            public FakeRunner(Func<string, CancellationToken, Task<GuestCommandResult>> run) => _run = run;

            public List<(string VmId, GuestOs Os, string Script)> Calls { get; } = new List<(string, GuestOs, string)>();

            public Task<GuestCommandResult> RunAsync(string vmId, GuestOs os, string script, CancellationToken cancellationToken)
            {
                Calls.Add((vmId, os, script));
                return _run(script, cancellationToken);
            }
        }

        [Fact]
        public async Task Sends_the_script_of_the_OS_and_judges_what_comes_back()
        {
            var runner = new FakeRunner((s, ct) => Task.FromResult(GuestCommandResult.Completed(WindowsGuestEvaluatorTests.Fixture("complus-disabled"))));
            var findings = await new GuestInspector(runner).InspectAsync(VmId, GuestOs.Windows);
            var call = Assert.Single(runner.Calls);
            Assert.Equal(VmId, call.VmId);
            Assert.Same(GuestScripts.Windows, call.Script);
            Assert.Equal("ExtensionSnapshotFailedCOM", Assert.Single(findings, f => f.Status == CheckStatus.Fail).RemedyCode);

            var linux = new FakeRunner((s, ct) => Task.FromResult(GuestCommandResult.Completed("")));
            await new GuestInspector(linux).InspectAsync(VmId, GuestOs.Linux);
            Assert.Same(GuestScripts.Linux, Assert.Single(linux.Calls).Script);
        }

        [Fact]
        public async Task A_transport_failure_is_unknown_with_its_reason()
        {
            var runner = new FakeRunner((s, ct) => Task.FromResult(GuestCommandResult.Failed("The VM agent is not Ready.")));
            var findings = await new GuestInspector(runner).InspectAsync(VmId, GuestOs.Linux);
            Assert.Equal(GuestEvaluator.ChecksFor(GuestOs.Linux), findings.Select(f => f.CheckId));
            Assert.All(findings, f =>
            {
                Assert.Equal(CheckStatus.Unknown, f.Status);
                Assert.Contains("not Ready", f.Message.English);
                Assert.Equal("The VM agent is not Ready.", f.Evidence["error"]);
            });
        }

        [Fact]
        public async Task A_transport_exception_is_unknown_not_a_crash()
        {
            var runner = new FakeRunner((s, ct) => throw new InvalidOperationException("409 Conflict: another Run Command is in progress"));
            var findings = await new GuestInspector(runner).InspectAsync(VmId, GuestOs.Windows);
            Assert.All(findings, f => Assert.Equal(CheckStatus.Unknown, f.Status));
            Assert.Contains("409 Conflict", findings[0].Evidence["error"]);
        }

        [Fact]
        public async Task A_command_that_outlives_the_timeout_is_unknown_with_the_timeout()
        {
            // The runner only ends when its token is cancelled: the inspector's timeout is the only way out.
            var runner = new FakeRunner(async (s, ct) =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                return GuestCommandResult.Completed("");
            });
            var findings = await new GuestInspector(runner, TimeSpan.FromMilliseconds(50)).InspectAsync(VmId, GuestOs.Windows);
            Assert.All(findings, f => Assert.Equal(CheckStatus.Unknown, f.Status));
            Assert.Contains("did not finish", findings[0].Message.English);
            Assert.Contains("timeoutSeconds", findings[0].Evidence.Keys);
        }

        [Fact]
        public async Task The_callers_cancellation_propagates()
        {
            using var cts = new CancellationTokenSource();
            var runner = new FakeRunner(async (s, ct) =>
            {
                cts.Cancel();
                await Task.Delay(Timeout.Infinite, ct);
                return GuestCommandResult.Completed("");
            });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new GuestInspector(runner).InspectAsync(VmId, GuestOs.Linux, null, cts.Token));
        }

        [Fact]
        public async Task Truncated_output_carries_stderr_into_the_unknown_findings()
        {
            var text = WindowsGuestEvaluatorTests.Fixture("healthy");
            var runner = new FakeRunner((s, ct) => Task.FromResult(GuestCommandResult.Completed(text.Substring(0, text.Length / 2), "Get-CimInstance : Quota violation")));
            var findings = await new GuestInspector(runner).InspectAsync(VmId, GuestOs.Windows);
            Assert.DoesNotContain(findings, f => f.Status == CheckStatus.Pass);
            Assert.Contains(findings, f => f.Evidence.TryGetValue("stderr", out var e) && e == "Get-CimInstance : Quota violation");
        }

        [Fact]
        public async Task No_guest_check_selected_means_no_command()
        {
            var runner = new FakeRunner((s, ct) => Task.FromResult(GuestCommandResult.Completed("")));
            var findings = await new GuestInspector(runner).InspectAsync(VmId, GuestOs.Linux, new CheckSelection(new[] { "Vm.Exists" }));
            Assert.Empty(findings);
            Assert.Empty(runner.Calls);
        }
    }
}
