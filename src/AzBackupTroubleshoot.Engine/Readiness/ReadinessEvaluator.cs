using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AzBackupTroubleshoot.Checks;
using AzBackupTroubleshoot.Inventory;
using AzBackupTroubleshoot.Localization;
using AzBackupTroubleshoot.Remedies;

namespace AzBackupTroubleshoot.Readiness
{
    /// <summary>Which checks run: all by default, or those named, minus those excluded.</summary>
    public sealed class CheckSelection
    {
        private readonly HashSet<string>? _include;
        private readonly HashSet<string> _exclude;

        public CheckSelection(IEnumerable<string>? include = null, IEnumerable<string>? exclude = null)
        {
            _include = include == null ? null : new HashSet<string>(include, StringComparer.OrdinalIgnoreCase);
            _exclude = new HashSet<string>(exclude ?? Enumerable.Empty<string>(), StringComparer.OrdinalIgnoreCase);
            foreach (var id in (_include ?? Enumerable.Empty<string>()).Concat(_exclude))
            {
                if (!CheckCatalog.TryGet(id, out var check) || !check.IsEvaluated)
                {
                    throw new ArgumentException($"'{id}' is not a readiness check that runs. Known ids: {string.Join(", ", CheckCatalog.Evaluated.Select(c => c.Id))}.");
                }
            }
        }

        public static CheckSelection All { get; } = new CheckSelection();

        /// <summary>The ids named in the include and exclude lists.</summary>
        public IReadOnlyCollection<string> NamedIds => (_include ?? Enumerable.Empty<string>()).Concat(_exclude).ToArray();

        public bool Includes(string id) => (_include == null || _include.Contains(id)) && !_exclude.Contains(id);
    }

    /// <summary>
    /// Runs the ARM-side readiness checks over an inventory. Pure: same inventory, same findings.
    /// </summary>
    public static partial class ReadinessEvaluator
    {
        public static readonly Version MinimumWindowsAgent = new Version(2, 7, 41491, 1010);
        public static readonly Version MinimumLinuxAgent = new Version(2, 2, 53, 1);
        /// <summary>Instant restore points a VM keeps at most under the Standard policy.</summary>
        public const int RestorePointLimit = 18;
        public const int MaxDataDisks = 32;
        public const int MaxDiskSizeGb = 32 * 1024;

        private const string SnapshotPublisherPrefix = "Microsoft.Azure.RecoveryServices.VMSnapshot";

        /// <summary>One report per VM, then one per protected item whose VM no longer exists (in scope).</summary>
        public static IReadOnlyList<VmReadinessReport> Evaluate(FleetInventory inventory, InventoryScope scope, CheckSelection? selection = null)
        {
            selection ??= CheckSelection.All;
            var reports = EvaluateVms(inventory, selection);
            reports.AddRange(EvaluateOrphans(inventory, scope, inventory.Vms.Where(v => v != null).Select(v => v.Id), selection));
            return reports;
        }

        /// <summary>One report per VM of the inventory (a page of a scan, say).</summary>
        public static List<VmReadinessReport> EvaluateVms(FleetInventory inventory, CheckSelection? selection = null)
        {
            selection ??= CheckSelection.All;
            return inventory.Vms.Where(v => v != null).Select(vm => Evaluate(vm, inventory, selection)).ToList();
        }

        /// <summary>
        /// A report for each protected item in scope whose VM is not among <paramref name="presentVmIds"/> (every VM
        /// the scan listed): the VM is gone, unless a failure leaves it unknown.
        /// </summary>
        public static IReadOnlyList<VmReadinessReport> EvaluateOrphans(FleetInventory inventory, InventoryScope scope, IEnumerable<string> presentVmIds, CheckSelection? selection = null)
        {
            selection ??= CheckSelection.All;
            var reports = new List<VmReadinessReport>();
            if (selection.Includes("Vm.Exists") && !inventory.Failures.Any(f => f.VmId.Equals(scope.VmName != null ? scope.VmId : "", StringComparison.OrdinalIgnoreCase)))
            {
                var present = new HashSet<string>(presentVmIds, StringComparer.OrdinalIgnoreCase);
                var unreadable = new HashSet<string>(inventory.Failures.Select(f => f.VmId), StringComparer.OrdinalIgnoreCase);
                var scopeUnreadable = inventory.Failures.Any(f => IsScopeFailure(f) && !f.Error.IsNotFound);
                // Classic items are not in ProtectedItems: a ClassicCompute VM is never an orphan of an ARM one.
                foreach (var item in inventory.ProtectedItems.Values.Where(i => i.SourceResourceId != null && IsComputeVmId(i.SourceResourceId!) && InScope(i.SourceResourceId!, scope) && !present.Contains(i.SourceResourceId!)))
                {
                    // A scope that could not be listed leaves its VMs unknown, not deleted; a 404 for the scope (no such group) means they are gone.
                    if (scopeUnreadable || unreadable.Contains(item.SourceResourceId!)) continue;
                    var id = item.SourceResourceId!;
                    var finding = new Finding("Vm.Exists", CheckStatus.Fail,
                        Text($"The VM no longer exists but vault {Last(item.VaultId)} still protects it.", $"VM は存在しませんが、コンテナー {Last(item.VaultId)} がまだ保護しています。"),
                        Evidence(("protectedItem.id", item.Id), ("properties.sourceResourceId", id), ("properties.protectionState", item.ProtectionState)),
                        "BCMV2VMNotFound");
                    reports.Add(new VmReadinessReport(id, Last(id), GroupOf(id), null, new[] { finding }));
                }
            }

            return reports;
        }

