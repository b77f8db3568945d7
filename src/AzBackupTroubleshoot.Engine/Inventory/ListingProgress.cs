using System;
using System.Threading;
using System.Threading.Tasks;

namespace AzBackupTroubleshoot.Inventory
{
    /// <summary>
    /// How far a shared listing read in the background has come: it advances with each page and ends once. Lets a
    /// page of VMs wait only for what it needs of the listing (its VMs' entries), not for the whole listing.
    /// </summary>
    internal sealed class ListingProgress
    {
        private readonly object _gate = new object();
        private TaskCompletionSource<bool> _changed = NewSignal();
        private bool _ended;

        public bool Ended
        {
            get { lock (_gate) return _ended; }
        }

        /// <summary>A page has been added.</summary>
        public void Advance()
        {
            TaskCompletionSource<bool> changed;
            lock (_gate)
            {
                changed = _changed;
                _changed = NewSignal();
            }

            changed.TrySetResult(true);
        }

        /// <summary>The listing is over (read whole, broken off or cancelled).</summary>
        public void End()
        {
            TaskCompletionSource<bool> changed;
            lock (_gate)
            {
                _ended = true;
                changed = _changed;
            }

            changed.TrySetResult(true);
        }

        /// <summary>Returns once <paramref name="satisfied"/> holds or the listing has ended, whichever comes first.</summary>
        public async Task WaitUntilAsync(Func<bool> satisfied, CancellationToken cancellationToken)
        {
            while (true)
            {
                Task changed;
                bool ended;
                // The signal is taken before the check: a page that lands in between completes it, so none is missed.
                lock (_gate)
                {
                    changed = _changed.Task;
                    ended = _ended;
                }

                if (ended || satisfied()) return;
                var stopped = NewSignal();
                using (cancellationToken.Register(() => stopped.TrySetResult(true)))
                {
                    await Task.WhenAny(changed, stopped.Task).ConfigureAwait(false);
                }

                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
