using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Core;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Azure.ResourceManager.Resources;
using AzBackupTroubleshoot.Arm;
using static AzBackupTroubleshoot.Inventory.ArmJson;

namespace AzBackupTroubleshoot.Inventory
{
    public sealed class InventoryOptions
    {
        /// <summary>How far back failed backup jobs are read.</summary>
        public int FailedJobDays { get; set; } = 7;

        /// <summary>When set, subscription-wide listings are read once and shared by every load that uses this cache.</summary>
        public SharedListingCache? SharedListings { get; set; }
    }

    /// <summary>
    /// Subscription-wide listings (vaults and their items and jobs, locks, restore point collections)
    /// kept for the life of one command, so VMs piped in one by one share a single read of them.
    /// </summary>
    public sealed class SharedListingCache
    {
        private readonly ConcurrentDictionary<string, Lazy<Task<SubscriptionListings>>> _bySubscription =
            new ConcurrentDictionary<string, Lazy<Task<SubscriptionListings>>>(StringComparer.OrdinalIgnoreCase);

        internal Task<SubscriptionListings> GetOrAdd(string subscriptionId, Func<Task<SubscriptionListings>> read) =>
            _bySubscription.GetOrAdd(subscriptionId, _ => new Lazy<Task<SubscriptionListings>>(read)).Value;
    }

    internal sealed class SubscriptionListings
    {
        public SubscriptionListings(IReadOnlyDictionary<string, ProtectedItemState> protectedItems, IReadOnlyList<BackupJobState> jobs, IReadOnlyList<LockState> locks,
            IReadOnlyList<RestorePointCollectionState> restorePointCollections, IReadOnlyList<string> gaps)
        {
            ProtectedItems = protectedItems;
            Jobs = jobs;
            Locks = locks;
            RestorePointCollections = restorePointCollections;
            Gaps = gaps;
        }

        public IReadOnlyDictionary<string, ProtectedItemState> ProtectedItems { get; }
        public IReadOnlyList<BackupJobState> Jobs { get; }
        public IReadOnlyList<LockState> Locks { get; }
        public IReadOnlyList<RestorePointCollectionState> RestorePointCollections { get; }
        public IReadOnlyList<string> Gaps { get; }
    }

    /// <summary>A VM that could not be read, and why.</summary>
    public sealed class VmReadFailure
    {
        public VmReadFailure(string vmId, ArmRequestException error)
        {
            VmId = vmId;
            Error = error;
        }

        public string VmId { get; }
        public ArmRequestException Error { get; }
    }

    /// <summary>
    /// Everything the readiness checks read, fetched with list calls: each shared resource once, and
    /// per-VM detail only for the VMs whose listing lacks it.
    /// </summary>
    public sealed class FleetInventory
    {
        public const string BackupApiVersion = "2026-02-01";
        public const string VaultApiVersion = "2026-08-01";
        public const string LockApiVersion = "2020-05-01";
        public const string ComputeApiVersion = "2023-07-01";

        private FleetInventory()
        {
        }

        public IReadOnlyList<VmState> Vms { get; private set; } = Array.Empty<VmState>();
        public IReadOnlyList<VmReadFailure> Failures { get; private set; } = Array.Empty<VmReadFailure>();
        /// <summary>Protected items by their source VM id (case-insensitive).</summary>
        public IReadOnlyDictionary<string, ProtectedItemState> ProtectedItems { get; private set; } = new Dictionary<string, ProtectedItemState>();
        public IReadOnlyList<BackupJobState> Jobs { get; private set; } = Array.Empty<BackupJobState>();
        public IReadOnlyList<LockState> Locks { get; private set; } = Array.Empty<LockState>();
        public IReadOnlyList<RestorePointCollectionState> RestorePointCollections { get; private set; } = Array.Empty<RestorePointCollectionState>();
        /// <summary>NICs, subnets, NSGs and route tables the VMs reference.</summary>
        public NetworkView Network { get; private set; } = new NetworkView();
        /// <summary>Parts that could not be read (a vault denied, say): the checks that need them answer Unknown.</summary>
        public IReadOnlyList<string> Gaps { get; private set; } = Array.Empty<string>();
        public DateTimeOffset ReadAt { get; private set; }

        public static async Task<FleetInventory> LoadAsync(ArmConnection connection, InventoryScope scope, InventoryOptions? options = null, CancellationToken cancellationToken = default)
        {
            options ??= new InventoryOptions();
            var inventory = new FleetInventory { ReadAt = DateTimeOffset.UtcNow };
            // The VMs first: their count decides nothing else, so the shared lists run alongside.
            var vmsTask = ReadVmsAsync(connection, scope, cancellationToken);
            var sharedTask = options.SharedListings != null
                ? options.SharedListings.GetOrAdd(scope.SubscriptionId, () => ReadSharedAsync(connection, scope, options, cancellationToken))
                : ReadSharedAsync(connection, scope, options, cancellationToken);
            var network = new NetworkReader(connection);
            var networkListings = network.PreloadAsync(scope, cancellationToken);

            var (vms, failures) = await vmsTask.ConfigureAwait(false);
            await networkListings.ConfigureAwait(false);
            inventory.Network = await network.CompleteAsync(vms.Where(v => v != null), cancellationToken).ConfigureAwait(false);
            var shared = await sharedTask.ConfigureAwait(false);
            inventory.Vms = vms;
            inventory.Failures = failures;
            inventory.ProtectedItems = shared.ProtectedItems;
            inventory.Jobs = shared.Jobs;
            inventory.Locks = shared.Locks;
            inventory.RestorePointCollections = shared.RestorePointCollections;
            inventory.Gaps = shared.Gaps;
            return inventory;
        }