        public static VmReadinessReport Evaluate(VmState vm, FleetInventory inventory, CheckSelection? selection = null)
        {
            selection ??= CheckSelection.All;
            inventory.ProtectedItems.TryGetValue(vm.Id, out var item);
            var findings = new List<Finding>();
            void Run(string id, Func<Finding> check)
            {
                if (selection.Includes(id)) findings.Add(check());
            }

            Run("Vm.Exists", () => new Finding("Vm.Exists", CheckStatus.Pass, Text("The VM exists.", "VM は存在します。"), Evidence(("id", vm.Id)), null));
            Run("Vm.ProvisioningState", () => ProvisioningState(vm));
            Run("Vm.PowerState", () => PowerState(vm));
            Run("VmAgent.Provisioned", () => AgentProvisioned(vm));
            Run("VmAgent.Status", () => AgentStatus(vm));
            Run("VmAgent.Version", () => AgentVersion(vm));
            Run("Vm.Extensions", () => Extensions(vm));
            Run("BackupExtension.State", () => BackupExtension(vm, item, inventory));
            Run("Network.NsgOutbound", () => NsgOutbound(vm, inventory.Network));
            Run("Network.ForcedTunneling", () => ForcedTunneling(vm, inventory.Network));
            Run("Protection.Status", () => ProtectionStatus(vm, item, inventory));
            Run("Protection.Health", () => ProtectionHealth(item, inventory));
            Run("Protection.LastBackup", () => LastBackup(item, inventory));
            Run("Protection.FailedJobs", () => FailedJobs(vm, item, inventory));
            Run("Protection.JobInProgress", () => JobInProgress(vm, item, inventory));
            Run("RestorePoints.Locks", () => Locks(vm, inventory));
            Run("RestorePoints.Collections", () => Collections(vm, inventory));
            Run("Support.DiskCount", () => DiskCount(vm));
            Run("Support.DiskSize", () => DiskSize(vm));
            Run("Support.DiskType", () => DiskType(vm, item, inventory));
            Run("Support.VaultRegion", () => VaultRegion(vm, item, inventory));
            Run("Support.TrustedLaunchPolicy", () => TrustedLaunch(vm, item, inventory));
            return new VmReadinessReport(vm.Id, vm.Name, vm.ResourceGroup, vm.Location, findings);
        }

        /// <summary>A finding that could not be judged, naming what was missing (evidence key "missing").</summary>
        private static Finding Gap(string checkId, string missing, string? remedy = null, params (string Key, string? Value)[] evidence) =>
            new Finding(checkId, CheckStatus.Unknown, Text($"Not judged: {missing} could not be read.", $"判定できません: {missing} を取得できませんでした。"),
                Evidence(evidence.Append(("missing", missing)).ToArray()), remedy);

        private static string ModelMissing => "the VM model (plain GET or listing)";

        private static string InstanceViewMissing(VmState vm) => "properties.instanceView" + (vm.InstanceViewGap == null ? "" : " (" + vm.InstanceViewGap + ")");

        /// <summary>For checks that need the VM's protected item: NotApplicable when no vault protects it, Unknown when a vault could not be read.</summary>
        private static Finding NoItem(string checkId, FleetInventory inventory)
        {
            var gap = inventory.GapIn(InventoryGap.Vaults) ?? inventory.GapIn(InventoryGap.ProtectedItems);
            return gap != null
                ? Gap(checkId, "protected items (" + gap.Message + ")")
                : new Finding(checkId, CheckStatus.NotApplicable, Text("The VM is not protected.", "VM は保護されていません。"), Evidence(), null);
        }

        private static Finding ProvisioningState(VmState vm)
        {
            var state = vm.ProvisioningState;
            var ev = Evidence(("properties.provisioningState", state));
            if (state == null) return Gap("Vm.ProvisioningState", vm.HasModel ? "properties.provisioningState" : ModelMissing);
            if (state.Equals("Failed", StringComparison.OrdinalIgnoreCase))
                return new Finding("Vm.ProvisioningState", CheckStatus.Fail, Text("The VM is in the Failed provisioning state.", "VM のプロビジョニング状態が Failed です。"), ev, "UserErrorVmProvisioningStateFailed");
            if (!state.Equals("Succeeded", StringComparison.OrdinalIgnoreCase))
                return new Finding("Vm.ProvisioningState", CheckStatus.Warning, Text($"The VM is still {state}.", $"VM はまだ {state} の状態です。"), ev, "UserErrorVmProvisioningStateFailed");
            return new Finding("Vm.ProvisioningState", CheckStatus.Pass, Text("Provisioning succeeded.", "プロビジョニングは成功しています。"), ev, null);
        }

        private static Finding PowerState(VmState vm)
        {
            var power = vm.PowerState;
            var ev = Evidence(("properties.instanceView.statuses[PowerState]", power));
            switch (power?.ToLowerInvariant())
            {
                case null:
                    return Gap("Vm.PowerState", vm.InstanceViewGap != null ? InstanceViewMissing(vm) : "properties.instanceView.statuses[PowerState/*]");
                case "running":
                    return new Finding("Vm.PowerState", CheckStatus.Pass, Text("The VM is running.", "VM は実行中です。"), ev, null);
                case "stopped":
                case "deallocated":
                    return new Finding("Vm.PowerState", CheckStatus.Pass, Text($"The VM is {power}: backup takes a crash-consistent snapshot without the agent.", $"VM は {power} です。エージェントを使わないクラッシュ整合性のスナップショットになります。"), ev, null);
                default:
                    return new Finding("Vm.PowerState", CheckStatus.Warning, Text($"The VM is {power}; a backup started now fails.", $"VM は {power} の状態です。今バックアップを開始すると失敗します。"), ev, "UserErrorVmNotInDesirableState");
            }
        }

        private static Finding AgentProvisioned(VmState vm)
        {
            var ev = Evidence(("properties.osProfile.*Configuration.provisionVMAgent", vm.ProvisionVmAgent?.ToString()));
            if (vm.ProvisionVmAgent == false)
                return new Finding("VmAgent.Provisioned", CheckStatus.Fail, Text("The VM is not set up with a VM agent (provisionVMAgent is false).", "VM は VM エージェントなしで構成されています (provisionVMAgent が false)。"), ev, "VmNotInDesirableState");
            if (vm.ProvisionVmAgent == null)
                return new Finding("VmAgent.Provisioned", CheckStatus.Unknown, Text("The VM model does not say whether an agent is provisioned (common for VMs created from disks).", "VM モデルにエージェントの有無がありません (ディスクから作成した VM によくあります)。"),
                    Evidence(("properties.osProfile.*Configuration.provisionVMAgent", null), ("missing", vm.HasModel ? "properties.osProfile.*Configuration.provisionVMAgent" : ModelMissing)), null);
            return new Finding("VmAgent.Provisioned", CheckStatus.Pass, Text("A VM agent is provisioned.", "VM エージェントがプロビジョニングされています。"), ev, null);
        }

