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
    /// thread: reports in input order, errors, warnings, verbose request records, progress, and token
    /// refreshes (Get-AzAccessToken may only run on the pipeline thread). The cmdlet calls
    /// <see cref="Drain"/> from Begin/Process/EndProcessing; nothing here writes to a stream itself.
    /// </summary>
    internal sealed class ReadinessRunner : IDisposable
    {
        // Loopback endpoints only (the ARM emulator): a self-signed certificate pinned by thumbprint.
        public const string TrustedThumbprintVariable = "AZBACKUPTROUBLESHOOT_TRUSTED_CERT_THUMBPRINT";
        private static readonly TimeSpan RefreshAhead = TimeSpan.FromMinutes(5);

        private readonly PSCmdlet _cmdlet;
        private readonly AzSession _session;
        private readonly string _language;
        private readonly DisplayLanguage _display;
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();
        private readonly BlockingCollection<Action> _toPipeline = new BlockingCollection<Action>();
        private readonly List<ScanSlot> _scans = new List<ScanSlot>();
        private readonly List<string> _scanTargets = new List<string>();
        private readonly PipelineTokenSource _tokens;
        private readonly ArmConnection _connection;
        private readonly ReadinessScanner _scanner;
        private readonly bool _verbose;
        private readonly bool _debug;
        private int _requests;
        private int _failedRequests;
        private int _emitted;
        private int _vmsReported;
        private bool _progressShown;

        private ReadinessRunner(PSCmdlet cmdlet, AzSession session, AzLogin login, AzToken token, CheckSelection selection, string language, bool inGuest)
        {
            _cmdlet = cmdlet;
            _session = session;
            _language = language;
            DisplayLanguages.TryParse(language, out _display);
            Login = login;
            _verbose = StreamPreferences.WantsVerbose(cmdlet);
            _debug = StreamPreferences.WantsDebug(cmdlet);
            _tokens = new PipelineTokenSource(token, _toPipeline, session, _cancel.Token);
            var options = new ArmConnectionOptions
            {
                OnRequest = record =>
                {
                    Interlocked.Increment(ref _requests);
                    if (record.Status == 0 || record.Status >= 400) Interlocked.Increment(ref _failedRequests);
                    if (_verbose) _toPipeline.Add(() => _cmdlet.WriteVerbose(record.ToString()));
                },
            };
            var pinned = Environment.GetEnvironmentVariable(TrustedThumbprintVariable);
            if (!string.IsNullOrWhiteSpace(pinned) && login.ResourceManagerUrl.IsLoopback) options.TrustedServerCertificateThumbprint = pinned;
            _connection = new ArmConnection(new ArmEndpoint(login.ResourceManagerUrl, login.Audience), _tokens, options);
            GuestScanOptions? guest = null;
            if (inGuest)
            {
                guest = new GuestScanOptions(new RunCommandGuestRunner(_connection))
                {
                    OnProgress = p => _toPipeline.Add(() => ShowGuestProgress(p)),
                };
            }

            _scanner = new ReadinessScanner(_connection, selection, guest: guest);
        }

        public AzLogin Login { get; }

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
            var session = new AzSession(cmdlet, defaultProfile, language);
            var login = session.ReadContext();
            var token = session.ReadToken();
            return new ReadinessRunner(cmdlet, session, login, token, new CheckSelection(include, exclude), language, inGuest);
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
            _scanTargets.Add(scope.Id);
            if (scope.VmName == null || _scans.Count > 0) ShowProgress(CmdletText.ProgressReading(_language, scope.Id), -1);
            var token = _cancel.Token;
            var slot = new ScanSlot();
            _scans.Add(slot);
            _ = Task.Run(async () =>
            {
                try
                {
                    slot.Result = await _scanner.ScanAsync(scope, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                }
                catch (Exception ex)
                {
                    _toPipeline.Add(() => _cmdlet.WriteError(ScanError(scope.Id, ex)));
                }
                finally
                {
                    // The slot is marked done before the wake-up is posted, so the drain that takes
                    // the wake-up always sees the scan finished.
                    slot.Done = true;
                    _toPipeline.Add(() => { });
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
                _tokens.RefreshIfDue(RefreshAhead);
                while (_toPipeline.TryTake(out var message)) message();
                EmitFinished();
                if (!untilDone || _emitted == _scans.Count || _cancel.IsCancellationRequested) break;
                try
                {
                    // Woken by any message, a finished scan included; the timeout only paces token refreshes.
                    if (_toPipeline.TryTake(out var next, 30_000, _cancel.Token)) next();
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            // One debug record for the whole run: per-request detail is for -Verbose.
            if (untilDone && _debug) _cmdlet.WriteDebug(CmdletText.RequestSummary(_language, _requests, _failedRequests, Login.ResourceManagerUrl.GetLeftPart(UriPartial.Authority)));
            if (untilDone && _progressShown)
            {
                _cmdlet.WriteProgress(new ProgressRecord(1, CmdletText.ProgressActivity(_language), " ") { RecordType = ProgressRecordType.Completed });
            }
        }

        /// <summary>Ctrl+C: called on another thread.</summary>
        public void Cancel()
        {
            _cancel.Cancel();
        }

        public void Dispose()
        {
            _cancel.Cancel();
            _connection.Dispose();
            _tokens.Dispose();
            _cancel.Dispose();
        }

        private void EmitFinished()
        {
            while (_emitted < _scans.Count && _scans[_emitted].Done)
            {
                var result = _scans[_emitted++].Result;
                if (result == null) continue;
                foreach (var gap in result.Gaps) _cmdlet.WriteWarning(CmdletText.PartlyUnknown(_language, gap));
                foreach (var failure in result.Failures) _cmdlet.WriteError(ReadError(failure.VmId, failure.Error));
                var failed = new HashSet<string>(result.Failures.Select(f => f.VmId), StringComparer.OrdinalIgnoreCase);
                foreach (var report in result.Reports)
                {
                    // A VM whose read failed has no report worth showing: its error says so.
                    if (failed.Contains(report.VmId) && report.Findings.All(f => f.Status == CheckStatus.Unknown || f.CheckId == "Vm.Exists")) continue;
                    _cmdlet.WriteObject(Project(report));
                    _vmsReported++;
                }

                if (_progressShown || _scans.Count > 1)
                {
                    var percent = _scans.Count > 1 ? _emitted * 100 / _scans.Count : 100;
                    ShowProgress(CmdletText.ProgressChecked(_language, _vmsReported, _emitted, _scans.Count), percent);
                }
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

        private ErrorRecord ReadError(string target, ArmRequestException error)
        {
            var isVm = target.IndexOf("/providers/Microsoft.Compute/virtualMachines/", StringComparison.OrdinalIgnoreCase) >= 0;
            var category = error.Status switch
            {
                403 => ErrorCategory.PermissionDenied,
                404 => ErrorCategory.ObjectNotFound,
                401 => ErrorCategory.AuthenticationError,
                429 => ErrorCategory.LimitsExceeded,
                408 => ErrorCategory.OperationTimeout,
                0 when ArmFailures.IsTimeout(error) => ErrorCategory.OperationTimeout,
                0 => ErrorCategory.ConnectionError,
                _ when error.Status >= 500 => ErrorCategory.ResourceUnavailable,
                _ => ErrorCategory.ReadError,
            };
            var unreachable = category == ErrorCategory.ConnectionError;
            var message = unreachable
                ? CmdletText.CannotConnect(_language, Login.ResourceManagerUrl.GetLeftPart(UriPartial.Authority), ArmFailures.Innermost(error).Message)
                : CmdletText.CannotRead(_language, target, error.Message);
            var action = unreachable ? CmdletText.CannotConnectAction(_language) : CmdletText.CannotReadAction(_language, error.Status);
            return new ErrorRecord(error, unreachable ? "ArmNotReachable" : isVm ? "VmNotReadable" : "ScopeNotReadable", category, target)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = action },
            };
        }

        private ErrorRecord ScanError(string target, Exception ex)
        {
            if (ex is AggregateException aggregate && aggregate.InnerExceptions.Count > 0) ex = aggregate.InnerExceptions[0];
            if (ex is ArmRequestException arm) return ReadError(target, arm);
            if (ArmFailures.IsConnectionFailure(ex))
            {
                // The SDK's own text ("Retry failed after 4 tries...") says nothing an admin can act on.
                var url = Login.ResourceManagerUrl.GetLeftPart(UriPartial.Authority);
                var message = CmdletText.CannotConnect(_language, url, ArmFailures.Innermost(ex).Message);
                return new ErrorRecord(ex, "ArmNotReachable", ErrorCategory.ConnectionError, target)
                {
                    ErrorDetails = new ErrorDetails(message) { RecommendedAction = CmdletText.CannotConnectAction(_language) },
                };
            }

            return new ErrorRecord(ex, "ReadinessScanFailed", ErrorCategory.NotSpecified, target)
            {
                ErrorDetails = new ErrorDetails(CmdletText.CannotRead(_language, target, ex.Message)),
            };
        }

        /// <summary>One background scan: its result is set before Done, Done before the wake-up.</summary>
        private sealed class ScanSlot
        {
            private volatile bool _done;
            public ReadinessScanResult? Result { get; set; }
            public bool Done { get => _done; set => _done = value; }
        }
    }

    /// <summary>
    /// Hands the engine the Az token. When it is about to expire, background requests ask the pipeline
    /// thread for a new one and wait; the pipeline thread also refreshes ahead whenever it drains.
    /// </summary>
    internal sealed class PipelineTokenSource : IAccessTokenSource, IDisposable
    {
        private static readonly TimeSpan MinimumLife = TimeSpan.FromMinutes(1);
        private readonly object _gate = new object();
        private readonly BlockingCollection<Action> _toPipeline;
        private readonly AzSession _session;
        private readonly CancellationToken _cancel;
        private AzToken _current;
        private TaskCompletionSource<AzToken>? _pending;
        private static readonly TimeSpan RefreshPause = TimeSpan.FromSeconds(30);
        private DateTimeOffset _lastEagerAttempt = DateTimeOffset.MinValue;
        private DateTimeOffset _lastRefresh = DateTimeOffset.MinValue;

        public PipelineTokenSource(AzToken token, BlockingCollection<Action> toPipeline, AzSession session, CancellationToken cancel)
        {
            _current = token;
            _toPipeline = toPipeline;
            _session = session;
            _cancel = cancel;
        }

        public async ValueTask<ArmAccessToken> GetTokenAsync(CancellationToken cancellationToken)
        {
            Task<AzToken> wait;
            lock (_gate)
            {
                var remaining = _current.ExpiresOn - DateTimeOffset.UtcNow;
                // A token Az just handed back is used until it really expires, even when short-lived:
                // asking again for every request would only get the same token back.
                if (remaining > MinimumLife || (remaining > TimeSpan.Zero && DateTimeOffset.UtcNow - _lastRefresh < RefreshPause))
                {
                    return new ArmAccessToken(_current.Reveal(), _current.ExpiresOn);
                }

                if (_pending == null)
                {
                    var pending = _pending = new TaskCompletionSource<AzToken>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _toPipeline.Add(() => Refresh(pending));
                }

                wait = _pending.Task;
            }

            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(() => cancelled.TrySetCanceled()))
            using (_cancel.Register(() => cancelled.TrySetCanceled()))
            {
                if (await Task.WhenAny(wait, cancelled.Task).ConfigureAwait(false) != wait) throw new OperationCanceledException(cancellationToken);
                var token = await wait.ConfigureAwait(false);
                return new ArmAccessToken(token.Reveal(), token.ExpiresOn);
            }
        }

        /// <summary>Pipeline thread: renews the token when it expires within <paramref name="ahead"/>.</summary>
        public void RefreshIfDue(TimeSpan ahead)
        {
            if (_cancel.IsCancellationRequested) return;
            TaskCompletionSource<AzToken>? pending;
            lock (_gate)
            {
                if (_current.ExpiresOn - DateTimeOffset.UtcNow > ahead) return;
                // Az may hand back the same short-lived token; ask again at most every 30 seconds.
                if (_pending == null && DateTimeOffset.UtcNow - _lastEagerAttempt < RefreshPause) return;
                _lastEagerAttempt = DateTimeOffset.UtcNow;
                pending = _pending ??= new TaskCompletionSource<AzToken>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            Refresh(pending);
        }

        private void Refresh(TaskCompletionSource<AzToken> pending)
        {
            if (pending.Task.IsCompleted) return;
            try
            {
                var fresh = _session.ReadToken();
                lock (_gate)
                {
                    _current.Dispose();
                    _current = fresh;
                    _pending = null;
                    _lastRefresh = DateTimeOffset.UtcNow;
                }

                pending.TrySetResult(fresh);
            }
            catch (Exception ex)
            {
                lock (_gate) _pending = null;
                pending.TrySetException(ex);
            }
        }

        public void Dispose()
        {
            lock (_gate) _current.Dispose();
        }
    }
}