        private static async Task<SubscriptionListings> ReadSharedAsync(ArmConnection connection, InventoryScope scope, InventoryOptions options, CancellationToken cancellationToken)
        {
            var gaps = new ConcurrentQueue<string>();
            var backupTask = ReadBackupAsync(connection, scope, options, gaps, cancellationToken);
            var locksTask = ReadListAsync(connection, $"/subscriptions/{scope.SubscriptionId}/providers/Microsoft.Authorization/locks", LockApiVersion, null, ParseLock, "locks", gaps, cancellationToken);
            var rpcTask = ReadListAsync(connection, $"/subscriptions/{scope.SubscriptionId}/providers/Microsoft.Compute/restorePointCollections", ComputeApiVersion, null, ParseRestorePointCollection, "restore point collections", gaps, cancellationToken);
            var (items, jobs) = await backupTask.ConfigureAwait(false);
            var locks = await locksTask.ConfigureAwait(false);
            var rpcs = await rpcTask.ConfigureAwait(false);
            return new SubscriptionListings(items, jobs, locks, rpcs, gaps.ToArray());
        }

        private static async Task<(IReadOnlyList<VmState>, IReadOnlyList<VmReadFailure>)> ReadVmsAsync(ArmConnection connection, InventoryScope scope, CancellationToken cancellationToken)
        {
            var client = connection.Client;
            var failures = new ConcurrentQueue<VmReadFailure>();
            var listed = new List<VirtualMachineData>();
            try
            {
                if (scope.VmName != null)
                {
                    var vm = client.GetVirtualMachineResource(new ResourceIdentifier(scope.VmId));
                    listed.Add((await vm.GetAsync(InstanceViewType.InstanceView, cancellationToken).ConfigureAwait(false)).Value.Data);
                }
                else if (scope.ResourceGroup != null)
                {
                    var group = client.GetResourceGroupResource(ResourceGroupResource.CreateResourceIdentifier(scope.SubscriptionId, scope.ResourceGroup));
                    await foreach (var vm in group.GetVirtualMachines().GetAllAsync(expand: GetVirtualMachineExpandType.InstanceView, cancellationToken: cancellationToken).ConfigureAwait(false))
                    {
                        listed.Add(vm.Data);
                    }
                }
                else
                {
                    var subscription = client.GetSubscriptionResource(SubscriptionResource.CreateResourceIdentifier(scope.SubscriptionId));
                    await foreach (var vm in subscription.GetVirtualMachinesAsync(statusOnly: "true", cancellationToken: cancellationToken).ConfigureAwait(false))
                    {
                        listed.Add(vm.Data);
                    }
                }
            }
            catch (RequestFailedException ex)
            {
                var target = scope.VmName != null ? scope.VmId : $"/subscriptions/{scope.SubscriptionId}" + (scope.ResourceGroup != null ? "/resourceGroups/" + scope.ResourceGroup : "");
                failures.Enqueue(new VmReadFailure(target, ArmErrors.From(ex, target)));
                return (Array.Empty<VmState>(), failures.ToArray());
            }

            var states = new VmState[listed.Count];
            var detail = new List<Task>();
            for (var i = 0; i < listed.Count; i++)
            {
                var data = listed[i];
                if (data.InstanceView?.VmAgent != null)
                {
                    states[i] = VmStateMapper.From(data, data.InstanceView);
                    continue;
                }

                // The listing carried no agent view: read this VM's instance view on its own.
                var index = i;
                detail.Add(Task.Run(async () =>
                {
                    try
                    {
                        var resource = client.GetVirtualMachineResource(data.Id);
                        var view = (await resource.InstanceViewAsync(cancellationToken).ConfigureAwait(false)).Value;
                        states[index] = VmStateMapper.From(data, view);
                    }
                    catch (RequestFailedException ex)
                    {
                        states[index] = VmStateMapper.From(data, null);
                        failures.Enqueue(new VmReadFailure(data.Id.ToString(), ArmErrors.From(ex, data.Id.ToString())));
                    }
                }, cancellationToken));
            }

            await Task.WhenAll(detail).ConfigureAwait(false);
            return (states, failures.ToArray());
        }