        private static Finding AgentStatus(VmState vm)
        {
            var status = vm.AgentStatuses.FirstOrDefault();
            var ev = Evidence(("properties.instanceView.vmAgent.statuses[0].displayStatus", status?.DisplayStatus), ("properties.instanceView.vmAgent.statuses[0].message", status?.Message));
            if (!IsRunning(vm)) return new Finding("VmAgent.Status", CheckStatus.NotApplicable, Text("The VM is not running, so its agent does not report.", "VM が実行中でないため、エージェントは状態を報告しません。"), ev, null);
            if (!vm.HasInstanceView || status == null)
                return new Finding("VmAgent.Status", CheckStatus.Unknown, Text("The agent status could not be read.", "エージェントの状態を取得できませんでした。"),
                    Evidence(ev.Select(kv => (kv.Key, kv.Value)).Append(("missing", vm.HasInstanceView ? "properties.instanceView.vmAgent.statuses" : InstanceViewMissing(vm) + ".vmAgent")).ToArray()), "UserErrorGuestAgentStatusUnavailable");
            if (string.Equals(status.DisplayStatus, "Ready", StringComparison.OrdinalIgnoreCase))
                return new Finding("VmAgent.Status", CheckStatus.Pass, Text("The VM agent reports Ready.", "VM エージェントは Ready を報告しています。"), ev, null);
            return new Finding("VmAgent.Status", CheckStatus.Fail, Text($"The VM agent reports {status.DisplayStatus ?? "no status"}, not Ready.", $"VM エージェントの状態が Ready ではなく {status.DisplayStatus ?? "不明"} です。"), ev, "UserErrorGuestAgentStatusUnavailable");
        }

        private static Finding AgentVersion(VmState vm)
        {
            var linux = string.Equals(vm.OsType, "Linux", StringComparison.OrdinalIgnoreCase);
            var minimum = linux ? MinimumLinuxAgent : MinimumWindowsAgent;
            var ev = Evidence(("properties.instanceView.vmAgent.vmAgentVersion", vm.AgentVersion), ("minimum", vm.OsType == null ? null : minimum.ToString()), ("properties.storageProfile.osDisk.osType", vm.OsType));
            if (!IsRunning(vm)) return new Finding("VmAgent.Version", CheckStatus.NotApplicable, Text("The VM is not running, so its agent version is not reported.", "VM が実行中でないため、エージェントのバージョンは報告されません。"), ev, null);
            if (!TryParseVersion(vm.AgentVersion, out var version))
                return new Finding("VmAgent.Version", CheckStatus.Unknown, Text("The agent version is not reported.", "エージェントのバージョンが報告されていません。"),
                    Evidence(ev.Select(kv => (kv.Key, kv.Value)).Append(("missing", vm.HasInstanceView ? "properties.instanceView.vmAgent.vmAgentVersion" : InstanceViewMissing(vm))).ToArray()), "UserErrorGuestAgentStatusUnavailable");
            if (vm.OsType == null)
            {
                // Without the OS type only a version that meets (or misses) both minimums can be judged.
                if (version >= MinimumWindowsAgent && version >= MinimumLinuxAgent) minimum = MinimumWindowsAgent;
                else if (version < MinimumWindowsAgent && version < MinimumLinuxAgent) minimum = MinimumLinuxAgent;
                else return Gap("VmAgent.Version", vm.HasModel ? "properties.storageProfile.osDisk.osType" : ModelMissing, null, ("properties.instanceView.vmAgent.vmAgentVersion", vm.AgentVersion));
            }

            if (version < minimum)
                return new Finding("VmAgent.Version", CheckStatus.Fail, Text($"Agent {version} is older than the supported minimum {minimum}.", $"エージェント {version} はサポートされる最低バージョン {minimum} より古いです。"), ev,
                    linux ? "UserErrorGuestAgentVersionUnsupported" : "UserErrorGuestAgentStatusUnavailable");
            return new Finding("VmAgent.Version", CheckStatus.Pass, Text($"Agent {version} is supported.", $"エージェント {version} はサポートされています。"), ev, null);
        }

        /// <summary>The extensions part is missing when the instance view was not read, or when the agent lists handlers but no extensions came.</summary>
        private static string? ExtensionsMissing(VmState vm) =>
            !vm.HasInstanceView ? InstanceViewMissing(vm) + ".vmAgent"
            : !vm.ExtensionsReported && vm.AgentExtensionHandlerCount > 0 ? "properties.instanceView.extensions (the agent lists " + vm.AgentExtensionHandlerCount.ToString(CultureInfo.InvariantCulture) + " handler(s))"
            : null;

        private static Finding Extensions(VmState vm)
        {
            if (ExtensionsMissing(vm) is string missing)
                return new Finding("Vm.Extensions", CheckStatus.Unknown, Text("Extension states could not be read.", "拡張機能の状態を取得できませんでした。"), Evidence(("missing", missing)), null);
            var failed = vm.Extensions.Where(e => e.Statuses.Any(IsFailed)).ToArray();
            var ev = Evidence(vm.Extensions.Select(e => ($"properties.instanceView.extensions[{e.Name}].statuses[0].code", e.Statuses.FirstOrDefault()?.Code)).ToArray());
            if (failed.Length > 0)
                return new Finding("Vm.Extensions", CheckStatus.Fail, Text($"Failed extensions: {Names(failed)}.", $"失敗している拡張機能: {Names(failed)}。"), ev, "UserErrorVmProvisioningStateFailed");
            var busy = vm.Extensions.Where(e => e.Statuses.Any(IsTransitioning)).ToArray();
            if (busy.Length > 0)
                return new Finding("Vm.Extensions", CheckStatus.Warning, Text($"Extensions still in progress: {Names(busy)}.", $"処理中の拡張機能: {Names(busy)}。"), ev, "UserErrorVmProvisioningStateFailed");
            var unstated = vm.Extensions.Where(e => e.Statuses.Count == 0).ToArray();
            if (unstated.Length > 0)
                return new Finding("Vm.Extensions", CheckStatus.Unknown, Text($"Extensions without a status: {Names(unstated)}.", $"状態のない拡張機能: {Names(unstated)}。"),
                    Evidence(ev.Select(kv => (kv.Key, kv.Value)).Append(("missing", "statuses of " + Names(unstated))).ToArray()), null);
            return new Finding("Vm.Extensions", CheckStatus.Pass, Text(vm.Extensions.Count == 0 ? "No extensions reported." : $"All {vm.Extensions.Count} extensions succeeded.", vm.Extensions.Count == 0 ? "拡張機能は報告されていません。" : $"{vm.Extensions.Count} 個の拡張機能はすべて成功しています。"), ev, null);
        }

