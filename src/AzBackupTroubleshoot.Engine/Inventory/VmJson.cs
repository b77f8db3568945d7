using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using static AzBackupTroubleshoot.Inventory.ArmJson;

namespace AzBackupTroubleshoot.Inventory
{
    /// <summary>
    /// From ARM's VM JSON (VirtualMachine_Get.json, VirtualMachine_Get_InstanceView.json) to the checks'
    /// view of a VM. Read as JSON rather than through the SDK's model: a value the SDK cannot parse (a
    /// storage URI that is not a URI) must not cost the whole listing.
    /// </summary>
    internal static class VmJson
    {
        /// <summary>The model's part of a VM. <paramref name="view"/> is the instance view object, or default when not read.</summary>
        public static VmState From(JsonElement vm, JsonElement view, bool hasModel = true) =>
            From(vm, view.ValueKind == JsonValueKind.Object ? ReadInstanceView(view) : null, hasModel);

        /// <summary>The model's part of a VM with an instance view already read (from a statusOnly listing, say); null: the model's own, if any.</summary>
        public static VmState From(JsonElement vm, InstanceViewState? view, bool hasModel = true)
        {
            var id = Str(vm, "id") ?? "";
            var p = Obj(vm, "properties");
            var storage = Obj(p, "storageProfile");
            var disks = new List<DiskState>();
            var os = Obj(storage, "osDisk");
            if (os.ValueKind == JsonValueKind.Object) disks.Add(Disk(os, true));
            foreach (var d in Arr(storage, "dataDisks").Where(d => d.ValueKind == JsonValueKind.Object)) disks.Add(Disk(d, false));

            var nics = Arr(Obj(p, "networkProfile"), "networkInterfaces").Where(n => Str(n, "id") != null).ToArray();
            var primary = nics.FirstOrDefault(n => Bool(Obj(n, "properties"), "primary") == true || Bool(n, "primary") == true);
            if (primary.ValueKind != JsonValueKind.Object && nics.Length > 0) primary = nics[0];
            var osProfile = Obj(p, "osProfile");
            var state = new VmState
            {
                Id = id,
                Name = Str(vm, "name") ?? Last(id),
                ResourceGroup = GroupOf(id),
                Location = Str(vm, "location"),
                OsType = Str(os, "osType"),
                ProvisioningState = Str(p, "provisioningState"),
                ProvisionVmAgent = Bool(Obj(osProfile, "windowsConfiguration"), "provisionVMAgent") ?? Bool(Obj(osProfile, "linuxConfiguration"), "provisionVMAgent"),
                SecurityType = Str(Obj(p, "securityProfile"), "securityType"),
                Disks = disks,
                NetworkInterfaceIds = nics.Select(n => Str(n, "id")!).ToArray(),
                PrimaryNetworkInterfaceId = primary.ValueKind == JsonValueKind.Object ? Str(primary, "id") : null,
                HasModel = hasModel,
                HasStorageProfile = hasModel && storage.ValueKind == JsonValueKind.Object,
            };
            ApplyInstanceView(state, view ?? ReadInstanceView(Obj(p, "instanceView")));
            return state;
        }

        /// <summary>Sets the instance view's part (statuses, agent, extensions) of a VM.</summary>
        public static void ApplyInstanceView(VmState state, JsonElement view) => ApplyInstanceView(state, ReadInstanceView(view));

        public static void ApplyInstanceView(VmState state, InstanceViewState view)
        {
            state.HasInstanceView = view.HasAgentView;
            state.Statuses = view.Statuses;
            state.AgentVersion = view.AgentVersion;
            state.AgentStatuses = view.AgentStatuses;
            state.AgentExtensionHandlerCount = view.AgentExtensionHandlerCount;
            state.ExtensionsReported = view.ExtensionsReported;
            state.Extensions = view.Extensions;
        }

        /// <summary>
        /// An instance view object (VirtualMachineInstanceView) as the checks read it; default reads as an empty view.
        /// With <paramref name="shared"/>, values equal to ones read before are kept once (a listing's entries held until joined).
        /// </summary>
        public static InstanceViewState ReadInstanceView(JsonElement view, SharedValues? shared = null)
        {
            var agent = Obj(view, "vmAgent");
            return new InstanceViewState(
                agent.ValueKind == JsonValueKind.Object,
                Statuses(view, "statuses", shared),
                Shared(shared, Str(agent, "vmAgentVersion")),
                Statuses(agent, "statuses", shared),
                Arr(agent, "extensionHandlers").Count(),
                view.ValueKind == JsonValueKind.Object && view.TryGetProperty("extensions", out var e) && e.ValueKind == JsonValueKind.Array,
                Arr(view, "extensions").Where(x => x.ValueKind == JsonValueKind.Object)
                    .Select(x => new ExtensionState(Shared(shared, Str(x, "name")), Shared(shared, Str(x, "type")), Shared(shared, Str(x, "typeHandlerVersion")),
                        Statuses(x, "statuses", shared), Statuses(x, "substatuses", shared))).ToArray());
        }

        /// <summary>The instance view a statusOnly=true listing's entry carries (properties.instanceView).</summary>
        public static InstanceViewState ReadListedStatus(JsonElement vm, SharedValues? shared = null) => ReadInstanceView(Obj(Obj(vm, "properties"), "instanceView"), shared);

        /// <summary>True when a listing's entry carries the agent's view, or says the VM is not running (then there is none to read).</summary>
        public static bool HasUsableStatus(JsonElement vm) => ReadListedStatus(vm).IsUsable;

        private static DiskState Disk(JsonElement d, bool isOs)
        {
            var managed = Obj(d, "managedDisk");
            return new DiskState(Str(d, "name"), isOs, Int(d, "diskSizeGB"), Str(managed, "storageAccountType"), managed.ValueKind == JsonValueKind.Object,
                Bool(d, "writeAcceleratorEnabled") == true, Str(managed, "id"));
        }

        private static IReadOnlyList<StatusEntry> Statuses(JsonElement e, string name, SharedValues? shared = null) =>
            Arr(e, name).Where(s => s.ValueKind == JsonValueKind.Object)
                .Select(s => shared != null
                    ? shared.Status(Str(s, "code"), Str(s, "level"), Str(s, "displayStatus"), Str(s, "message"))
                    : new StatusEntry(Str(s, "code"), Str(s, "level"), Str(s, "displayStatus"), Str(s, "message"))).ToArray();

        private static string? Shared(SharedValues? shared, string? value) => shared != null ? shared.Share(value) : value;

        internal static string GroupOf(string id)
        {
            var s = id.Trim('/').Split('/');
            return s.Length > 3 && s[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase) ? s[3] : "";
        }

        private static string Last(string id) => id.Substring(id.LastIndexOf('/') + 1);
    }
}
