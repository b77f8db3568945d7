using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AzBackupTroubleshoot.Arm;
using AzBackupTroubleshoot.Inventory;
using AzBackupTroubleshoot.Localization;
using AzBackupTroubleshoot.Remedies;
using static AzBackupTroubleshoot.Inventory.ArmJson;

namespace AzBackupTroubleshoot.Repair
{
    /// <summary>
    /// Removes a VM's backup extension (VMSnapshot, VMSnapshotLinux) so that the next backup reinstalls it,
    /// and on request restarts the guest agent and starts an on-demand backup. Reads first
    /// (<see cref="PlanAsync"/>), so that the host can approve each write; then makes only the approved
    /// writes (<see cref="ExecuteAsync"/>). It never writes to anything but the backup extension, the VM's
    /// Run Command and the VM's protected item's backup action.
    /// </summary>
    public sealed class VmSnapshotRepairer
    {
        public const string StuckRemedyCode = "ExtensionStuckInDeletionState";
        public const string AgentNotReadyRemedyCode = "UserErrorGuestAgentStatusUnavailable";

        /// <summary>The publisher of the backup extension; names compare case-insensitively, so older spellings match too.</summary>
        public static readonly string[] Publishers = { "Microsoft.Azure.RecoveryServices" };
        public static readonly string[] Types = { "VMSnapshot", "VMSnapshotLinux" };

        private static readonly string[] TerminalJobStates = { "Completed", "CompletedWithWarnings", "Failed", "Cancelled", "Canceled" };
        private static readonly string[] TransitionStates = { "Deleting", "Creating", "Updating" };

        private readonly ArmConnection _connection;

        public VmSnapshotRepairer(ArmConnection connection) => _connection = connection ?? throw new ArgumentNullException(nameof(connection));

