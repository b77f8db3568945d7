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
            var reports = inventory.Vms.Where(v => v != null).Select(vm => Evaluate(vm, inventory, selection)).ToList();
            if (selection.Includes("Vm.Exists") && !inventory.Failures.Any(f => f.VmId.Equals(scope.VmName != null ? scope.VmId : "", StringComparison.OrdinalIgnoreCase)))
            {
                var present = new HashSet<string>(inventory.Vms.Select(v => v.Id), StringComparer.OrdinalIgnoreCase);
                foreach (var item in inventory.ProtectedItems.Values.Where(i => i.SourceResourceId != null && InScope(i.SourceResourceId!, scope) && !present.Contains(i.SourceResourceId!)))
                {
                    if (inventory.Failures.Any(f => f.VmId.Equals(item.SourceResourceId, StringComparison.OrdinalIgnoreCase) || IsScopeFailure(f))) continue;
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
            Run("BackupExtension.State", () => BackupExtension(vm, item));
            Run("Network.NsgOutbound", () => NsgOutbound(vm, inventory.Network));
            Run("Network.ForcedTunneling", () => ForcedTunneling(vm, inventory.Network));
            Run("Protection.Status", () => ProtectionStatus(vm, item, inventory));
            Run("Protection.Health", () => ProtectionHealth(item));
            Run("Protection.LastBackup", () => LastBackup(item));
            Run("Protection.FailedJobs", () => FailedJobs(vm, item, inventory));
            Run("Protection.JobInProgress", () => JobInProgress(vm, item, inventory));
            Run("RestorePoints.Locks", () => Locks(vm, inventory));
            Run("RestorePoints.Collections", () => Collections(vm, inventory));
            Run("Support.DiskCount", () => DiskCount(vm));
            Run("Support.DiskSize", () => DiskSize(vm));
            Run("Support.DiskType", () => DiskType(vm, item));
            Run("Support.VaultRegion", () => VaultRegion(vm, item));
            Run("Support.TrustedLaunchPolicy", () => TrustedLaunch(vm, item));
            return new VmReadinessReport(vm.Id, vm.Name, vm.ResourceGroup, vm.Location, findings);
        }

        private static Finding ProvisioningState(VmState vm)
        {
            var state = vm.ProvisioningState;
            var ev = Evidence(("properties.provisioningState", state));
            if (state == null) return new Finding("Vm.ProvisioningState", CheckStatus.Unknown, Text("ARM did not report the provisioning state.", "ARM がプロビジョニング状態を返しませんでした。"), ev, null);
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
                    return new Finding("Vm.PowerState", CheckStatus.Unknown, Text("ARM did not report the power state.", "ARM が電源状態を返しませんでした。"), ev, null);
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
                return new Finding("VmAgent.Provisioned", CheckStatus.Unknown, Text("The VM model does not say whether an agent is provisioned (common for VMs created from disks).", "VM モデルにエージェントの有無がありません (ディスクから作成した VM によくあります)。"), ev, null);
            return new Finding("VmAgent.Provisioned", CheckStatus.Pass, Text("A VM agent is provisioned.", "VM エージェントがプロビジョニングされています。"), ev, null);
        }

        private static Finding AgentStatus(VmState vm)
        {
            var status = vm.AgentStatuses.FirstOrDefault();
            var ev = Evidence(("properties.instanceView.vmAgent.statuses[0].displayStatus", status?.DisplayStatus), ("properties.instanceView.vmAgent.statuses[0].message", status?.Message));
            if (!IsRunning(vm)) return new Finding("VmAgent.Status", CheckStatus.NotApplicable, Text("The VM is not running, so its agent does not report.", "VM が実行中でないため、エージェントは状態を報告しません。"), ev, null);
            if (!vm.HasInstanceView || status == null) return new Finding("VmAgent.Status", CheckStatus.Unknown, Text("The agent status could not be read.", "エージェントの状態を取得できませんでした。"), ev, "UserErrorGuestAgentStatusUnavailable");
            if (string.Equals(status.DisplayStatus, "Ready", StringComparison.OrdinalIgnoreCase))
                return new Finding("VmAgent.Status", CheckStatus.Pass, Text("The VM agent reports Ready.", "VM エージェントは Ready を報告しています。"), ev, null);
            return new Finding("VmAgent.Status", CheckStatus.Fail, Text($"The VM agent reports {status.DisplayStatus ?? "no status"}, not Ready.", $"VM エージェントの状態が Ready ではなく {status.DisplayStatus ?? "不明"} です。"), ev, "UserErrorGuestAgentStatusUnavailable");
        }

        private static Finding AgentVersion(VmState vm)
        {
            var linux = string.Equals(vm.OsType, "Linux", StringComparison.OrdinalIgnoreCase);
            var minimum = linux ? MinimumLinuxAgent : MinimumWindowsAgent;
            var ev = Evidence(("properties.instanceView.vmAgent.vmAgentVersion", vm.AgentVersion), ("minimum", minimum.ToString()), ("properties.storageProfile.osDisk.osType", vm.OsType));
            if (!IsRunning(vm)) return new Finding("VmAgent.Version", CheckStatus.NotApplicable, Text("The VM is not running, so its agent version is not reported.", "VM が実行中でないため、エージェントのバージョンは報告されません。"), ev, null);
            if (!TryParseVersion(vm.AgentVersion, out var version))
                return new Finding("VmAgent.Version", CheckStatus.Unknown, Text("The agent version is not reported.", "エージェントのバージョンが報告されていません。"), ev, "UserErrorGuestAgentStatusUnavailable");
            if (version < minimum)
                return new Finding("VmAgent.Version", CheckStatus.Fail, Text($"Agent {version} is older than the supported minimum {minimum}.", $"エージェント {version} はサポートされる最低バージョン {minimum} より古いです。"), ev,
                    linux ? "UserErrorGuestAgentVersionUnsupported" : "UserErrorGuestAgentStatusUnavailable");
            return new Finding("VmAgent.Version", CheckStatus.Pass, Text($"Agent {version} is supported.", $"エージェント {version} はサポートされています。"), ev, null);
        }

        private static Finding Extensions(VmState vm)
        {
            if (!vm.HasInstanceView) return new Finding("Vm.Extensions", CheckStatus.Unknown, Text("Extension states could not be read.", "拡張機能の状態を取得できませんでした。"), Evidence(), null);
            var failed = vm.Extensions.Where(e => e.Statuses.Any(IsFailed)).ToArray();
            var ev = Evidence(vm.Extensions.Select(e => ($"properties.instanceView.extensions[{e.Name}].statuses[0].code", e.Statuses.FirstOrDefault()?.Code)).ToArray());
            if (failed.Length > 0)
                return new Finding("Vm.Extensions", CheckStatus.Fail, Text($"Failed extensions: {Names(failed)}.", $"失敗している拡張機能: {Names(failed)}。"), ev, "UserErrorVmProvisioningStateFailed");
            var busy = vm.Extensions.Where(e => e.Statuses.Any(IsTransitioning)).ToArray();
            if (busy.Length > 0)
                return new Finding("Vm.Extensions", CheckStatus.Warning, Text($"Extensions still in progress: {Names(busy)}.", $"処理中の拡張機能: {Names(busy)}。"), ev, "UserErrorVmProvisioningStateFailed");
            return new Finding("Vm.Extensions", CheckStatus.Pass, Text(vm.Extensions.Count == 0 ? "No extensions reported." : $"All {vm.Extensions.Count} extensions succeeded.", vm.Extensions.Count == 0 ? "拡張機能は報告されていません。" : $"{vm.Extensions.Count} 個の拡張機能はすべて成功しています。"), ev, null);
        }

        private static Finding BackupExtension(VmState vm, ProtectedItemState? item)
        {
            if (!vm.HasInstanceView) return new Finding("BackupExtension.State", CheckStatus.Unknown, Text("Extension states could not be read.", "拡張機能の状態を取得できませんでした。"), Evidence(), null);
            var ext = vm.Extensions.FirstOrDefault(e => e.Type != null && e.Type.StartsWith(SnapshotPublisherPrefix, StringComparison.OrdinalIgnoreCase));
            if (ext == null)
            {
                return item == null
                    ? new Finding("BackupExtension.State", CheckStatus.NotApplicable, Text("No backup extension: the VM is not protected.", "バックアップ拡張機能はありません (VM は保護されていません)。"), Evidence(), null)
                    : new Finding("BackupExtension.State", CheckStatus.Pass, Text("The backup extension is not installed yet; the next backup installs it.", "バックアップ拡張機能はまだありません。次回のバックアップでインストールされます。"), Evidence(), null);
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
            return new Finding("BackupExtension.State", CheckStatus.Pass, Text($"{ext.Name} {ext.Version} is healthy.", $"{ext.Name} {ext.Version} は正常です。"), ev, null);
        }

        private static Finding ProtectionStatus(VmState vm, ProtectedItemState? item, FleetInventory inventory)
        {
            if (item == null)
            {
                return inventory.Gaps.Any(g => g.IndexOf("vault", StringComparison.OrdinalIgnoreCase) >= 0 || g.IndexOf("protected items", StringComparison.OrdinalIgnoreCase) >= 0)
                    ? new Finding("Protection.Status", CheckStatus.Unknown, Text("Some vaults could not be read, so protection is unknown.", "読み取れないコンテナーがあるため、保護状態は不明です。"), Evidence(("gaps", string.Join("; ", inventory.Gaps))), null)
                    : new Finding("Protection.Status", CheckStatus.Warning, Text("No Recovery Services vault in this subscription protects the VM.", "このサブスクリプションのどの Recovery Services コンテナーも VM を保護していません。"), Evidence(), null);
            }

            var ev = Evidence(("vault", item.VaultId), ("properties.policyId", item.PolicyId), ("properties.protectionState", item.ProtectionState));
            if (item.ProtectionState != null && (item.ProtectionState.IndexOf("Stopped", StringComparison.OrdinalIgnoreCase) >= 0 || item.ProtectionState.IndexOf("Paused", StringComparison.OrdinalIgnoreCase) >= 0))
                return new Finding("Protection.Status", CheckStatus.Warning, Text($"Protection is {item.ProtectionState} in vault {Last(item.VaultId)}.", $"コンテナー {Last(item.VaultId)} での保護は {item.ProtectionState} です。"), ev, "UserErrorBcmDatasourceNotPresent");
            return new Finding("Protection.Status", CheckStatus.Pass, Text($"Protected by vault {Last(item.VaultId)} with policy {Last(item.PolicyId)}.", $"コンテナー {Last(item.VaultId)} でポリシー {Last(item.PolicyId)} により保護されています。"), ev, null);
        }

        private static Finding ProtectionHealth(ProtectedItemState? item)
        {
            if (item == null) return new Finding("Protection.Health", CheckStatus.NotApplicable, Text("The VM is not protected.", "VM は保護されていません。"), Evidence(), null);
            var detail = item.HealthDetails.FirstOrDefault();
            var ev = Evidence(("properties.healthStatus", item.HealthStatus), ("properties.healthDetails[0].code", detail?.Code?.ToString(CultureInfo.InvariantCulture)), ("properties.healthDetails[0].message", detail?.Message));
            var remedy = detail == null ? null : RemedyFor(detail.Code, detail.Message ?? detail.Title);
            switch (item.HealthStatus?.ToLowerInvariant())
            {
                case "passed":
                    return new Finding("Protection.Health", CheckStatus.Pass, Text("The protected item is healthy.", "保護された項目は正常です。"), ev, null);
                case "actionrequired":
                    return new Finding("Protection.Health", CheckStatus.Fail, Text($"Action required: {detail?.Message ?? detail?.Title ?? "see the vault"}", $"対処が必要です: {detail?.Message ?? detail?.Title ?? "コンテナーを確認してください"}"), ev, remedy);
                case "actionsuggested":
                    return new Finding("Protection.Health", CheckStatus.Warning, Text($"Action suggested: {detail?.Message ?? detail?.Title ?? "see the vault"}", $"対処が推奨されます: {detail?.Message ?? detail?.Title ?? "コンテナーを確認してください"}"), ev, remedy);
                default:
                    return new Finding("Protection.Health", CheckStatus.Unknown, Text($"Health is {item.HealthStatus ?? "not reported"}.", $"正常性は {item.HealthStatus ?? "報告されていません"}。"), ev, remedy);
            }
        }

        private static Finding LastBackup(ProtectedItemState? item)
        {
            if (item == null) return new Finding("Protection.LastBackup", CheckStatus.NotApplicable, Text("The VM is not protected.", "VM は保護されていません。"), Evidence(), null);
            var ev = Evidence(("properties.lastBackupStatus", item.LastBackupStatus), ("properties.lastBackupTime", item.LastBackupTime?.ToString("o", CultureInfo.InvariantCulture)));
            if (string.Equals(item.LastBackupStatus, "Failed", StringComparison.OrdinalIgnoreCase))
                return new Finding("Protection.LastBackup", CheckStatus.Fail, Text("The last backup failed.", "最後のバックアップは失敗しています。"), ev, null);
            if (string.Equals(item.LastBackupStatus, "Completed", StringComparison.OrdinalIgnoreCase) || string.Equals(item.LastBackupStatus, "Healthy", StringComparison.OrdinalIgnoreCase))
                return new Finding("Protection.LastBackup", CheckStatus.Pass, Text($"The last backup completed ({item.LastBackupTime:yyyy-MM-dd HH:mm} UTC).", $"最後のバックアップは完了しています ({item.LastBackupTime:yyyy-MM-dd HH:mm} UTC)。"), ev, null);
            return new Finding("Protection.LastBackup", CheckStatus.Unknown, Text($"Last backup status: {item.LastBackupStatus ?? "none yet"}.", $"最後のバックアップの状態: {item.LastBackupStatus ?? "まだありません"}。"), ev, null);
        }

        private static Finding FailedJobs(VmState vm, ProtectedItemState? item, FleetInventory inventory)
        {
            if (item == null) return new Finding("Protection.FailedJobs", CheckStatus.NotApplicable, Text("The VM is not protected.", "VM は保護されていません。"), Evidence(), null);
            var failed = JobsOf(vm, item, inventory).Where(j => string.Equals(j.Status, "Failed", StringComparison.OrdinalIgnoreCase)).OrderByDescending(j => j.StartTime).ToArray();
            if (failed.Length == 0) return new Finding("Protection.FailedJobs", CheckStatus.Pass, Text("No failed backup jobs recently.", "最近失敗したバックアップ ジョブはありません。"), Evidence(), null);
            var latest = failed[0];
            var error = latest.Errors.FirstOrDefault();
            var remedy = error == null ? null : RemedyFor(error.Code, error.Message);
            var ev = Evidence(("failedJobs", failed.Length.ToString(CultureInfo.InvariantCulture)), ("latest.id", latest.Id), ("latest.errorDetails[0].errorCode", error?.Code?.ToString(CultureInfo.InvariantCulture)), ("latest.errorDetails[0].errorString", error?.Message));
            return new Finding("Protection.FailedJobs", CheckStatus.Fail,
                Text($"{failed.Length} failed backup job(s); latest: {error?.Message ?? "no error details"}", $"失敗したバックアップ ジョブが {failed.Length} 件あります。最新: {error?.Message ?? "エラーの詳細なし"}"), ev, remedy);
        }

        private static Finding JobInProgress(VmState vm, ProtectedItemState? item, FleetInventory inventory)
        {
            if (item == null) return new Finding("Protection.JobInProgress", CheckStatus.NotApplicable, Text("The VM is not protected.", "VM は保護されていません。"), Evidence(), null);
            var running = JobsOf(vm, item, inventory).FirstOrDefault(j => string.Equals(j.Status, "InProgress", StringComparison.OrdinalIgnoreCase));
            if (running == null) return new Finding("Protection.JobInProgress", CheckStatus.Pass, Text("No backup job is running.", "実行中のバックアップ ジョブはありません。"), Evidence(), null);
            return new Finding("Protection.JobInProgress", CheckStatus.Warning, Text($"A {running.Operation} job is running; another cannot start until it ends.", $"{running.Operation} ジョブが実行中です。終了するまで別のジョブは開始できません。"),
                Evidence(("job.id", running.Id), ("job.startTime", running.StartTime?.ToString("o", CultureInfo.InvariantCulture))), "UserErrorBackupOperationInProgress");
        }

        private static Finding Locks(VmState vm, FleetInventory inventory)
        {
            if (inventory.Gaps.Any(g => g.StartsWith("locks", StringComparison.OrdinalIgnoreCase)))
                return new Finding("RestorePoints.Locks", CheckStatus.Unknown, Text("Locks could not be read.", "ロックを取得できませんでした。"), Evidence(), null);
            var subscriptionScope = "/subscriptions/" + SubscriptionOf(vm.Id);
            var blocking = inventory.Locks.Where(l =>
                l.Scope.Equals(subscriptionScope, StringComparison.OrdinalIgnoreCase) || IsBackupGroupFor(l.Scope, vm.Location)).ToArray();
            if (blocking.Length == 0) return new Finding("RestorePoints.Locks", CheckStatus.Pass, Text("No lock blocks restore point cleanup.", "復元ポイントの削除を妨げるロックはありません。"), Evidence(), null);
            return new Finding("RestorePoints.Locks", CheckStatus.Fail,
                Text($"Lock(s) block restore point cleanup: {string.Join(", ", blocking.Select(l => Last(l.Id) + " on " + Last(l.Scope)))}.", $"ロックが復元ポイントの削除を妨げています: {string.Join(", ", blocking.Select(l => Last(l.Scope) + " の " + Last(l.Id)))}。"),
                Evidence(blocking.Select(l => ("lock." + Last(l.Id), l.Level)).ToArray()), "UserErrorRpCollectionLimitReached");
        }

        private static Finding Collections(VmState vm, FleetInventory inventory)
        {
            var mine = inventory.RestorePointCollections.Where(c => string.Equals(c.SourceVmId, vm.Id, StringComparison.OrdinalIgnoreCase)).ToArray();
            var count = mine.Sum(c => c.RestorePointCount);
            var ev = Evidence(("restorePointCollections", mine.Length.ToString(CultureInfo.InvariantCulture)), ("restorePoints", count.ToString(CultureInfo.InvariantCulture)), ("limit", RestorePointLimit.ToString(CultureInfo.InvariantCulture)));
            if (count >= RestorePointLimit)
                return new Finding("RestorePoints.Collections", CheckStatus.Fail, Text($"{count} restore points: the limit of {RestorePointLimit} is reached.", $"復元ポイントが {count} 個あり、上限 {RestorePointLimit} に達しています。"), ev, "UserErrorRpCollectionLimitReached");
            return new Finding("RestorePoints.Collections", CheckStatus.Pass, Text($"{count} restore point(s), below the limit of {RestorePointLimit}.", $"復元ポイントは {count} 個で、上限 {RestorePointLimit} 未満です。"), ev, null);
        }

        private static Finding DiskCount(VmState vm)
        {
            var data = vm.Disks.Count(d => !d.IsOsDisk);
            var unmanaged = vm.Disks.Any(d => !d.IsManaged);
            var limit = unmanaged ? 16 : MaxDataDisks;
            var ev = Evidence(("properties.storageProfile.dataDisks.count", data.ToString(CultureInfo.InvariantCulture)), ("limit", limit.ToString(CultureInfo.InvariantCulture)));
            if (data > limit) return new Finding("Support.DiskCount", CheckStatus.Fail, Text($"{data} data disks: more than the {limit} backup supports.", $"データ ディスクが {data} 本あり、バックアップがサポートする {limit} 本を超えています。"), ev, "UserErrorBCMUnsupportedDiskCount");
            return new Finding("Support.DiskCount", CheckStatus.Pass, Text($"{data} data disk(s), within the limit.", $"データ ディスクは {data} 本で、上限以内です。"), ev, null);
        }

        private static Finding DiskSize(VmState vm)
        {
            var large = vm.Disks.Where(d => d.SizeGb > MaxDiskSizeGb).ToArray();
            var ev = Evidence(vm.Disks.Select(d => ($"disk[{d.Name}].diskSizeGB", d.SizeGb?.ToString(CultureInfo.InvariantCulture))).ToArray());
            if (large.Length > 0) return new Finding("Support.DiskSize", CheckStatus.Fail, Text($"Disks larger than 32 TB: {string.Join(", ", large.Select(d => d.Name))}.", $"32 TB を超えるディスク: {string.Join(", ", large.Select(d => d.Name))}。"), ev, "UserErrorUnsupportedDiskSize");
            return new Finding("Support.DiskSize", CheckStatus.Pass, Text("Every disk is within the supported size.", "すべてのディスクがサポートされるサイズ以内です。"), ev, null);
        }

        private static Finding DiskType(VmState vm, ProtectedItemState? item)
        {
            var special = vm.Disks.Where(d => d.StorageAccountType != null &&
                (d.StorageAccountType.StartsWith("UltraSSD", StringComparison.OrdinalIgnoreCase) || d.StorageAccountType.StartsWith("PremiumV2", StringComparison.OrdinalIgnoreCase))).ToArray();
            var ev = Evidence(vm.Disks.Select(d => ($"disk[{d.Name}].storageAccountType", d.StorageAccountType)).ToArray());
            if (special.Length > 0 && !IsEnhanced(item))
                return new Finding("Support.DiskType", CheckStatus.Fail, Text($"Ultra / Premium SSD v2 disks need the Enhanced policy: {string.Join(", ", special.Select(d => d.Name))}.", $"Ultra / Premium SSD v2 ディスクには拡張ポリシーが必要です: {string.Join(", ", special.Select(d => d.Name))}。"), ev, "UserErrorUnsupportedDiskConfiguration");
            return new Finding("Support.DiskType", CheckStatus.Pass, Text("Every disk type is supported by the policy.", "すべてのディスクの種類がポリシーでサポートされています。"), ev, null);
        }

        private static Finding VaultRegion(VmState vm, ProtectedItemState? item)
        {
            if (item == null || item.VaultLocation == null || vm.Location == null)
                return new Finding("Support.VaultRegion", CheckStatus.NotApplicable, Text("No vault to compare.", "比較するコンテナーがありません。"), Evidence(), null);
            var ev = Evidence(("vm.location", vm.Location), ("vault.location", item.VaultLocation));
            if (!Normalize(vm.Location).Equals(Normalize(item.VaultLocation), StringComparison.OrdinalIgnoreCase))
                return new Finding("Support.VaultRegion", CheckStatus.Fail, Text($"The vault is in {item.VaultLocation}, the VM in {vm.Location}.", $"コンテナーは {item.VaultLocation}、VM は {vm.Location} にあります。"), ev, "UserErrorVmVaultLocationMismatch");
            return new Finding("Support.VaultRegion", CheckStatus.Pass, Text("The vault is in the VM's region.", "コンテナーは VM と同じリージョンにあります。"), ev, null);
        }

        private static Finding TrustedLaunch(VmState vm, ProtectedItemState? item)
        {
            var trusted = string.Equals(vm.SecurityType, "TrustedLaunch", StringComparison.OrdinalIgnoreCase) || string.Equals(vm.SecurityType, "ConfidentialVM", StringComparison.OrdinalIgnoreCase);
            var ev = Evidence(("properties.securityProfile.securityType", vm.SecurityType), ("policyType", item?.PolicyType));
            if (!trusted || item == null) return new Finding("Support.TrustedLaunchPolicy", CheckStatus.NotApplicable, Text("Not a Trusted Launch VM under protection.", "保護中のトラステッド起動 VM ではありません。"), ev, null);
            if (item.PolicyType == null) return new Finding("Support.TrustedLaunchPolicy", CheckStatus.Unknown, Text("The policy type is not reported.", "ポリシーの種類が報告されていません。"), ev, null);
            if (!IsEnhanced(item))
                return new Finding("Support.TrustedLaunchPolicy", CheckStatus.Warning, Text("A Trusted Launch VM under a Standard policy: use the Enhanced policy (Standard needs Az 14 / CLI 2.73 and REST 2025-01-01).", "Standard ポリシーで保護されたトラステッド起動 VM です。拡張ポリシーを使ってください (Standard には Az 14 / CLI 2.73、REST 2025-01-01 が必要)。"), ev, null);
            return new Finding("Support.TrustedLaunchPolicy", CheckStatus.Pass, Text("Protected with the Enhanced policy.", "拡張ポリシーで保護されています。"), ev, null);
        }

        private static IEnumerable<BackupJobState> JobsOf(VmState vm, ProtectedItemState item, FleetInventory inventory) =>
            inventory.Jobs.Where(j => string.Equals(j.VaultId, item.VaultId, StringComparison.OrdinalIgnoreCase) &&
                                      (string.Equals(j.EntityFriendlyName, vm.Name, StringComparison.OrdinalIgnoreCase) || string.Equals(j.EntityFriendlyName, item.FriendlyName, StringComparison.OrdinalIgnoreCase)));

        private static string? RemedyFor(long? code, string? message)
        {
            var matches = RemedyCatalog.LoadDefault().Match(new RemedyQuery { NumericCode = code, Text = message });
            return matches.Count > 0 ? matches[0].Code : null;
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
