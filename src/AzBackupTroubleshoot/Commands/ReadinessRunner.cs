using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AzBackupTroubleshoot.Arm;
using AzBackupTroubleshoot.Guest;
using AzBackupTroubleshoot.Hosting;
using AzBackupTroubleshoot.Inventory;
using AzBackupTroubleshoot.Localization;
using AzBackupTroubleshoot.Readiness;

namespace AzBackupTroubleshoot.Commands
{
    /// <summary>
    /// Runs readiness scans in the background and hands everything they produce to the pipeline
    /// thread: reports in input order (a scan's pages as they are judged), errors, warnings, verbose request records, progress, and token
    /// refreshes (Get-AzAccessToken may only run on the pipeline thread). The cmdlet calls
    /// <see cref="Drain"/> from Begin/Process/EndProcessing; nothing here writes to a stream itself.
    /// </summary>
    internal sealed class ReadinessRunner : IDisposable
    {
        private readonly PSCmdlet _cmdlet;
        private readonly ArmPipelineSession _session;
        private readonly string _language;
        private readonly DisplayLanguage _display;
        private readonly List<ScanSlot> _scans = new List<ScanSlot>();
        private readonly ReadinessScanner _scanner;
        private int _emitted;
        private int _vmsReported;
        private bool _progressShown;

        private ReadinessRunner(PSCmdlet cmdlet, ArmPipelineSession session, CheckSelection selection, bool inGuest)
        {
            _cmdlet = cmdlet;
            _session = session;
            _language = session.Language;
            DisplayLanguages.TryParse(_language, out _display);
            GuestScanOptions? guest = null;
            if (inGuest)
            {
                guest = new GuestScanOptions(new RunCommandGuestRunner(session.Connection))
                {
                    OnProgress = p => session.Post(() => ShowGuestProgress(p)),
                };
            }

            _scanner = new ReadinessScanner(session.Connection, selection, guest: guest);
        }

        public AzLogin Login => _session.Login;

        /// <summary>Checks the -Check/-ExcludeCheck ids; null when they are all known.</summary>
        public static string? ValidateChecks(string[]? include, string[]? exclude)
        {
            try
            {
                _ = new CheckSelection(include, exclude);
                return null;
            }
            catch (ArgumentException ex)
            {
                return ex.Message;
            }
        }

        /// <summary>The guest check ids named in -Check/-ExcludeCheck, comma-separated; null when none.</summary>
        public static string? GuestChecksNamed(string[]? include, string[]? exclude)
        {
            var named = (include ?? new string[0]).Concat(exclude ?? new string[0])
                .Where(id => Checks.CheckCatalog.TryGet(id, out var c) && c.Source == Checks.CheckSource.Guest).ToArray();
            return named.Length == 0 ? null : string.Join(", ", named);
        }

        public static IReadOnlyList<string> CheckIds() => Checks.CheckCatalog.Evaluated.Select(c => c.Id).ToArray();

        public static string CheckDescription(string id, string language)
        {
            DisplayLanguages.TryParse(language, out var display);
            return Checks.CheckCatalog.TryGet(id, out var check) ? check.Description.Get(display) : id;
        }

        /// <summary>Signs in through the user's Az session (pipeline thread) and prepares the connection.</summary>
        public static ReadinessRunner Start(PSCmdlet cmdlet, object? defaultProfile, string[]? include, string[]? exclude, string language, bool inGuest = false)
        {
            var selection = new CheckSelection(include, exclude);
            return new ReadinessRunner(cmdlet, ArmPipelineSession.Start(cmdlet, defaultProfile, language), selection, inGuest);
        }

        /// <summary>Parses a VM, group or subscription id; the error text when it is none of these.</summary>
        public static string? ValidateResourceId(string id)
        {
            try
            {
                InventoryScope.FromResourceId(id);
                return null;
            }
            catch (ArgumentException ex)
            {
                return ex.Message;
            }
        }

        /// <summary>Starts a scan of a VM, group or subscription id in the background.</summary>
        public void Enqueue(string scopeId)
        {
            var scope = InventoryScope.FromResourceId(scopeId);
            if (scope.VmName == null || _scans.Count > 0) ShowProgress(CmdletText.ProgressReading(_language, scope.Id), -1);
            Start(scope.Id, (onBatch, token) => _scanner.ScanInBatchesAsync(scope, onBatch, token));
        }

        /// <summary>Starts a scan of several subscriptions through Azure Resource Graph in the background.</summary>
        public void EnqueueSubscriptions(IReadOnlyList<string> subscriptionIds) => EnqueueGraph(ResourceGraphScope.ForSubscriptions(subscriptionIds));

        /// <summary>Starts a scan of the subscriptions under management groups through Azure Resource Graph in the background.</summary>
        public void EnqueueManagementGroups(IReadOnlyList<string> managementGroups) => EnqueueGraph(ResourceGraphScope.ForManagementGroups(managementGroups));

        private void EnqueueGraph(ResourceGraphScope scope)
        {
            ShowProgress(CmdletText.ProgressReadingGraph(_language, scope.Subscriptions.Count, scope.ManagementGroups.Count), -1);
            Start(scope.ToString(), (onBatch, token) => _scanner.ScanGraphAsync(scope, onBatch, token));
        }