        /// <summary>True for the backup extension's handler type (publisher.type) or its publisher and type.</summary>
        public static bool IsBackupExtension(string? publisher, string? type)
        {
            if (type == null) return false;
            if (publisher == null)
            {
                // The instance view names the handler as publisher.type.
                return Publishers.Any(p => Types.Any(t => string.Equals(type, p + "." + t, StringComparison.OrdinalIgnoreCase)));
            }

            return Publishers.Any(p => string.Equals(p, publisher, StringComparison.OrdinalIgnoreCase)) &&
                   Types.Any(t => string.Equals(t, type, StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>Reads the VM, its extensions and its protected item; decides which writes a repair would make.</summary>
        public async Task<RepairPlan> PlanAsync(string vmId, RepairOptions options, CancellationToken cancellationToken)
        {
            var scope = InventoryScope.FromVmId(vmId);
            var plan = new RepairPlan(scope.VmId) { Options = options, Name = scope.VmName ?? "", ResourceGroup = scope.ResourceGroup ?? "" };
            var inventory = await FleetInventory.LoadAsync(_connection, scope, null, cancellationToken).ConfigureAwait(false);
            var failure = inventory.Failures.FirstOrDefault(f => f.VmId.Equals(scope.VmId, StringComparison.OrdinalIgnoreCase));
            var vm = inventory.Vms.FirstOrDefault(v => v != null && v.Id.Equals(scope.VmId, StringComparison.OrdinalIgnoreCase));
            if (vm == null)
            {
                plan.ReadError = failure?.Error ?? new ArmRequestException(404, "ResourceNotFound", $"The VM '{scope.VmId}' was not found.", scope.VmId, null);
                return plan;
            }

            plan.Name = vm.Name;
            plan.ResourceGroup = vm.ResourceGroup;
            plan.OsType = vm.OsType;
            plan.PowerState = vm.PowerState;
            plan.AgentStatus = vm.AgentStatuses.Select(s => s.DisplayStatus).FirstOrDefault(s => !string.IsNullOrEmpty(s));
            plan.Extensions = await FindExtensionsAsync(vm, cancellationToken).ConfigureAwait(false);
            if (inventory.ProtectedItems.TryGetValue(vm.Id, out var item) && !item.IsSoftDeleted)
            {
                plan.ProtectedItemId = item.Id;
                plan.VaultId = item.VaultId;
            }

            var running = string.Equals(plan.PowerState, "running", StringComparison.OrdinalIgnoreCase);
            if (!running)
            {
                plan.Warnings.Add(new LocalizedText(
                    $"{vm.Name} is not running (power state {plan.PowerState ?? "unknown"}): the backup extension comes back only with a backup of a running VM.",
                    $"{vm.Name} は実行中ではありません (電源状態 {plan.PowerState ?? "不明"})。バックアップ拡張機能は、実行中の VM のバックアップでのみ再インストールされます。"));
            }

            PlanExtensionRemoval(plan);
            if (options.RestartGuestAgent) PlanAgentRestart(plan, running);
            if (options.TriggerBackup) PlanBackup(plan, options);
            return plan;
        }

        private async Task<IReadOnlyList<BackupExtension>> FindExtensionsAsync(VmState vm, CancellationToken cancellationToken)
        {
            var found = new List<BackupExtension>();
            await foreach (var e in _connection.Rest.ListAsync(vm.Id + "/extensions", FleetInventory.ComputeApiVersion, cancellationToken).ConfigureAwait(false))
            {
                var p = Obj(e, "properties");
                var publisher = Str(p, "publisher");
                var type = Str(p, "type");
                if (!IsBackupExtension(publisher, type)) continue;
                var name = Str(e, "name") ?? type!;
                var view = vm.Extensions.FirstOrDefault(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase));
                found.Add(new BackupExtension(name, Str(e, "id") ?? vm.Id + "/extensions/" + name, publisher, type, Str(p, "provisioningState"), view?.Statuses.FirstOrDefault()?.Code));
            }

            // The instance view may report a handler the model no longer lists (a half-done delete): its resource is addressed by its name.
            foreach (var view in vm.Extensions.Where(x => x.Name != null && IsBackupExtension(null, x.Type)))
            {
                if (found.Any(f => string.Equals(f.Name, view.Name, StringComparison.OrdinalIgnoreCase))) continue;
                found.Add(new BackupExtension(view.Name!, vm.Id + "/extensions/" + view.Name, null, view.Type, null, view.Statuses.FirstOrDefault()?.Code));
            }

            return found;
        }

        private static void PlanExtensionRemoval(RepairPlan plan)
        {
            if (plan.Extensions.Count == 0)
            {
                plan.DecidedSteps.Add(new RepairStep("RemoveExtension", plan.VmId, RepairOutcome.Skipped, new LocalizedText(
                    "No backup extension (VMSnapshot, VMSnapshotLinux) is installed: nothing to remove; the next backup installs it.",
                    "バックアップ拡張機能 (VMSnapshot、VMSnapshotLinux) はインストールされていません。削除するものはありません。次回のバックアップでインストールされます。")));
                return;
            }

            foreach (var extension in plan.Extensions)
            {
                var state = extension.ProvisioningState;
                // The instance view says the same as ProvisioningState/deleting (or .../transitioning), also when the model no longer lists the extension.
                var viewState = extension.InstanceViewStatus?.Split('/').Skip(1).FirstOrDefault();
                var transition = TransitionStates.FirstOrDefault(t => string.Equals(t, state, StringComparison.OrdinalIgnoreCase)) ??
                                 TransitionStates.FirstOrDefault(t => string.Equals(t, viewState, StringComparison.OrdinalIgnoreCase)) ??
                                 (extension.InstanceViewStatus != null && extension.InstanceViewStatus.IndexOf("transitioning", StringComparison.OrdinalIgnoreCase) >= 0 ? "transitioning" : null);
                if (transition != null)
                {
                    // ARM refuses another operation while one runs (409); waiting on it may never end.
                    plan.DecidedSteps.Add(new RepairStep("RemoveExtension", extension.Id, RepairOutcome.Failed, new LocalizedText(
                        $"The extension {extension.Name} is {transition}: another operation holds it, so it was not deleted. Follow the remedy, then run the repair again.",
                        $"拡張機能 {extension.Name} は {transition} の状態です。別の操作が実行中のため削除しませんでした。対処法に従ってから、もう一度実行してください。"), StuckRemedyCode));
                    continue;
                }

                plan.Writes.Add(new PlannedWrite(RepairAction.RemoveExtension, extension.Id, new LocalizedText(
                    $"Remove the backup extension {extension.Name} (provisioning state {state ?? extension.InstanceViewStatus ?? "unknown"})",
                    $"バックアップ拡張機能 {extension.Name} を削除 (プロビジョニング状態 {state ?? extension.InstanceViewStatus ?? "不明"})")));
            }
        }

        private static void PlanAgentRestart(RepairPlan plan, bool running)
        {
            var ready = string.Equals(plan.AgentStatus, "Ready", StringComparison.OrdinalIgnoreCase);
            if (!running || !ready)
            {
                plan.DecidedSteps.Add(new RepairStep("RestartGuestAgent", plan.VmId, RepairOutcome.Skipped, new LocalizedText(
                    $"Run Command needs a running VM whose agent reports Ready; the VM is {plan.PowerState ?? "in an unknown state"} and the agent reports {plan.AgentStatus ?? "nothing"}. Restart the agent inside the guest.",
                    $"Run Command には、実行中でエージェントが Ready の VM が必要です。VM は {plan.PowerState ?? "不明な状態"}、エージェントは {plan.AgentStatus ?? "状態なし"} です。ゲスト内でエージェントを再起動してください。"),
                    ready ? null : AgentNotReadyRemedyCode));
                return;
            }

            plan.Writes.Add(new PlannedWrite(RepairAction.RestartGuestAgent, plan.VmId, new LocalizedText(
                $"Restart the guest agent ({AgentServices(plan)}) through Run Command",
                $"Run Command でゲスト エージェント ({AgentServices(plan)}) を再起動")));
        }

        private static void PlanBackup(RepairPlan plan, RepairOptions options)
        {
            if (plan.ProtectedItemId == null)
            {
                plan.DecidedSteps.Add(new RepairStep("TriggerBackup", plan.VmId, RepairOutcome.Skipped, new LocalizedText(
                    "No Recovery Services vault in this subscription protects the VM, so no backup was started.",
                    "このサブスクリプションの Recovery Services コンテナーはこの VM を保護していないため、バックアップを開始しませんでした。")));
                return;
            }

            var until = RetainUntil(options);
            plan.Writes.Add(new PlannedWrite(RepairAction.TriggerBackup, plan.ProtectedItemId, new LocalizedText(
                $"Start an on-demand backup kept until {until:yyyy-MM-dd}",
                $"{until:yyyy-MM-dd} まで保持するオンデマンド バックアップを開始")));
        }

        private static DateTimeOffset RetainUntil(RepairOptions options) => (options.RetainUntil ?? options.Clock().AddDays(30)).ToUniversalTime();

        private static bool IsLinux(RepairPlan plan) => string.Equals(plan.OsType, "Linux", StringComparison.OrdinalIgnoreCase);

        private static string AgentServices(RepairPlan plan) => IsLinux(plan) ? "walinuxagent / waagent" : "WindowsAzureGuestAgent";

        /// <summary>
        /// Makes the approved writes in order: extension removal, agent restart, backup (and its wait).
        /// A write not approved is reported WhatIf when <paramref name="whatIf"/>, else Skipped (declined).
        /// </summary>
        public async Task<VmRepairResult> ExecuteAsync(RepairPlan plan, Func<PlannedWrite, bool> approved, bool whatIf, CancellationToken cancellationToken)
        {
            var options = plan.Options;
            var deadline = options.Clock() + options.Timeout;
            var steps = new List<RepairStep>();
            RepairBackupJob? job = null;
            if (plan.ReadError != null) return new VmRepairResult(plan, steps, null);

            foreach (var action in new[] { RepairAction.RemoveExtension, RepairAction.RestartGuestAgent, RepairAction.TriggerBackup })
            {
                var name = action.ToString();
                steps.AddRange(plan.DecidedSteps.Where(s => s.What == name));
                foreach (var write in plan.Writes.Where(w => w.Action == action))
                {
                    if (!approved(write))
                    {
                        steps.Add(whatIf
                            ? new RepairStep(name, write.Target, RepairOutcome.WhatIf, write.Description)
                            : new RepairStep(name, write.Target, RepairOutcome.Skipped, new LocalizedText("Declined: " + write.Description.English, "拒否されました: " + write.Description.Japanese)));
                        continue;
                    }

                    switch (action)
                    {
                        case RepairAction.RemoveExtension:
                            steps.Add(await RemoveExtensionAsync(write.Target, deadline, options, cancellationToken).ConfigureAwait(false));
                            break;
                        case RepairAction.RestartGuestAgent:
                            steps.Add(await RestartAgentAsync(plan, deadline, options, cancellationToken).ConfigureAwait(false));
                            break;
                        default:
                            var (step, started) = await TriggerBackupAsync(plan, deadline, options, cancellationToken).ConfigureAwait(false);
                            steps.Add(step);
                            job = started;
                            if (started != null && options.Wait)
                            {
                                var (waitStep, ended) = await WaitForJobAsync(started, deadline, options, cancellationToken).ConfigureAwait(false);
                                steps.Add(waitStep);
                                job = ended;
                            }

                            break;
                    }
                }
            }

            return new VmRepairResult(plan, steps, job);
        }

        private async Task<RepairStep> RemoveExtensionAsync(string extensionId, DateTimeOffset deadline, RepairOptions options, CancellationToken cancellationToken)
        {
            const string what = "RemoveExtension";
            OperationOutcome outcome;
            try
            {
                var start = await _connection.Rest.SendAsync("DELETE", extensionId, FleetInventory.ComputeApiVersion, null, cancellationToken).ConfigureAwait(false);
                outcome = await OperationFollower.FollowAsync(_connection.Rest, start, extensionId, deadline, options, cancellationToken).ConfigureAwait(false);
            }
            catch (ArmRequestException ex)
            {
                return Refused(what, extensionId, ex, ex.Status == 409 ? StuckRemedyCode : null);
            }

            switch (outcome.State)
            {
                case OperationState.Succeeded:
                    return new RepairStep(what, extensionId, RepairOutcome.Done, new LocalizedText(
                        "Removed the backup extension; the next backup reinstalls it.",
                        "バックアップ拡張機能を削除しました。次回のバックアップで再インストールされます。"));
                case OperationState.TimedOut:
                    return new RepairStep(what, extensionId, RepairOutcome.Failed, new LocalizedText(
                        $"The deletion did not end within {options.Timeout.TotalSeconds:0} s: the extension is stuck in deletion.",
                        $"削除が {options.Timeout.TotalSeconds:0} 秒以内に終わりませんでした。拡張機能は削除中のまま止まっています。"), StuckRemedyCode);
                default:
                    return new RepairStep(what, extensionId, RepairOutcome.Failed, new LocalizedText(
                        $"ARM could not delete the extension: {outcome.ErrorCode} {outcome.ErrorMessage}".TrimEnd(),
                        $"ARM は拡張機能を削除できませんでした: {outcome.ErrorCode} {outcome.ErrorMessage}".TrimEnd()), RemedyFor(null, outcome.ErrorCode + " " + outcome.ErrorMessage), outcome.ErrorCode);
            }
        }

        private async Task<RepairStep> RestartAgentAsync(RepairPlan plan, DateTimeOffset deadline, RepairOptions options, CancellationToken cancellationToken)
        {
            const string what = "RestartGuestAgent";
            var linux = IsLinux(plan);
            var body = new Dictionary<string, object>
            {
                ["commandId"] = linux ? "RunShellScript" : "RunPowerShellScript",
                ["script"] = linux
                    ? new[] { "if systemctl list-unit-files walinuxagent.service >/dev/null 2>&1; then systemctl restart walinuxagent; elif command -v systemctl >/dev/null 2>&1; then systemctl restart waagent; else service walinuxagent restart || service waagent restart; fi" }
                    : new[] { "Restart-Service -Name WindowsAzureGuestAgent -Force" },
            };
            var path = plan.VmId + "/runCommand";
            OperationOutcome outcome;
            try
            {
                var start = await _connection.Rest.SendAsync("POST", path, FleetInventory.ComputeApiVersion, JsonSerializer.Serialize(body), cancellationToken).ConfigureAwait(false);
                outcome = await OperationFollower.FollowAsync(_connection.Rest, start, plan.VmId, deadline, options, cancellationToken).ConfigureAwait(false);
            }
            catch (ArmRequestException ex)
            {
                return Refused(what, plan.VmId, ex, null);
            }

            return outcome.State == OperationState.Succeeded
                ? new RepairStep(what, plan.VmId, RepairOutcome.Done, new LocalizedText($"Restarted {AgentServices(plan)} through Run Command.", $"Run Command で {AgentServices(plan)} を再起動しました。"))
                : new RepairStep(what, plan.VmId, RepairOutcome.Failed, outcome.State == OperationState.TimedOut
                    ? new LocalizedText($"Run Command did not end within {options.Timeout.TotalSeconds:0} s.", $"Run Command が {options.Timeout.TotalSeconds:0} 秒以内に終わりませんでした。")
                    : new LocalizedText($"Run Command failed: {outcome.ErrorCode} {outcome.ErrorMessage}".TrimEnd(), $"Run Command が失敗しました: {outcome.ErrorCode} {outcome.ErrorMessage}".TrimEnd()), null, outcome.ErrorCode);
        }

        private async Task<(RepairStep, RepairBackupJob?)> TriggerBackupAsync(RepairPlan plan, DateTimeOffset deadline, RepairOptions options, CancellationToken cancellationToken)
        {
            const string what = "TriggerBackup";
            var item = plan.ProtectedItemId!;
            var until = RetainUntil(options);
            // Backups_Trigger (TriggerBackup_Post.json): an IaasVMBackupRequest; the expiry is UTC.
            var body = "{\"properties\":{\"objectType\":\"IaasVMBackupRequest\",\"recoveryPointExpiryTimeInUTC\":\"" +
                       until.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) + "\"}}";
            OperationOutcome outcome;
            try
            {
                var start = await _connection.Rest.SendAsync("POST", item + "/backup", FleetInventory.BackupApiVersion, body, cancellationToken).ConfigureAwait(false);
                outcome = await OperationFollower.FollowAsync(_connection.Rest, start, item, deadline, options, cancellationToken).ConfigureAwait(false);
            }
            catch (ArmRequestException ex)
            {
                return (Refused(what, item, ex, RemedyFor(null, ex.ErrorCode + " " + ex.Message)), null);
            }

            // ProtectedItemOperationStatuses_Get: properties.jobId (OperationStatusJobExtendedInfo).
            var jobId = Str(Obj(outcome.Body, "properties"), "jobId");
            if (outcome.State != OperationState.Succeeded || string.IsNullOrEmpty(jobId))
            {
                var reason = outcome.State == OperationState.TimedOut
                    ? new LocalizedText($"The backup request was not accepted within {options.Timeout.TotalSeconds:0} s.", $"バックアップ要求が {options.Timeout.TotalSeconds:0} 秒以内に受け付けられませんでした。")
                    : outcome.State == OperationState.Succeeded
                        ? new LocalizedText("The backup operation ended without naming its job.", "バックアップ操作はジョブ ID を返さずに終了しました。")
                        : new LocalizedText($"The backup could not be started: {outcome.ErrorCode} {outcome.ErrorMessage}".TrimEnd(), $"バックアップを開始できませんでした: {outcome.ErrorCode} {outcome.ErrorMessage}".TrimEnd());
                return (new RepairStep(what, item, RepairOutcome.Failed, reason, RemedyFor(null, outcome.ErrorCode + " " + outcome.ErrorMessage), outcome.ErrorCode), null);
            }

            var job = new RepairBackupJob(plan.VaultId + "/backupJobs/" + jobId, "InProgress", Array.Empty<string>(), Array.Empty<string>(), Array.Empty<string>());
            return (new RepairStep(what, item, RepairOutcome.Done, new LocalizedText($"Started backup job {jobId}, kept until {until:yyyy-MM-dd}.", $"バックアップ ジョブ {jobId} を開始しました ({until:yyyy-MM-dd} まで保持)。")), job);
        }

        private async Task<(RepairStep, RepairBackupJob)> WaitForJobAsync(RepairBackupJob started, DateTimeOffset deadline, RepairOptions options, CancellationToken cancellationToken)
        {
            const string what = "WaitForBackup";
            var last = started;
            ArmResponse? response = null;
            while (true)
            {
                try
                {
                    response = await _connection.Rest.SendAsync("GET", started.Id, FleetInventory.BackupApiVersion, null, cancellationToken).ConfigureAwait(false);
                    last = ParseJob(started.Id, response.Body);
                }
                catch (ArmRequestException ex)
                {
                    return (Refused(what, started.Id, ex, null), last);
                }

                if (TerminalJobStates.Any(s => string.Equals(s, last.Status, StringComparison.OrdinalIgnoreCase))) break;
                var remaining = deadline - options.Clock();
                if (remaining <= TimeSpan.Zero)
                {
                    return (new RepairStep(what, started.Id, RepairOutcome.Failed, new LocalizedText(
                        $"The backup job is still {last.Status} after {options.Timeout.TotalSeconds:0} s; it goes on in the vault (Get-AzRecoveryServicesBackupJob).",
                        $"バックアップ ジョブは {options.Timeout.TotalSeconds:0} 秒後も {last.Status} です。ジョブはコンテナーで続行します (Get-AzRecoveryServicesBackupJob)。")), last);
                }

                var pause = OperationFollower.RetryAfter(response, options);
                if (response.Header("Retry-After") == null) pause = options.DefaultPollInterval;
                await options.Delay(pause < remaining ? pause : remaining, cancellationToken).ConfigureAwait(false);
            }

            var succeeded = last.Status != null && last.Status.StartsWith("Completed", StringComparison.OrdinalIgnoreCase);
            return (succeeded
                ? new RepairStep(what, started.Id, RepairOutcome.Done, new LocalizedText($"The backup job ended {last.Status}.", $"バックアップ ジョブは {last.Status} で終了しました。"))
                : new RepairStep(what, started.Id, RepairOutcome.Failed, new LocalizedText(
                    $"The backup job ended {last.Status}: {string.Join("; ", last.ErrorMessages)}".TrimEnd(' ', ':'),
                    $"バックアップ ジョブは {last.Status} で終了しました: {string.Join("; ", last.ErrorMessages)}".TrimEnd(' ', ':')), last.RemedyCodes.FirstOrDefault(), last.ErrorCodes.FirstOrDefault()), last);
        }

        /// <summary>JobDetails_Get: properties.status and errorDetails[] (errorCode number, errorString).</summary>
        internal static RepairBackupJob ParseJob(string id, JsonElement job)
        {
            var p = Obj(job, "properties");
            var codes = new List<string>();
            var remedies = new List<string>();
            var messages = new List<string>();
            foreach (var d in Arr(p, "errorDetails"))
            {
                var code = Long(d, "errorCode");
                var text = Str(d, "errorString") ?? Str(d, "errorMessage");
                if (code != null) codes.Add(code.Value.ToString(CultureInfo.InvariantCulture));
                if (text != null) messages.Add(text);
                var remedy = RemedyFor(code, text);
                if (remedy != null && !remedies.Contains(remedy)) remedies.Add(remedy);
            }

            return new RepairBackupJob(id, Str(p, "status"), codes, remedies, messages);
        }

        private static string? RemedyFor(long? code, string? text)
        {
            if (code == null && string.IsNullOrWhiteSpace(text)) return null;
            var matches = RemedyCatalog.LoadDefault().Match(new RemedyQuery { NumericCode = code, Text = text });
            return matches.Count > 0 ? matches[0].Code : null;
        }

        private static RepairStep Refused(string what, string target, ArmRequestException ex, string? remedy) =>
            new RepairStep(what, target, RepairOutcome.Failed, new LocalizedText($"ARM refused the request: {ex.Message}", $"ARM が要求を拒否しました: {ex.Message}"), remedy, ex.ErrorCode ?? ex.Status.ToString(CultureInfo.InvariantCulture));
    }
}