        private static Finding BackupExtension(VmState vm, ProtectedItemState? item, FleetInventory inventory)
        {
            if (ExtensionsMissing(vm) is string missing)
                return new Finding("BackupExtension.State", CheckStatus.Unknown, Text("Extension states could not be read.", "拡張機能の状態を取得できませんでした。"), Evidence(("missing", missing)), null);
            var ext = vm.Extensions.FirstOrDefault(e => e.Type != null && e.Type.StartsWith(SnapshotPublisherPrefix, StringComparison.OrdinalIgnoreCase));
            if (ext == null)
            {
                if (item == null) return NoItem("BackupExtension.State", inventory) is { Status: CheckStatus.Unknown } unknown ? unknown
                    : new Finding("BackupExtension.State", CheckStatus.NotApplicable, Text("No backup extension: the VM is not protected.", "バックアップ拡張機能はありません (VM は保護されていません)。"), Evidence(), null);
                return new Finding("BackupExtension.State", CheckStatus.Pass, Text("The backup extension is not installed yet; the next backup installs it.", "バックアップ拡張機能はまだありません。次回のバックアップでインストールされます。"), Evidence(), null);
            }

            var status = ext.Statuses.FirstOrDefault();
            var sub = string.Join(" | ", ext.Substatuses.Select(s => s.Message).Where(m => !string.IsNullOrWhiteSpace(m)));
            var ev = Evidence(("extension.type", ext.Type), ("extension.typeHandlerVersion", ext.Version), ("extension.statuses[0].code", status?.Code), ("extension.statuses[0].message", status?.Message), ("extension.substatuses", sub.Length == 0 ? null : sub));
            if (ext.Statuses.Any(s => s.Code != null && s.Code.IndexOf("deleting", StringComparison.OrdinalIgnoreCase) >= 0))
                return new Finding("BackupExtension.State", CheckStatus.Fail, Text($"{ext.Name} is stuck while being deleted.", $"{ext.Name} が削除中のまま止まっています。"), ev, "ExtensionStuckInDeletionState");
            if (ext.Statuses.Any(IsFailed))
                return new Finding("BackupExtension.State", CheckStatus.Fail, Text($"{ext.Name} failed: {status?.Message}", $"{ext.Name} が失敗しています: {status?.Message}"), ev, "ExtensionOperationFailedForManagedDisks");
            if (ext.Statuses.Any(IsTransitioning))
                return new Finding("BackupExtension.State", CheckStatus.Warning, Text($"{ext.Name} is still in transition.", $"{ext.Name} はまだ処理中です。"), ev, "ExtensionStuckInDeletionState");
            if (status == null) return Gap("BackupExtension.State", $"properties.instanceView.extensions[{ext.Name}].statuses");
            return new Finding("BackupExtension.State", CheckStatus.Pass, Text($"{ext.Name} {ext.Version} is healthy.", $"{ext.Name} {ext.Version} は正常です。"), ev, null);
        }

        private static Finding ProtectionStatus(VmState vm, ProtectedItemState? item, FleetInventory inventory)
        {
            const string id = "Protection.Status";
            if (item == null)
            {
                return inventory.GapIn(InventoryGap.Vaults) != null || inventory.GapIn(InventoryGap.ProtectedItems) != null
                    ? new Finding(id, CheckStatus.Unknown, Text("Some vaults could not be read, so protection is unknown.", "読み取れないコンテナーがあるため、保護状態は不明です。"),
                        Evidence(("gaps", string.Join("; ", inventory.Gaps)), ("missing", "protected items")), null)
                    : new Finding(id, CheckStatus.Warning, Text("No Recovery Services vault in this subscription protects the VM.", "このサブスクリプションのどの Recovery Services コンテナーも VM を保護していません。"), Evidence(), null);
            }

            var others = inventory.ProtectedItemsByVm.TryGetValue(vm.Id, out var all) ? all.Skip(1).ToArray() : Array.Empty<ProtectedItemState>();
            var ev = Evidence(("vault", item.VaultId), ("properties.policyId", item.PolicyId), ("properties.protectionState", item.ProtectionState),
                ("otherItems", others.Length == 0 ? null : string.Join(", ", others.Select(o => $"{Last(o.VaultId)}: {o.ProtectionState}{(o.IsSoftDeleted ? " (soft-deleted)" : "")}"))));
            var vault = Last(item.VaultId);
            var state = item.ProtectionState;
            // ProtectionState (bms.json): BackupsSuspended, IRPending, Invalid, Protected, ProtectionError, ProtectionPaused, ProtectionStopped.
            switch (state?.ToLowerInvariant())
            {
                case null:
                case "":
                    return Gap(id, "properties.protectionState", null, ("vault", item.VaultId));
                case "protected":
                    return new Finding(id, CheckStatus.Pass, Text($"Protected by vault {vault} with policy {Last(item.PolicyId)}.", $"コンテナー {vault} でポリシー {Last(item.PolicyId)} により保護されています。"), ev, null);
                case "irpending":
                    return new Finding(id, CheckStatus.Warning, Text($"Protection is configured in vault {vault}, but the first backup has not completed yet (IRPending).", $"コンテナー {vault} で保護は構成済みですが、最初のバックアップがまだ完了していません (IRPending)。"), ev, null);
                case "protectionerror":
                    return new Finding(id, CheckStatus.Fail, Text($"Protection is in error in vault {vault} (ProtectionError): backups are failing.", $"コンテナー {vault} での保護がエラー状態 (ProtectionError) で、バックアップが失敗しています。"), ev, null);
                case "backupssuspended":
                    return new Finding(id, CheckStatus.Fail, Text($"Backups are suspended in vault {vault} (BackupsSuspended): no scheduled backup runs.", $"コンテナー {vault} でバックアップが中断 (BackupsSuspended) されており、スケジュール バックアップは実行されません。"), ev, null);
                case "protectionstopped":
                case "protectionpaused":
                    return new Finding(id, CheckStatus.Warning, Text($"Protection is {state} in vault {vault}.", $"コンテナー {vault} での保護は {state} です。"), ev, "UserErrorBcmDatasourceNotPresent");
                case "invalid":
                    return new Finding(id, CheckStatus.Warning, Text($"Vault {vault} reports the protection state Invalid.", $"コンテナー {vault} は保護状態 Invalid を報告しています。"), ev, null);
                default:
                    return new Finding(id, CheckStatus.Warning, Text($"Vault {vault} reports a protection state this module does not know: {state}.", $"コンテナー {vault} が未知の保護状態を報告しています: {state}。"), ev, null);
            }
        }

