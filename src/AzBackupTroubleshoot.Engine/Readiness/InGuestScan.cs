using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AzBackupTroubleshoot.Checks;
using AzBackupTroubleshoot.Guest;
using AzBackupTroubleshoot.Inventory;
using AzBackupTroubleshoot.Localization;

namespace AzBackupTroubleshoot.Readiness
{
    /// <summary>What a guest run of one VM is doing, for progress reports.</summary>
    public enum GuestRunStage
    {
        Started,
        Finished,
        Skipped,
    }

    /// <summary>One step of one VM's guest run. Raised on a background thread.</summary>
    public sealed class GuestRunProgress
    {
        public GuestRunProgress(string vmId, string name, GuestRunStage stage)
        {
            VmId = vmId;
            Name = name;
            Stage = stage;
        }

        public string VmId { get; }
        public string Name { get; }
        public GuestRunStage Stage { get; }
    }

    /// <summary>Asks the scanner to run the in-guest checks too, through <see cref="Runner"/>.</summary>
    public sealed class GuestScanOptions
    {
        public const int DefaultMaxParallelVms = 8;

        public GuestScanOptions(IGuestCommandRunner runner) => Runner = runner ?? throw new ArgumentNullException(nameof(runner));

        public IGuestCommandRunner Runner { get; }

        /// <summary>Guests asked at the same time, across every scan of the scanner.</summary>
        public int MaxParallelVms { get; set; } = DefaultMaxParallelVms;

        /// <summary>How long one VM's guest run may take, conflicts and polling included.</summary>
        public TimeSpan TimeoutPerVm { get; set; } = GuestInspector.DefaultTimeout;

        /// <summary>Called from background threads as each VM's guest run starts, ends or is skipped.</summary>
        public Action<GuestRunProgress>? OnProgress { get; set; }
    }

    /// <summary>
    /// Adds the in-guest findings to the ARM reports: only a running VM whose agent reports Ready is
    /// asked (Run Command needs the agent); any other gets Unknown findings that say why.
    /// </summary>
    internal sealed class InGuestScan
    {
        private readonly GuestScanOptions _options;
        private readonly GuestInspector _inspector;
        private readonly SemaphoreSlim _parallel;

        public InGuestScan(GuestScanOptions options)
        {
            _options = options;
            if (options.MaxParallelVms < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxParallelVms must be at least 1.");
            _inspector = new GuestInspector(options.Runner, options.TimeoutPerVm);
            _parallel = new SemaphoreSlim(options.MaxParallelVms, options.MaxParallelVms);
        }

        /// <summary>True when the selection leaves any guest check to run.</summary>
        public static bool AnySelected(CheckSelection selection) =>
            GuestEvaluator.ChecksFor(GuestOs.Windows).Concat(GuestEvaluator.ChecksFor(GuestOs.Linux)).Any(selection.Includes);

        public async Task<IReadOnlyList<VmReadinessReport>> AddAsync(IReadOnlyList<VmReadinessReport> reports, FleetInventory inventory, CheckSelection selection, CancellationToken cancellationToken)
        {
            if (!AnySelected(selection)) return reports;
            var vms = inventory.Vms.Where(v => v != null).GroupBy(v => v.Id, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            var tasks = reports.Select(report => vms.TryGetValue(report.VmId, out var vm)
                ? WithGuestAsync(report, vm, selection, cancellationToken)
                : Task.FromResult(report)).ToArray();
            return await Task.WhenAll(tasks).ConfigureAwait(false);
        }

        private async Task<VmReadinessReport> WithGuestAsync(VmReadinessReport report, VmState vm, CheckSelection selection, CancellationToken cancellationToken)
        {
            IReadOnlyList<Finding> guest;
            var os = OsOf(vm);
            var refusal = Refusal(vm);
            if (os == null)
            {
                guest = Distinct(GuestEvaluator.Unknown(GuestOs.Windows, Reason("the OS type of the VM could not be read", "VM の OS の種類を取得できませんでした"), Ev(vm), selection)
                    .Concat(GuestEvaluator.Unknown(GuestOs.Linux, Reason("the OS type of the VM could not be read", "VM の OS の種類を取得できませんでした"), Ev(vm), selection)));
                Report(vm, GuestRunStage.Skipped);
            }
            else if (refusal != null)
            {
                guest = GuestEvaluator.Unknown(os.Value, refusal, Ev(vm), selection);
                Report(vm, GuestRunStage.Skipped);
            }
            else
            {
                await _parallel.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    Report(vm, GuestRunStage.Started);
                    guest = await _inspector.InspectAsync(vm.Id, os.Value, selection, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    _parallel.Release();
                }

                Report(vm, GuestRunStage.Finished);
            }

            if (guest.Count == 0) return report;
            return new VmReadinessReport(report.VmId, report.Name, report.ResourceGroup, report.Location, report.Findings.Concat(guest).ToArray());
        }

        private void Report(VmState vm, GuestRunStage stage) => _options.OnProgress?.Invoke(new GuestRunProgress(vm.Id, vm.Name, stage));

        private static GuestOs? OsOf(VmState vm) =>
            string.Equals(vm.OsType, "Linux", StringComparison.OrdinalIgnoreCase) ? GuestOs.Linux
            : string.Equals(vm.OsType, "Windows", StringComparison.OrdinalIgnoreCase) ? GuestOs.Windows
            : (GuestOs?)null;

        /// <summary>Why Run Command cannot be used on this VM now; null when it can.</summary>
        private static LocalizedText? Refusal(VmState vm)
        {
            if (!vm.HasInstanceView) return Reason("the VM's instance view (power state and agent status) could not be read", "VM のインスタンス ビュー (電源状態とエージェントの状態) を取得できませんでした");
            var power = vm.PowerState;
            if (!string.Equals(power, "running", StringComparison.OrdinalIgnoreCase))
                return Reason($"the VM is {power ?? "in an unknown power state"}, not running", $"VM が実行中ではありません ({power ?? "電源状態不明"})");
            var agent = vm.AgentStatuses.FirstOrDefault()?.DisplayStatus;
            if (!string.Equals(agent, "Ready", StringComparison.OrdinalIgnoreCase))
                return Reason($"the VM agent reports {agent ?? "no status"}, not Ready", $"VM エージェントの状態が Ready ではなく {agent ?? "不明"} です");
            return null;
        }

        private static LocalizedText Reason(string en, string ja) => new LocalizedText(
            $"The in-guest checks were not run: {en}. Run Command needs a running VM whose agent reports Ready.",
            $"ゲスト内チェックは実行していません: {ja}。Run Command には実行中で、エージェントが Ready の VM が必要です。");

        private static IReadOnlyDictionary<string, string?> Ev(VmState vm) => new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["properties.storageProfile.osDisk.osType"] = vm.OsType,
            ["powerState"] = vm.PowerState,
            ["properties.instanceView.vmAgent.statuses[0].displayStatus"] = vm.AgentStatuses.FirstOrDefault()?.DisplayStatus,
        };

        private static IReadOnlyList<Finding> Distinct(IEnumerable<Finding> findings) =>
            findings.GroupBy(f => f.CheckId, StringComparer.Ordinal).Select(g => g.First()).ToArray();
    }
}