        private static async Task<(IReadOnlyDictionary<string, ProtectedItemState>, IReadOnlyList<BackupJobState>)> ReadBackupAsync(
            ArmConnection connection, InventoryScope scope, InventoryOptions options, ConcurrentQueue<string> gaps, CancellationToken cancellationToken)
        {
            var items = new ConcurrentDictionary<string, ProtectedItemState>(StringComparer.OrdinalIgnoreCase);
            var jobs = new ConcurrentQueue<BackupJobState>();
            var vaults = await ReadListAsync(connection, $"/subscriptions/{scope.SubscriptionId}/providers/Microsoft.RecoveryServices/vaults", VaultApiVersion, null,
                e => (Id: Str(e, "id") ?? "", Location: Str(e, "location")), "Recovery Services vaults", gaps, cancellationToken).ConfigureAwait(false);

            var now = DateTimeOffset.UtcNow;
            var window = $"startTime eq '{Format(now.AddDays(-options.FailedJobDays))}' and endTime eq '{Format(now)}'";
            var tasks = vaults.Where(v => v.Id.Length > 0).Select(async vault =>
            {
                var read = await ReadListAsync(connection, vault.Id + "/backupProtectedItems", BackupApiVersion, "$filter=" + Uri.EscapeDataString("backupManagementType eq 'AzureIaasVM'"),
                    e => ParseProtectedItem(e, vault.Id, vault.Location), "protected items of " + vault.Id, gaps, cancellationToken).ConfigureAwait(false);
                foreach (var item in read)
                {
                    if (item.SourceResourceId != null) items[item.SourceResourceId] = item;
                }

                foreach (var status in new[] { "Failed", "InProgress" })
                {
                    var filter = "$filter=" + Uri.EscapeDataString($"status eq '{status}' and {window}");
                    foreach (var job in await ReadListAsync(connection, vault.Id + "/backupJobs", BackupApiVersion, filter, e => ParseJob(e, vault.Id),
                                 status + " jobs of " + vault.Id, gaps, cancellationToken).ConfigureAwait(false))
                    {
                        jobs.Enqueue(job);
                    }
                }
            });
            await Task.WhenAll(tasks).ConfigureAwait(false);
            return (items, jobs.ToArray());
        }

        private static async Task<IReadOnlyList<T>> ReadListAsync<T>(
            ArmConnection connection, string path, string apiVersion, string? query, Func<JsonElement, T> parse, string what, ConcurrentQueue<string> gaps, CancellationToken cancellationToken)
        {
            var list = new List<T>();
            try
            {
                await foreach (var e in connection.Rest.ListAsync(path, apiVersion, cancellationToken, query).ConfigureAwait(false))
                {
                    if (e.ValueKind == JsonValueKind.Object) list.Add(parse(e));
                }
            }
            catch (ArmRequestException ex)
            {
                gaps.Enqueue($"{what}: {ex.Message}");
            }

            return list;
        }

        private static ProtectedItemState ParseProtectedItem(JsonElement e, string vaultId, string? vaultLocation)
        {
            var p = Obj(e, "properties");
            return new ProtectedItemState
            {
                Id = Str(e, "id") ?? "",
                VaultId = vaultId,
                VaultLocation = vaultLocation,
                SourceResourceId = Str(p, "sourceResourceId") ?? Str(p, "virtualMachineId"),
                FriendlyName = Str(p, "friendlyName"),
                PolicyId = Str(p, "policyId"),
                PolicyType = Str(p, "policyType"),
                ProtectionState = Str(p, "protectionState"),
                HealthStatus = Str(p, "healthStatus"),
                HealthDetails = Arr(p, "healthDetails").Select(h => new HealthDetail(Int(h, "code"), Str(h, "title"), Str(h, "message"), Strings(h, "recommendations"))).ToArray(),
                LastBackupStatus = Str(p, "lastBackupStatus"),
                LastBackupTime = Date(p, "lastBackupTime"),
            };
        }

        private static BackupJobState ParseJob(JsonElement e, string vaultId)
        {
            var p = Obj(e, "properties");
            return new BackupJobState
            {
                Id = Str(e, "id") ?? "",
                VaultId = vaultId,
                EntityFriendlyName = Str(p, "entityFriendlyName"),
                Operation = Str(p, "operation"),
                Status = Str(p, "status"),
                StartTime = Date(p, "startTime"),
                Errors = Arr(p, "errorDetails").Select(d => new JobErrorState(Long(d, "errorCode"), Str(d, "errorString") ?? Str(d, "errorMessage"), Strings(d, "recommendations"))).ToArray(),
            };
        }

        private static LockState ParseLock(JsonElement e)
        {
            var p = Obj(e, "properties");
            return new LockState(Str(e, "id") ?? "", Str(p, "level"), Str(p, "notes"));
        }

        private static RestorePointCollectionState ParseRestorePointCollection(JsonElement e)
        {
            var p = Obj(e, "properties");
            return new RestorePointCollectionState(Str(e, "id") ?? "", Str(Obj(p, "source"), "id"), Arr(p, "restorePoints").Count());
        }

        // ARM's BackupJobs filter wants this exact form (ListJobsWithStartTimeAndEndTimeFilters.json).
        private static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd hh:mm:ss tt", CultureInfo.InvariantCulture);
    }
}