        private static Finding ProtectionHealth(ProtectedItemState? item, FleetInventory inventory)
        {
            if (item == null) return NoItem("Protection.Health", inventory);
            var detail = item.HealthDetails.FirstOrDefault();
            var ev = Evidence(("properties.healthStatus", item.HealthStatus), ("properties.healthDetails[0].code", detail?.Code?.ToString(CultureInfo.InvariantCulture)), ("properties.healthDetails[0].message", detail?.Message));
            var remedy = detail == null ? null : RemedyFor(detail.Code, detail.Message ?? detail.Title);
            // HealthStatus (bms.json): Passed, ActionRequired, ActionSuggested, Invalid.
            switch (item.HealthStatus?.ToLowerInvariant())
            {
                case null:
                case "":
                    return Gap("Protection.Health", "properties.healthStatus", remedy);
                case "passed":
                    return new Finding("Protection.Health", CheckStatus.Pass, Text("The protected item is healthy.", "保護された項目は正常です。"), ev, null);
                case "actionrequired":
                    return new Finding("Protection.Health", CheckStatus.Fail, Text($"Action required: {detail?.Message ?? detail?.Title ?? "see the vault"}", $"対処が必要です: {detail?.Message ?? detail?.Title ?? "コンテナーを確認してください"}"), ev, remedy);
                case "actionsuggested":
                    return new Finding("Protection.Health", CheckStatus.Warning, Text($"Action suggested: {detail?.Message ?? detail?.Title ?? "see the vault"}", $"対処が推奨されます: {detail?.Message ?? detail?.Title ?? "コンテナーを確認してください"}"), ev, remedy);
                case "invalid":
                    return new Finding("Protection.Health", CheckStatus.Warning, Text("The vault reports the item's health as Invalid.", "コンテナーは項目の正常性を Invalid と報告しています。"), ev, remedy);
                default:
                    return new Finding("Protection.Health", CheckStatus.Warning, Text($"The vault reports a health status this module does not know: {item.HealthStatus}.", $"コンテナーが未知の正常性を報告しています: {item.HealthStatus}。"), ev, remedy);
            }
        }

        /// <summary>A backup this recent is on time under any policy (the most frequent runs every few hours, the least weekly).</summary>
        private static readonly TimeSpan FreshUnderAnyPolicy = TimeSpan.FromHours(26);
        private static readonly TimeSpan StaleUnderAnyPolicy = TimeSpan.FromDays(8);
        /// <summary>Slack on top of the policy's interval: a backup window, a retry.</summary>
        private static readonly TimeSpan Grace = TimeSpan.FromDays(1);

        private static Finding LastBackup(ProtectedItemState? item, FleetInventory inventory)
        {
            const string id = "Protection.LastBackup";
            if (item == null) return NoItem(id, inventory);
            inventory.BackupPolicies.TryGetValue(item.PolicyId ?? "", out var policy);
            var lastGood = item.LastRecoveryPoint ?? (IsCompleted(item.LastBackupStatus) ? item.LastBackupTime : null);
            var age = lastGood == null ? (TimeSpan?)null : inventory.ReadAt - lastGood.Value;
            var ev = Evidence(("properties.lastBackupStatus", item.LastBackupStatus), ("properties.lastBackupTime", item.LastBackupTime?.ToString("o", CultureInfo.InvariantCulture)),
                ("properties.lastRecoveryPoint", item.LastRecoveryPoint?.ToString("o", CultureInfo.InvariantCulture)), ("policy.scheduleRunFrequency", policy?.Frequency),
                ("age", age == null ? null : Age(age.Value)));
            var status = item.LastBackupStatus;
            if (string.IsNullOrEmpty(status)) return Gap(id, "properties.lastBackupStatus", null, ev.Select(kv => (kv.Key, kv.Value)).ToArray());
            if (string.Equals(status, "Failed", StringComparison.OrdinalIgnoreCase))
                return new Finding(id, CheckStatus.Fail, Text("The last backup failed.", "最後のバックアップは失敗しています。"), ev, null);
            if (string.Equals(status, "CompletedWithWarnings", StringComparison.OrdinalIgnoreCase) || string.Equals(status, "Cancelled", StringComparison.OrdinalIgnoreCase) || string.Equals(status, "Canceled", StringComparison.OrdinalIgnoreCase))
                return new Finding(id, CheckStatus.Warning, Text($"The last backup ended {status}.", $"最後のバックアップは {status} で終了しています。"), ev, null);
            if (!IsCompleted(status) && !string.Equals(status, "InProgress", StringComparison.OrdinalIgnoreCase))
                return new Finding(id, CheckStatus.Warning, Text($"The vault reports a last backup status this module does not know: {status}.", $"コンテナーが未知のバックアップ状態を報告しています: {status}。"), ev, null);

            // Stopped or paused protection takes no new backups: the age of the last one says nothing about the schedule.
            if (FleetInventory.LivenessRank(item) == 2)
                return new Finding(id, CheckStatus.NotApplicable, Text($"Protection is {item.ProtectionState}: no scheduled backups are expected.", $"保護は {item.ProtectionState} のため、スケジュール バックアップは行われません。"), ev, null);
            if (age == null) return Gap(id, "properties.lastRecoveryPoint and properties.lastBackupTime", null, ev.Select(kv => (kv.Key, kv.Value)).ToArray());

            var interval = policy?.Interval;
            string? policyGap = null;
            if (interval == null)
            {
                var gap = inventory.GapIn(InventoryGap.Policies, item.VaultId);
                policyGap = gap != null ? "backup policies (" + gap.Message + ")" : policy == null ? "the backup policy " + (item.PolicyId ?? "(no properties.policyId)") : "schedulePolicy of " + policy.Id;
            }

            var allowed = interval == null ? (TimeSpan?)null : interval.Value + Grace;
            if ((allowed != null && age > allowed) || age > StaleUnderAnyPolicy)
            {
                return new Finding(id, CheckStatus.Fail,
                    Text($"The last backup completed, but the newest recovery point is {Age(age.Value)} old{(policy?.Frequency == null ? "" : $" under a {policy.Frequency} policy")}: scheduled backups are not running.",
                         $"最後のバックアップは完了していますが、最新の復旧ポイントは {Age(age.Value)} 前のもの{(policy?.Frequency == null ? "" : $" ({policy.Frequency} のポリシー)")}です。スケジュール バックアップが実行されていません。"), ev, null);
            }

            if (allowed == null && age > FreshUnderAnyPolicy) return Gap(id, policyGap!, null, ev.Select(kv => (kv.Key, kv.Value)).ToArray());
            return new Finding(id, CheckStatus.Pass, Text($"The last backup completed ({lastGood:yyyy-MM-dd HH:mm} UTC, {Age(age.Value)} ago).", $"最後のバックアップは完了しています ({lastGood:yyyy-MM-dd HH:mm} UTC、{Age(age.Value)} 前)。"), ev, null);
        }

        private static bool IsCompleted(string? status) =>
            string.Equals(status, "Completed", StringComparison.OrdinalIgnoreCase) || string.Equals(status, "Healthy", StringComparison.OrdinalIgnoreCase) || string.Equals(status, "Success", StringComparison.OrdinalIgnoreCase);

