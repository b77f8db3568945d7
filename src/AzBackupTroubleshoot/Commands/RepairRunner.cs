using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using AzBackupTroubleshoot.Hosting;
using AzBackupTroubleshoot.Inventory;
using AzBackupTroubleshoot.Localization;
using AzBackupTroubleshoot.Repair;

namespace AzBackupTroubleshoot.Commands
{
    /// <summary>
    /// Repairs VMs for Repair-VmSnapshotExtension. Each VM is read and its writes approved one after
    /// another on the pipeline thread (ShouldProcess prompts in input order); the approved writes then run
    /// in the background, several VMs at once, and results are written in input order.
    /// </summary>
    internal sealed class RepairRunner : IDisposable
    {
        private readonly PSCmdlet _cmdlet;
        private readonly ArmPipelineSession _session;
        private readonly VmSnapshotRepairer _repairer;
        private readonly RepairOptions _options;
        private readonly bool _force;
        private readonly bool _whatIf;
        private readonly DisplayLanguage _display;
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly List<Task<VmRepairResult?>> _repairs = new List<Task<VmRepairResult?>>();
        private int _emitted;

        private RepairRunner(PSCmdlet cmdlet, ArmPipelineSession session, RepairOptions options, bool force, bool whatIf)
        {
            _cmdlet = cmdlet;
            _session = session;
            _options = options;
            _force = force;
            _whatIf = whatIf;
            DisplayLanguages.TryParse(session.Language, out _display);
            _repairer = new VmSnapshotRepairer(session.Connection);
        }

        public AzLogin Login => _session.Login;

        /// <summary>Signs in through the user's Az session (pipeline thread).</summary>
        public static RepairRunner Start(PSCmdlet cmdlet, object? defaultProfile, string language, bool restartGuestAgent, bool triggerBackup,
            DateTimeOffset? retainUntil, bool wait, int timeoutSeconds, bool force, bool whatIf)
        {
            var options = new RepairOptions
            {
                RestartGuestAgent = restartGuestAgent,
                TriggerBackup = triggerBackup,
                RetainUntil = retainUntil,
                Wait = wait,
                Timeout = TimeSpan.FromSeconds(timeoutSeconds),
            };
            return new RepairRunner(cmdlet, ArmPipelineSession.Start(cmdlet, defaultProfile, language), options, force, whatIf);
        }

        /// <summary>The error text when <paramref name="id"/> is not a VM's resource id; null when it is.</summary>
        public static string? ValidateVmId(string id)
        {
            try
            {
                InventoryScope.FromVmId(id);
                return null;
            }
            catch (ArgumentException ex)
            {
                return ex.Message;
            }
        }

        /// <summary>
        /// Pipeline thread: reads the VM, asks for each write (ShouldProcess, unless -Force) and starts the
        /// approved ones in the background. A VM seen before in this pipeline is repaired only once.
        /// </summary>
        public void Repair(string vmId)
        {
            var id = InventoryScope.FromVmId(vmId).VmId;
            if (!_seen.Add(id))
            {
                _cmdlet.WriteVerbose(CmdletText.RepairDuplicate(_session.Language, id));
                return;
            }

            RepairPlan plan;
            try
            {
                plan = _session.Await(token => _repairer.PlanAsync(id, _options, token));
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                _cmdlet.WriteError(_session.ErrorFor(id, ex, ErrorIds.RepairFailed));
                return;
            }

            if (plan.ReadError != null)
            {
                _cmdlet.WriteError(_session.ErrorFor(id, plan.ReadError, ErrorIds.RepairFailed));
                return;
            }

            foreach (var warning in plan.Warnings) _cmdlet.WriteWarning(warning.Get(_display));
            var approved = new HashSet<PlannedWrite>(plan.Writes.Where(Approve));
            var token = _session.Cancellation;
            var repair = Task.Run<VmRepairResult?>(async () =>
            {
                try
                {
                    return await _repairer.ExecuteAsync(plan, approved.Contains, _whatIf, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    return null;
                }
                catch (Exception ex)
                {
                    _session.Post(() => _cmdlet.WriteError(_session.ErrorFor(id, ex, ErrorIds.RepairFailed)));
                    return null;
                }
            });
            // Wakes the pipeline thread once the repair has ended (the task is complete when this runs).
            repair.ContinueWith(_ => _session.Post(() => { }), TaskScheduler.Default);
            _repairs.Add(repair);
            Drain(untilDone: false);
        }

        /// <summary>Pipeline thread: writes finished repairs in input order; with <paramref name="untilDone"/> waits for all.</summary>
        public void Drain(bool untilDone)
        {
            while (true)
            {
                _session.Pump();
                while (_emitted < _repairs.Count && _repairs[_emitted].IsCompleted)
                {
                    var result = _repairs[_emitted++].Result;
                    if (result != null) _cmdlet.WriteObject(Project(result));
                }

                if (!untilDone || _emitted == _repairs.Count || !_session.WaitForMessage()) break;
            }

            if (untilDone) _session.WriteRequestSummary();
        }

        /// <summary>Ctrl+C: called on another thread.</summary>
        public void Cancel() => _session.Cancel();

        public void Dispose() => _session.Dispose();

        // -WhatIf always wins; -Force only skips the question.
        private bool Approve(PlannedWrite write)
        {
            var description = write.Description.Get(_display);
            if (_force && !_whatIf) return true;
            return _cmdlet.ShouldProcess(
                CmdletText.RepairShouldProcess(_session.Language, description, write.Target),
                CmdletText.RepairShouldProcessQuestion(_session.Language, description),
                CmdletText.RepairShouldProcessCaption(_session.Language));
        }

        private VmSnapshotRepair Project(VmRepairResult result)
        {
            var plan = result.Plan;
            var steps = result.Steps.Select(s => new VmSnapshotRepairStep(s.What, s.Target, s.Outcome.ToString(), s.Reason.Get(_display), s.RemedyCode, s.ErrorCode)).ToList();
            var job = result.BackupJob == null ? null : new RepairBackupJobResult(result.BackupJob.Id, result.BackupJob.Status ?? string.Empty,
                new TextList(result.BackupJob.ErrorCodes.ToList()), new TextList(result.BackupJob.RemedyCodes.ToList()), new TextList(result.BackupJob.ErrorMessages.ToList()));
            var warnings = new TextList(plan.Warnings.Select(w => w.Get(_display)).ToList());
            var subscription = InventoryScope.FromVmId(plan.VmId).SubscriptionId;
            return new VmSnapshotRepair(plan.VmId, subscription, plan.ResourceGroup, plan.Name, plan.PowerState, plan.AgentStatus, new RepairStepList(steps), job, warnings, _session.Language);
        }
    }
}
