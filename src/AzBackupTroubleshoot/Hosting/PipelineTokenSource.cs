using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using AzBackupTroubleshoot.Arm;

namespace AzBackupTroubleshoot.Hosting
{
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