        private static string Age(TimeSpan t) => t.TotalDays >= 2 ? $"{(int)t.TotalDays} days" : $"{(int)Math.Max(0, t.TotalHours)} h";

        /// <summary>The operations whose failure predicts a failed backup (a failed restore does not).</summary>
        private static readonly HashSet<string> BackupOperations = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Backup", "ConfigureBackup" };
        /// <summary>Operations on the item that keep another backup from starting.</summary>
        private static readonly HashSet<string> BlockingOperations = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Backup", "ConfigureBackup", "DisableBackup", "DeleteBackupData" };

        private static Finding FailedJobs(VmState vm, ProtectedItemState? item, FleetInventory inventory)
        {
            if (item == null) return NoItem("Protection.FailedJobs", inventory);
            var failed = JobsOf(vm, item, inventory).Where(j => string.Equals(j.Status, "Failed", StringComparison.OrdinalIgnoreCase) && (j.Operation == null || BackupOperations.Contains(j.Operation)))
                .OrderByDescending(j => j.StartTime).ToArray();
            if (failed.Length == 0)
            {
                return inventory.GapIn(InventoryGap.Jobs, item.VaultId) is InventoryGap gap
                    ? Gap("Protection.FailedJobs", "backup jobs (" + gap.Message + ")")
                    : new Finding("Protection.FailedJobs", CheckStatus.Pass, Text("No failed backup jobs recently.", "最近失敗したバックアップ ジョブはありません。"), Evidence(), null);
            }

            var latest = failed[0];
            var error = latest.Errors.FirstOrDefault();
            var remedy = error == null ? null : RemedyFor(error.Code, error.Message);
            var ev = Evidence(("failedJobs", failed.Length.ToString(CultureInfo.InvariantCulture)), ("latest.id", latest.Id), ("latest.operation", latest.Operation), ("latest.errorDetails[0].errorCode", error?.Code?.ToString(CultureInfo.InvariantCulture)), ("latest.errorDetails[0].errorString", error?.Message));
            return new Finding("Protection.FailedJobs", CheckStatus.Fail,
                Text($"{failed.Length} failed backup job(s); latest: {error?.Message ?? "no error details"}", $"失敗したバックアップ ジョブが {failed.Length} 件あります。最新: {error?.Message ?? "エラーの詳細なし"}"), ev, remedy);
        }

        private static Finding JobInProgress(VmState vm, ProtectedItemState? item, FleetInventory inventory)
        {
            if (item == null) return NoItem("Protection.JobInProgress", inventory);
            var running = JobsOf(vm, item, inventory).FirstOrDefault(j => string.Equals(j.Status, "InProgress", StringComparison.OrdinalIgnoreCase) && (j.Operation == null || BlockingOperations.Contains(j.Operation)));
            if (running == null)
            {
                return inventory.GapIn(InventoryGap.Jobs, item.VaultId) is InventoryGap gap
                    ? Gap("Protection.JobInProgress", "backup jobs (" + gap.Message + ")")
                    : new Finding("Protection.JobInProgress", CheckStatus.Pass, Text("No backup job is running.", "実行中のバックアップ ジョブはありません。"), Evidence(), null);
            }

            return new Finding("Protection.JobInProgress", CheckStatus.Warning, Text($"A {running.Operation} job is running; another cannot start until it ends.", $"{running.Operation} ジョブが実行中です。終了するまで別のジョブは開始できません。"),
                Evidence(("job.id", running.Id), ("job.operation", running.Operation), ("job.startTime", running.StartTime?.ToString("o", CultureInfo.InvariantCulture))), "UserErrorBackupOperationInProgress");
        }

        private static Finding Locks(VmState vm, FleetInventory inventory)
        {
            if (inventory.GapIn(InventoryGap.Locks) is InventoryGap gap)
                return new Finding("RestorePoints.Locks", CheckStatus.Unknown, Text("Locks could not be read.", "ロックを取得できませんでした。"), Evidence(("missing", "locks (" + gap.Message + ")")), null);
            if (vm.Location == null) return Gap("RestorePoints.Locks", "the VM's location (it names the restore point group AzureBackupRG_{location}_*)");
            var subscriptionScope = "/subscriptions/" + SubscriptionOf(vm.Id);
            var blocking = IndexOf(inventory).BlockingLocks(subscriptionScope, vm.Location);
            if (blocking.Length == 0) return new Finding("RestorePoints.Locks", CheckStatus.Pass, Text("No lock blocks restore point cleanup.", "復元ポイントの削除を妨げるロックはありません。"), Evidence(), null);
            return new Finding("RestorePoints.Locks", CheckStatus.Fail,
                Text($"Lock(s) block restore point cleanup: {string.Join(", ", blocking.Select(l => Last(l.Id) + " on " + Last(l.Scope)))}.", $"ロックが復元ポイントの削除を妨げています: {string.Join(", ", blocking.Select(l => Last(l.Scope) + " の " + Last(l.Id)))}。"),
                Evidence(blocking.Select(l => ("lock." + Last(l.Id), l.Level)).ToArray()), "UserErrorRpCollectionLimitReached");
        }

        private static Finding Collections(VmState vm, FleetInventory inventory)
        {
            const string id = "RestorePoints.Collections";
            if (inventory.GapIn(InventoryGap.RestorePointCollections) is InventoryGap listing) return Gap(id, "restore point collections (" + listing.Message + ")");
            // Only Azure Backup's own collections (AzureBackup_{vm}_{n}) count against its limit; their restore points come from GET ...?$expand=restorePoints.
            var mine = IndexOf(inventory).BackupCollectionsOf(vm.Id);
            var unread = mine.Where(c => !c.RestorePointsRead).ToArray();
            var count = mine.Sum(c => c.RestorePointCount);
            var ev = Evidence(("restorePointCollections", mine.Count.ToString(CultureInfo.InvariantCulture)), ("restorePoints", count.ToString(CultureInfo.InvariantCulture)), ("limit", RestorePointLimit.ToString(CultureInfo.InvariantCulture)));
            if (count >= RestorePointLimit)
                return new Finding(id, CheckStatus.Fail, Text($"{count} restore points: the limit of {RestorePointLimit} is reached.", $"復元ポイントが {count} 個あり、上限 {RestorePointLimit} に達しています。"), ev, "UserErrorRpCollectionLimitReached");
            if (unread.Length > 0)
            {
                var why = string.Join("; ", unread.Select(c => inventory.GapIn(InventoryGap.RestorePoints, c.Id)?.Message ?? "restore points of " + c.Id));
                return Gap(id, why, null, ev.Select(kv => (kv.Key, kv.Value)).ToArray());
            }

            return new Finding(id, CheckStatus.Pass, Text($"{count} restore point(s), below the limit of {RestorePointLimit}.", $"復元ポイントは {count} 個で、上限 {RestorePointLimit} 未満です。"), ev, null);
        }

