using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AzBackupTroubleshoot.Arm;
using AzBackupTroubleshoot.Commands;

namespace AzBackupTroubleshoot.Hosting
{
    /// <summary>
    /// The user's Az login as an ARM connection for background work, and the one queue through which that
    /// work reaches the pipeline thread: verbose request records, token refreshes (Get-AzAccessToken may
    /// only run on the pipeline thread) and whatever the cmdlet posts. Every cmdlet that talks to ARM
    /// uses one; nothing here writes to a stream except from <see cref="Pump"/> and <see cref="WaitForMessage"/>,
    /// which the pipeline thread calls.
    /// </summary>
    internal sealed class ArmPipelineSession : IDisposable
    {
        // Loopback endpoints only (the ARM emulator): a self-signed certificate pinned by thumbprint.
        public const string TrustedThumbprintVariable = "AZBACKUPTROUBLESHOOT_TRUSTED_CERT_THUMBPRINT";
        private static readonly TimeSpan RefreshAhead = TimeSpan.FromMinutes(5);
        // Only paces token refreshes while nothing else wakes the pipeline thread.
        private const int IdleWakeMilliseconds = 30_000;

        private readonly PSCmdlet _cmdlet;
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();
        private readonly BlockingCollection<Action> _toPipeline = new BlockingCollection<Action>();
        private readonly PipelineTokenSource _tokens;
        private readonly bool _debug;
        private int _requests;
        private int _failedRequests;

        private ArmPipelineSession(PSCmdlet cmdlet, AzSession session, AzLogin login, AzToken token, string language)
        {
            _cmdlet = cmdlet;
            Language = language;
            Login = login;
            var verbose = StreamPreferences.WantsVerbose(cmdlet);
            _debug = StreamPreferences.WantsDebug(cmdlet);
            _tokens = new PipelineTokenSource(token, _toPipeline, session, _cancel.Token);
            var options = new ArmConnectionOptions
            {
                OnRequest = record =>
                {
                    Interlocked.Increment(ref _requests);
                    if (record.Status == 0 || record.Status >= 400) Interlocked.Increment(ref _failedRequests);
                    if (verbose) Post(() => _cmdlet.WriteVerbose(record.ToString()));
                },
            };
            var pinned = Environment.GetEnvironmentVariable(TrustedThumbprintVariable);
            if (!string.IsNullOrWhiteSpace(pinned) && login.ResourceManagerUrl.IsLoopback) options.TrustedServerCertificateThumbprint = pinned;
            Connection = new ArmConnection(new ArmEndpoint(login.ResourceManagerUrl, login.Audience), _tokens, options);
        }

        public AzLogin Login { get; }
        public ArmConnection Connection { get; }
        public string Language { get; }
        public CancellationToken Cancellation => _cancel.Token;
        public bool IsCancelled => _cancel.IsCancellationRequested;

        /// <summary>Signs in through the user's Az session; pipeline thread. Throws <see cref="TerminatingLoginError"/>.</summary>
        public static ArmPipelineSession Start(PSCmdlet cmdlet, object? defaultProfile, string language)
        {
            var session = new AzSession(cmdlet, defaultProfile, language);
            var login = session.ReadContext();
            var token = session.ReadToken();
            return new ArmPipelineSession(cmdlet, session, login, token, language);
        }

        /// <summary>Any thread: runs <paramref name="onPipeline"/> on the pipeline thread at its next pump.</summary>
        public void Post(Action onPipeline) => _toPipeline.Add(onPipeline);

        /// <summary>Pipeline thread: refreshes the token when due and runs everything queued, without waiting.</summary>
        public void Pump()
        {
            _tokens.RefreshIfDue(RefreshAhead);
            while (_toPipeline.TryTake(out var message)) message();
        }

        /// <summary>Pipeline thread: waits for one message and runs it; false once cancelled (Ctrl+C).</summary>
        public bool WaitForMessage()
        {
            try
            {
                if (_toPipeline.TryTake(out var next, IdleWakeMilliseconds, _cancel.Token)) next();
                _tokens.RefreshIfDue(RefreshAhead);
                return !_cancel.IsCancellationRequested;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        /// <summary>
        /// Pipeline thread: runs <paramref name="work"/> in the background and serves the queue until it ends,
        /// so that its token refreshes and verbose records get through. Throws OperationCanceledException on Ctrl+C.
        /// </summary>
        public T Await<T>(Func<CancellationToken, Task<T>> work)
        {
            var task = Task.Run(() => work(_cancel.Token));
            // The wake-up is posted after the task has ended, so the wait below always sees it ended.
            task.ContinueWith(_ => Post(() => { }), TaskScheduler.Default);
            while (!task.IsCompleted)
            {
                if (!WaitForMessage()) throw new OperationCanceledException(_cancel.Token);
            }

            Pump();
            return task.GetAwaiter().GetResult();
        }

        /// <summary>Pipeline thread: one debug record for the whole run; per-request detail is for -Verbose.</summary>
        public void WriteRequestSummary()
        {
            if (_debug) _cmdlet.WriteDebug(CmdletText.RequestSummary(Language, _requests, _failedRequests, Login.ResourceManagerUrl.GetLeftPart(UriPartial.Authority)));
        }

        /// <summary>An ARM failure as an error record an admin can act on: its category, id and recommended action.</summary>
        public ErrorRecord ErrorFor(string target, Exception ex, string otherFailureId)
        {
            if (ex is AggregateException aggregate && aggregate.InnerExceptions.Count > 0) ex = aggregate.InnerExceptions[0];
            var url = Login.ResourceManagerUrl.GetLeftPart(UriPartial.Authority);
            if (ex is ArmRequestException error)
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
                    ? CmdletText.CannotConnect(Language, url, ArmFailures.Innermost(error).Message)
                    : CmdletText.CannotRead(Language, target, error.Message);
                var action = unreachable ? CmdletText.CannotConnectAction(Language) : CmdletText.CannotReadAction(Language, error.Status);
                return new ErrorRecord(error, unreachable ? ErrorIds.ArmNotReachable : isVm ? ErrorIds.VmNotReadable : ErrorIds.ScopeNotReadable, category, target)
                {
                    ErrorDetails = new ErrorDetails(message) { RecommendedAction = action },
                };
            }

            if (ArmFailures.IsConnectionFailure(ex))
            {
                // The SDK's own text ("Retry failed after 4 tries...") says nothing an admin can act on.
                return new ErrorRecord(ex, ErrorIds.ArmNotReachable, ErrorCategory.ConnectionError, target)
                {
                    ErrorDetails = new ErrorDetails(CmdletText.CannotConnect(Language, url, ArmFailures.Innermost(ex).Message)) { RecommendedAction = CmdletText.CannotConnectAction(Language) },
                };
            }

            return new ErrorRecord(ex, otherFailureId, ErrorCategory.NotSpecified, target)
            {
                ErrorDetails = new ErrorDetails(CmdletText.CannotRead(Language, target, ex.Message)),
            };
        }

        /// <summary>Ctrl+C: called on another thread.</summary>
        public void Cancel() => _cancel.Cancel();

        public void Dispose()
        {
            _cancel.Cancel();
            Connection.Dispose();
            _tokens.Dispose();
            _cancel.Dispose();
        }
    }
}
