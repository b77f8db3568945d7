using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using AzBackupTroubleshoot.Inventory;

namespace AzBackupTroubleshoot.Readiness
{
    public static partial class ReadinessEvaluator
    {
        private static readonly ConditionalWeakTable<FleetInventory, InventoryIndex> Indexes = new ConditionalWeakTable<FleetInventory, InventoryIndex>();
        private static readonly ConditionalWeakTable<IReadOnlyList<BackupJobState>, SharedIndex> SharedIndexes = new ConditionalWeakTable<IReadOnlyList<BackupJobState>, SharedIndex>();

        /// <summary>The inventory's lookups by key, built once per inventory: a per-VM check never scans a whole listing.</summary>
        private static InventoryIndex IndexOf(FleetInventory inventory) => Indexes.GetValue(inventory, i => new InventoryIndex(i, SharedIndexOf(i)));

        /// <summary>
        /// The lookups over the subscription-wide listings (jobs, protected items, locks), built once for all the pages
        /// of a scan, which share those listings: a scan in pages of 100 must not index 9,000 items a hundred times.
        /// </summary>
        private static SharedIndex SharedIndexOf(FleetInventory inventory)
        {
            var shared = SharedIndexes.GetValue(inventory.Jobs, _ => new SharedIndex(inventory));
            return shared.Covers(inventory) ? shared : new SharedIndex(inventory);
        }

        private sealed class SharedIndex
        {
            // Jobs keyed "{vault}|{group};{vm}" by their container, or "{vault}|{name}" when they name none; each with its place in the listing.
            private readonly Dictionary<string, List<(int Position, BackupJobState Job)>> _jobsByContainer = new Dictionary<string, List<(int, BackupJobState)>>(StringComparer.OrdinalIgnoreCase);
            private readonly Dictionary<string, List<(int Position, BackupJobState Job)>> _unplacedJobsByName = new Dictionary<string, List<(int, BackupJobState)>>(StringComparer.OrdinalIgnoreCase);
            private readonly Dictionary<string, int> _itemsByVaultAndName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            private readonly ConcurrentDictionary<string, LockState[]> _blockingLocksByLocation = new ConcurrentDictionary<string, LockState[]>(StringComparer.OrdinalIgnoreCase);
            private readonly IReadOnlyList<BackupJobState> _jobs;
            private readonly IReadOnlyList<ProtectedItemState> _items;
            private readonly IReadOnlyList<LockState> _locks;

            public SharedIndex(FleetInventory inventory)
            {
                _jobs = inventory.Jobs;
                _items = inventory.AllProtectedItems;
                _locks = inventory.Locks;
                for (var i = 0; i < _jobs.Count; i++)
                {
                    var job = _jobs[i];
                    var key = job.ContainerName != null ? ContainerKey(job.ContainerName) : job.EntityFriendlyName;
                    if (key == null) continue;
                    var into = job.ContainerName != null ? _jobsByContainer : _unplacedJobsByName;
                    key = job.VaultId + "|" + key;
                    if (!into.TryGetValue(key, out var list)) into[key] = list = new List<(int, BackupJobState)>();
                    list.Add((i, job));
                }

                foreach (var item in _items)
                {
                    var key = item.VaultId + "|" + (item.FriendlyName ?? Last(item.SourceResourceId));
                    _itemsByVaultAndName[key] = _itemsByVaultAndName.TryGetValue(key, out var n) ? n + 1 : 1;
                }
            }

            /// <summary>True when the inventory reads these very listings (pages of one scan share them).</summary>
            public bool Covers(FleetInventory inventory) =>
                ReferenceEquals(inventory.Jobs, _jobs) && ReferenceEquals(inventory.AllProtectedItems, _items) && ReferenceEquals(inventory.Locks, _locks);

            public IEnumerable<BackupJobState> JobsOf(string vaultId, string container, IEnumerable<string> names)
            {
                var found = new List<(int Position, BackupJobState Job)>();
                if (_jobsByContainer.TryGetValue(vaultId + "|" + container, out var placed)) found.AddRange(placed);
                foreach (var name in names.Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    if (_unplacedJobsByName.TryGetValue(vaultId + "|" + name, out var named) && ItemsNamed(vaultId, name) <= 1) found.AddRange(named);
                }

                return found.OrderBy(j => j.Position).Select(j => j.Job);
            }

            private int ItemsNamed(string vaultId, string name) => _itemsByVaultAndName.TryGetValue(vaultId + "|" + name, out var n) ? n : 0;

            public LockState[] BlockingLocks(string subscriptionScope, string location) =>
                _blockingLocksByLocation.GetOrAdd(subscriptionScope + "|" + location, _ => _locks.Where(l =>
                    l.Scope.Equals(subscriptionScope, StringComparison.OrdinalIgnoreCase) || IsBackupGroupFor(l.Scope, location)).ToArray());
        }

        private sealed class InventoryIndex
        {
            private static readonly IReadOnlyList<RestorePointCollectionState> NoCollections = Array.Empty<RestorePointCollectionState>();
            private readonly Dictionary<string, List<RestorePointCollectionState>> _backupCollectionsByVm = new Dictionary<string, List<RestorePointCollectionState>>(StringComparer.OrdinalIgnoreCase);
            private readonly SharedIndex _shared;

            public InventoryIndex(FleetInventory inventory, SharedIndex shared)
            {
                _shared = shared;
                // The page's own collections (their restore points were counted for its VMs).
                foreach (var c in inventory.RestorePointCollections)
                {
                    if (!c.IsAzureBackupOwned || c.SourceVmId == null) continue;
                    if (!_backupCollectionsByVm.TryGetValue(c.SourceVmId, out var list)) _backupCollectionsByVm[c.SourceVmId] = list = new List<RestorePointCollectionState>();
                    list.Add(c);
                }
            }

            /// <summary>Azure Backup's own restore point collections (AzureBackup_*) of a VM.</summary>
            public IReadOnlyList<RestorePointCollectionState> BackupCollectionsOf(string vmId) =>
                _backupCollectionsByVm.TryGetValue(vmId, out var list) ? list : NoCollections;

            /// <summary>
            /// A vault's jobs for a VM, in listing order: by the container the job ran on when it names one; by
            /// entityFriendlyName only when no other item in the vault has that name.
            /// </summary>
            public IEnumerable<BackupJobState> JobsOf(string vaultId, string container, IEnumerable<string> names) => _shared.JobsOf(vaultId, container, names);

            /// <summary>Locks on the subscription, or on (anything in) the restore point group of this region.</summary>
            public LockState[] BlockingLocks(string subscriptionScope, string location) => _shared.BlockingLocks(subscriptionScope, location);
        }
    }
}