        private static Finding DiskCount(VmState vm)
        {
            if (!vm.HasStorageProfile) return Gap("Support.DiskCount", vm.HasModel ? "properties.storageProfile" : ModelMissing);
            var data = vm.Disks.Count(d => !d.IsOsDisk);
            var unmanaged = vm.Disks.Any(d => !d.IsManaged);
            var limit = unmanaged ? 16 : MaxDataDisks;
            var ev = Evidence(("properties.storageProfile.dataDisks.count", data.ToString(CultureInfo.InvariantCulture)), ("limit", limit.ToString(CultureInfo.InvariantCulture)));
            if (data > limit) return new Finding("Support.DiskCount", CheckStatus.Fail, Text($"{data} data disks: more than the {limit} backup supports.", $"データ ディスクが {data} 本あり、バックアップがサポートする {limit} 本を超えています。"), ev, "UserErrorBCMUnsupportedDiskCount");
            return new Finding("Support.DiskCount", CheckStatus.Pass, Text($"{data} data disk(s), within the limit.", $"データ ディスクは {data} 本で、上限以内です。"), ev, null);
        }

        private static Finding DiskSize(VmState vm)
        {
            if (!vm.HasStorageProfile) return Gap("Support.DiskSize", vm.HasModel ? "properties.storageProfile" : ModelMissing);
            var large = vm.Disks.Where(d => d.SizeGb > MaxDiskSizeGb).ToArray();
            var ev = Evidence(vm.Disks.Select(d => ($"disk[{d.Name}].diskSizeGB", d.SizeGb?.ToString(CultureInfo.InvariantCulture))).ToArray());
            if (large.Length > 0) return new Finding("Support.DiskSize", CheckStatus.Fail, Text($"Disks larger than 32 TB: {string.Join(", ", large.Select(d => d.Name))}.", $"32 TB を超えるディスク: {string.Join(", ", large.Select(d => d.Name))}。"), ev, "UserErrorUnsupportedDiskSize");
            var unsized = vm.Disks.Where(d => d.SizeGb == null).ToArray();
            if (unsized.Length > 0) return Gap("Support.DiskSize", "diskSizeGB of " + string.Join(", ", unsized.Select(d => d.Name ?? (d.IsOsDisk ? "the OS disk" : "a data disk"))), null, ev.Select(kv => (kv.Key, kv.Value)).ToArray());
            return new Finding("Support.DiskSize", CheckStatus.Pass, Text("Every disk is within the supported size.", "すべてのディスクがサポートされるサイズ以内です。"), ev, null);
        }

        private static Finding DiskType(VmState vm, ProtectedItemState? item, FleetInventory inventory)
        {
            if (!vm.HasStorageProfile) return Gap("Support.DiskType", vm.HasModel ? "properties.storageProfile" : ModelMissing);
            var special = vm.Disks.Where(d => d.StorageAccountType != null &&
                (d.StorageAccountType.StartsWith("UltraSSD", StringComparison.OrdinalIgnoreCase) || d.StorageAccountType.StartsWith("PremiumV2", StringComparison.OrdinalIgnoreCase))).ToArray();
            var ev = Evidence(vm.Disks.Select(d => ($"disk[{d.Name}].storageAccountType", d.StorageAccountType)).Append(("policyType", item?.PolicyType)).ToArray());
            if (special.Length > 0 && item != null && item.PolicyType == null) return Gap("Support.DiskType", "properties.policyType", null, ev.Select(kv => (kv.Key, kv.Value)).ToArray());
            if (special.Length > 0 && !IsEnhanced(item))
                return new Finding("Support.DiskType", CheckStatus.Fail, Text($"Ultra / Premium SSD v2 disks need the Enhanced policy: {string.Join(", ", special.Select(d => d.Name))}.", $"Ultra / Premium SSD v2 ディスクには拡張ポリシーが必要です: {string.Join(", ", special.Select(d => d.Name))}。"), ev, "UserErrorUnsupportedDiskConfiguration");
            var untyped = vm.Disks.Where(d => d.IsManaged && d.StorageAccountType == null).ToArray();
            if (untyped.Length > 0) return Gap("Support.DiskType", "managedDisk.storageAccountType of " + string.Join(", ", untyped.Select(d => d.Name)), null, ev.Select(kv => (kv.Key, kv.Value)).ToArray());
            return new Finding("Support.DiskType", CheckStatus.Pass, Text("Every disk type is supported by the policy.", "すべてのディスクの種類がポリシーでサポートされています。"), ev, null);
        }

        private static Finding VaultRegion(VmState vm, ProtectedItemState? item, FleetInventory inventory)
        {
            if (item == null)
                return NoItem("Support.VaultRegion", inventory) is { Status: CheckStatus.Unknown } unknown ? unknown
                    : new Finding("Support.VaultRegion", CheckStatus.NotApplicable, Text("No vault to compare.", "比較するコンテナーがありません。"), Evidence(), null);
            if (item.VaultLocation == null) return Gap("Support.VaultRegion", "the location of vault " + item.VaultId);
            if (vm.Location == null) return Gap("Support.VaultRegion", "the VM's location");
            var ev = Evidence(("vm.location", vm.Location), ("vault.location", item.VaultLocation));
            if (!Normalize(vm.Location).Equals(Normalize(item.VaultLocation), StringComparison.OrdinalIgnoreCase))
                return new Finding("Support.VaultRegion", CheckStatus.Fail, Text($"The vault is in {item.VaultLocation}, the VM in {vm.Location}.", $"コンテナーは {item.VaultLocation}、VM は {vm.Location} にあります。"), ev, "UserErrorVmVaultLocationMismatch");
            return new Finding("Support.VaultRegion", CheckStatus.Pass, Text("The vault is in the VM's region.", "コンテナーは VM と同じリージョンにあります。"), ev, null);
        }