        private void Start(string target, Func<Action<ReadinessScanResult>, CancellationToken, Task> scan)
        {
            var token = _session.Cancellation;
            var slot = new ScanSlot();
            _scans.Add(slot);
            _ = Task.Run(async () =>
            {
                try
                {
                    // Each page's reports go to the pipeline thread as soon as they are judged.
                    await scan(batch =>
                    {
                        slot.Batches.Enqueue(batch);
                        _session.Post(() => { });
                    }, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                }
                catch (Exception ex)
                {
                    _session.Post(() => _cmdlet.WriteError(_session.ErrorFor(target, ex, ErrorIds.ReadinessScanFailed)));
                }
                finally
                {
                    // The slot is marked done before the wake-up is posted, so the drain that takes
                    // the wake-up always sees the scan finished.
                    slot.Done = true;
                    _session.Post(() => { });
                }
            });
        }

        /// <summary>
        /// Runs queued messages on the pipeline thread and writes finished reports in input order.
        /// With <paramref name="untilDone"/> it returns only when every scan has ended (or Ctrl+C).
        /// </summary>
        public void Drain(bool untilDone)
        {
            while (true)
            {
                _session.Pump();
                EmitFinished();
                // Woken by any message, a finished scan included.
                if (!untilDone || _emitted == _scans.Count || !_session.WaitForMessage()) break;
            }

            if (!untilDone) return;
            _session.WriteRequestSummary();
            if (_progressShown)
            {
                _cmdlet.WriteProgress(new ProgressRecord(1, CmdletText.ProgressActivity(_language), " ") { RecordType = ProgressRecordType.Completed });
            }
        }

        /// <summary>Ctrl+C: called on another thread.</summary>
        public void Cancel() => _session.Cancel();

        public void Dispose() => _session.Dispose();

        private void EmitFinished()
        {
            while (_emitted < _scans.Count)
            {
                // Done is read before the batches: a scan seen done has posted all of them.
                var slot = _scans[_emitted];
                var done = slot.Done;
                while (slot.Batches.TryDequeue(out var batch)) Emit(batch);
                if (!done) break;
                _emitted++;
                if (_progressShown || _scans.Count > 1)
                {
                    var percent = _scans.Count > 1 ? _emitted * 100 / _scans.Count : 100;
                    ShowProgress(CmdletText.ProgressChecked(_language, _vmsReported, _emitted, _scans.Count), percent);
                }
            }
        }

        private void Emit(ReadinessScanResult result)
        {
            foreach (var gap in result.Gaps) _cmdlet.WriteWarning(CmdletText.PartlyUnknown(_language, gap));
            foreach (var failure in result.Failures) _cmdlet.WriteError(_session.ErrorFor(failure.VmId, failure.Error, ErrorIds.ReadinessScanFailed));
            var failed = new HashSet<string>(result.Failures.Select(f => f.VmId), StringComparer.OrdinalIgnoreCase);
            foreach (var report in result.Reports)
            {
                // A VM whose read failed has no report worth showing: its error says so.
                if (failed.Contains(report.VmId) && report.Findings.All(f => f.Status == CheckStatus.Unknown || f.CheckId == "Vm.Exists")) continue;
                _vmsReported++;
                _cmdlet.WriteObject(Project(report));
            }
        }

        /// <summary>Pipeline thread: one child progress line per VM whose guest is being asked.</summary>
        private void ShowGuestProgress(GuestRunProgress progress)
        {
            _progressShown = true;
            var id = 2 + (int)((uint)StringComparer.OrdinalIgnoreCase.GetHashCode(progress.VmId) % 100000);
            var record = new ProgressRecord(id, CmdletText.GuestProgressActivity(_language, progress.Name), CmdletText.GuestProgressStatus(_language, progress.Stage.ToString())) { ParentActivityId = 1 };
            if (progress.Stage != GuestRunStage.Started) record.RecordType = ProgressRecordType.Completed;
            _cmdlet.WriteProgress(record);
        }

        private void ShowProgress(string status, int percent)
        {
            _progressShown = true;
            _cmdlet.WriteProgress(new ProgressRecord(1, CmdletText.ProgressActivity(_language), status) { PercentComplete = percent });
        }

        private VmBackupReadiness Project(VmReadinessReport report)
        {
            var findings = report.Findings.Select(f =>
            {
                var evidence = new FindingEvidence();
                foreach (var kv in f.Evidence) evidence[kv.Key] = kv.Value;
                return new ReadinessFinding(report.VmId, report.Name, report.ResourceGroup, f.CheckId, f.Status.ToString(), f.Message.Get(_display), evidence, f.RemedyCode, _language,
                    f.Message.English, f.Message.Japanese);
            }).ToArray();
            return new VmBackupReadiness(report.VmId, report.SubscriptionId, report.ResourceGroup, report.Name, report.Location,
                report.Status.ToString(), findings, DateTimeOffset.UtcNow, _language);
        }

        /// <summary>One background scan: its batches are queued before Done is set, Done before the last wake-up.</summary>
        private sealed class ScanSlot
        {
            private volatile bool _done;
            public ConcurrentQueue<ReadinessScanResult> Batches { get; } = new ConcurrentQueue<ReadinessScanResult>();
            public bool Done { get => _done; set => _done = value; }
        }
    }
}