        private static Finding TrustedLaunch(VmState vm, ProtectedItemState? item, FleetInventory inventory)
        {
            // An absent securityProfile means a Standard VM, but only when the model was read at all.
            if (!vm.HasModel) return Gap("Support.TrustedLaunchPolicy", ModelMissing);
            var trusted = string.Equals(vm.SecurityType, "TrustedLaunch", StringComparison.OrdinalIgnoreCase) || string.Equals(vm.SecurityType, "ConfidentialVM", StringComparison.OrdinalIgnoreCase);
            var ev = Evidence(("properties.securityProfile.securityType", vm.SecurityType), ("policyType", item?.PolicyType));
            if (trusted && item == null && NoItem("Support.TrustedLaunchPolicy", inventory) is { Status: CheckStatus.Unknown } unknown) return unknown;
            if (!trusted || item == null) return new Finding("Support.TrustedLaunchPolicy", CheckStatus.NotApplicable, Text("Not a Trusted Launch VM under protection.", "保護中のトラステッド起動 VM ではありません。"), ev, null);
            if (item.PolicyType == null)
                return new Finding("Support.TrustedLaunchPolicy", CheckStatus.Unknown, Text("The policy type is not reported.", "ポリシーの種類が報告されていません。"), Evidence(ev.Select(kv => (kv.Key, kv.Value)).Append(("missing", "properties.policyType")).ToArray()), null);
            if (!IsEnhanced(item))
                return new Finding("Support.TrustedLaunchPolicy", CheckStatus.Warning, Text("A Trusted Launch VM under a Standard policy: use the Enhanced policy (Standard needs Az 14 / CLI 2.73 and REST 2025-01-01).", "Standard ポリシーで保護されたトラステッド起動 VM です。拡張ポリシーを使ってください (Standard には Az 14 / CLI 2.73、REST 2025-01-01 が必要)。"), ev, null);
            return new Finding("Support.TrustedLaunchPolicy", CheckStatus.Pass, Text("Protected with the Enhanced policy.", "拡張ポリシーで保護されています。"), ev, null);
        }

        /// <summary>
        /// A vault's jobs for this VM: by the container the job ran on (iaasvmcontainerv2;{group};{vm}) when it names one;
        /// by entityFriendlyName only when no other item in the vault has that name, so a same-named VM in another group inherits nothing.
        /// </summary>
        private static IEnumerable<BackupJobState> JobsOf(VmState vm, ProtectedItemState item, FleetInventory inventory)
        {
            var container = ContainerKey(item.ContainerName) ?? (GroupOf(vm.Id) + ";" + vm.Name).ToLowerInvariant();
            var names = new[] { vm.Name, item.FriendlyName }.Where(n => n != null).Select(n => n!);
            return IndexOf(inventory).JobsOf(item.VaultId, container, names);
        }

        /// <summary>"{group};{vm}" from iaasvmcontainer;iaasvmcontainerv2;{group};{vm} or iaasvmcontainerv2;{group};{vm}, lower-cased.</summary>
        private static string? ContainerKey(string? containerName)
        {
            if (string.IsNullOrEmpty(containerName)) return null;
            var parts = containerName!.Split(';');
            return parts.Length < 3 ? null : (parts[parts.Length - 2] + ";" + parts[parts.Length - 1]).ToLowerInvariant();
        }

        private static bool IsComputeVmId(string id) => id.IndexOf("/providers/Microsoft.Compute/virtualMachines/", StringComparison.OrdinalIgnoreCase) >= 0;

        private static readonly System.Collections.Concurrent.ConcurrentDictionary<(long? Code, string? Message), string?> RemedyByError =
            new System.Collections.Concurrent.ConcurrentDictionary<(long? Code, string? Message), string?>();

        private static string? RemedyFor(long? code, string? message)
        {
            // Many VMs fail with the same error: match each (code, message) once.
            return RemedyByError.GetOrAdd((code, message), key =>
            {
                var matches = RemedyCatalog.LoadDefault().Match(new RemedyQuery { NumericCode = key.Code, Text = key.Message });
                return matches.Count > 0 ? matches[0].Code : null;
            });
        }

        private static bool IsEnhanced(ProtectedItemState? item) => string.Equals(item?.PolicyType, "V2", StringComparison.OrdinalIgnoreCase);

        private static bool IsRunning(VmState vm) => string.Equals(vm.PowerState, "running", StringComparison.OrdinalIgnoreCase) || vm.PowerState == null;

        private static bool IsFailed(StatusEntry s) =>
            (s.Code != null && s.Code.IndexOf("failed", StringComparison.OrdinalIgnoreCase) >= 0) || string.Equals(s.Level, "Error", StringComparison.OrdinalIgnoreCase);

        private static bool IsTransitioning(StatusEntry s) =>
            s.Code != null && (s.Code.IndexOf("transitioning", StringComparison.OrdinalIgnoreCase) >= 0 || s.Code.IndexOf("creating", StringComparison.OrdinalIgnoreCase) >= 0 || s.Code.IndexOf("updating", StringComparison.OrdinalIgnoreCase) >= 0);

        // A lock on the backup resource group of the VM's region, or on anything inside it, blocks cleanup.
        private static bool IsBackupGroupFor(string scope, string? location) =>
            location != null && GroupOf(scope).StartsWith("AzureBackupRG_" + location + "_", StringComparison.OrdinalIgnoreCase);

        private static bool InScope(string id, InventoryScope scope)
        {
            if (!SubscriptionOf(id).Equals(scope.SubscriptionId, StringComparison.OrdinalIgnoreCase)) return false;
            if (scope.VmName != null) return id.Equals(scope.VmId, StringComparison.OrdinalIgnoreCase);
            return scope.ResourceGroup == null || GroupOf(id).Equals(scope.ResourceGroup, StringComparison.OrdinalIgnoreCase);
        }

        // A failed subscription or group listing: its VMs are unknown, not deleted.
        private static bool IsScopeFailure(VmReadFailure f) => !f.VmId.Contains("/providers/");

        private static string Names(IEnumerable<ExtensionState> e) => string.Join(", ", e.Select(x => x.Name));

        private static string Normalize(string location) => location.Replace(" ", "");

        private static bool TryParseVersion(string? text, out Version version)
        {
            version = new Version();
            return !string.IsNullOrWhiteSpace(text) && Version.TryParse(text!.Trim(), out version!);
        }

        internal static string SubscriptionOf(string id)
        {
            var s = id.Trim('/').Split('/');
            return s.Length > 1 ? s[1] : "";
        }

        internal static string GroupOf(string id)
        {
            var s = id.Trim('/').Split('/');
            return s.Length > 3 && s[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase) ? s[3] : "";
        }

        private static string Last(string? id) => id == null ? "" : id.TrimEnd('/').Substring(id.TrimEnd('/').LastIndexOf('/') + 1);

        private static LocalizedText Text(string en, string ja) => new LocalizedText(en, ja);

        private static IReadOnlyDictionary<string, string?> Evidence(params (string Key, string? Value)[] items)
        {
            var d = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (k, v) in items) d[k] = v;
            return d;
        }
    }
}
