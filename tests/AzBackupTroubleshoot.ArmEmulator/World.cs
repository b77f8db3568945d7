using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AzBackupTroubleshoot.ArmEmulator
{
    /// <summary>
    /// The resources an emulator serves, indexed by id and by every collection URL that lists them.
    /// A document is an ARM resource as ARM returns it; a property named "x-emulator" carries emulator
    /// metadata (what Run Command prints, for example) and is never served.
    /// </summary>
    public sealed class World
    {
        public const string MetadataProperty = "x-emulator";

        private readonly object _gate = new object();
        private readonly Dictionary<string, JsonObject> _byId = new Dictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, List<string>> _byCollection = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        // Subscriptions and resource groups that exist: those any resource was ever added under, and those added on their own.
        // Like ARM, a group outlives the resources deleted from it.
        private readonly HashSet<string> _scopes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // Management group name -> its children (subscription ids and group names), as a managementGroups GET with $expand=children gives them.
        private readonly Dictionary<string, List<(bool IsGroup, string Name)>> _managementGroups = new Dictionary<string, List<(bool IsGroup, string Name)>>(StringComparer.OrdinalIgnoreCase);

        public const string ManagementGroupPrefix = "/providers/Microsoft.Management/managementGroups/";

        // Lists ARM serves under a vault for resources that live deeper (fabrics/containers/items).
        private static readonly (string ChildType, string Collection)[] VaultCollections =
        {
            ("protectedItems", "backupProtectedItems"),
        };

        // Child resources ARM returns inside their parent and also serves by their own id.
        private static readonly (string ParentType, string Property)[] EmbeddedChildren =
        {
            ("Microsoft.Network/virtualNetworks", "subnets"),
        };

        /// <summary>Reads every *.json below <paramref name="directory"/>: a resource, an array of resources, or a {"value": [...]} list.</summary>
        public static World Load(string directory)
        {
            if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"World folder '{directory}' does not exist.");
            var world = new World { Folder = Path.GetFullPath(directory) };
            foreach (var file in Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            {
                if (Path.GetFileName(file).Equals("emulator.json", StringComparison.OrdinalIgnoreCase)) continue;
                // guests/ holds the VMs' fake guest files (Run Command), not resources.
                if (Path.GetRelativePath(directory, file).Replace('\\', '/').StartsWith("guests/", StringComparison.OrdinalIgnoreCase)) continue;
                JsonNode? node;
                try
                {
                    node = JsonNode.Parse(File.ReadAllText(file));
                }
                catch (JsonException ex)
                {
                    throw new InvalidDataException($"World file '{file}' is not JSON: {ex.Message}", ex);
                }

                foreach (var resource in Resources(node))
                {
                    ResolveRelativeTimes(resource, DateTimeOffset.UtcNow);
                    world.Add(resource, file);
                }
            }

            return world;
        }

        /// <summary>The folder the world was loaded from (relative paths in "x-emulator" are rooted there); null for a world built in code.</summary>
        public string? Folder { get; set; }

        public int Count
        {
            get { lock (_gate) return _byId.Count; }
        }

        public void Add(JsonObject resource, string? source = null)
        {
            var id = resource["id"]?.GetValue<string>() ?? throw new InvalidDataException($"A resource{(source == null ? "" : " in " + source)} has no id.");
            if (id.StartsWith(ManagementGroupPrefix, StringComparison.OrdinalIgnoreCase))
            {
                AddManagementGroup(resource);
                return;
            }

            lock (_gate)
            {
                var segments = id.Trim('/').Split('/');
                if (segments.Length >= 2) _scopes.Add("/subscriptions/" + segments[1]);
                if (segments.Length >= 4 && segments[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase)) _scopes.Add("/subscriptions/" + segments[1] + "/resourceGroups/" + segments[3]);
                // A resource group document (/subscriptions/{s}/resourceGroups/{g}) only declares the group.
                if (segments.Length <= 4) return;
                if (_byId.ContainsKey(id)) throw new InvalidDataException($"Resource '{id}' appears twice{(source == null ? "" : " (again in " + source + ")")}.");
                _byId[id] = resource;
                foreach (var collection in CollectionsOf(id))
                {
                    if (!_byCollection.TryGetValue(collection, out var list)) _byCollection[collection] = list = new List<string>();
                    list.Add(id);
                }
            }

            var type = resource["type"]?.GetValue<string>();
            foreach (var (parentType, property) in EmbeddedChildren)
            {
                if (!string.Equals(type, parentType, StringComparison.OrdinalIgnoreCase) || resource["properties"]?[property] is not JsonArray children) continue;
                foreach (var child in children.OfType<JsonObject>())
                {
                    if (child["id"] != null) Add(child, source);
                }
            }
        }

        /// <summary>
        /// A management group document (Microsoft.Management/managementGroups with properties.children, as GET
        /// ...?$expand=children returns it): children of type "/subscriptions" are subscriptions, of type
        /// "Microsoft.Management/managementGroups" nested groups.
        /// </summary>
        private void AddManagementGroup(JsonObject group)
        {
            var name = group["id"]!.GetValue<string>().Substring(ManagementGroupPrefix.Length).Trim('/');
            var children = new List<(bool IsGroup, string Name)>();
            foreach (var child in (group["properties"]?["children"] as JsonArray ?? new JsonArray()).OfType<JsonObject>())
            {
                var childId = child["id"]?.GetValue<string>() ?? "";
                var isGroup = childId.StartsWith(ManagementGroupPrefix, StringComparison.OrdinalIgnoreCase);
                children.Add((isGroup, childId.Substring(childId.LastIndexOf('/') + 1)));
            }

            lock (_gate) _managementGroups[name] = children;
        }

        /// <summary>Maps a management group to subscriptions (and nested groups by their id).</summary>
        public void AddManagementGroup(string name, params string[] subscriptionIds)
        {
            var children = new JsonArray();
            foreach (var s in subscriptionIds)
            {
                children.Add(s.StartsWith(ManagementGroupPrefix, StringComparison.OrdinalIgnoreCase)
                    ? new JsonObject { ["id"] = s, ["type"] = "Microsoft.Management/managementGroups" }
                    : new JsonObject { ["id"] = "/subscriptions/" + s, ["type"] = "/subscriptions" });
            }

            Add(new JsonObject { ["id"] = ManagementGroupPrefix + name, ["type"] = "Microsoft.Management/managementGroups", ["name"] = name, ["properties"] = new JsonObject { ["children"] = children } });
        }

        /// <summary>The subscriptions under a management group, nested groups included; null for a group the world does not have.</summary>
        public IReadOnlyList<string>? SubscriptionsOf(string managementGroup)
        {
            lock (_gate)
            {
                if (!_managementGroups.ContainsKey(managementGroup)) return null;
                var found = new List<string>();
                var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                var pending = new Stack<string>();
                pending.Push(managementGroup);
                while (pending.Count > 0)
                {
                    var group = pending.Pop();
                    if (!seen.Add(group) || !_managementGroups.TryGetValue(group, out var children)) continue;
                    foreach (var (isGroup, name) in children)
                    {
                        if (isGroup) pending.Push(name);
                        else if (!found.Contains(name, StringComparer.OrdinalIgnoreCase)) found.Add(name);
                    }
                }

                return found;
            }
        }

        /// <summary>Every subscription the world has (any resource or declared scope under it).</summary>
        public IReadOnlyList<string> Subscriptions()
        {
            lock (_gate)
            {
                return _scopes.Select(s => s.Split('/')).Where(s => s.Length == 3).Select(s => s[2]).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(s => s, StringComparer.OrdinalIgnoreCase).ToArray();
            }
        }

        /// <summary>Every resource (as stored: served documents are copies without "x-emulator").</summary>
        public IReadOnlyList<JsonObject> All()
        {
            lock (_gate) return _byId.Values.ToArray();
        }

        /// <summary>Declares an empty subscription or resource group, so its collections answer 200 with an empty list.</summary>
        public void AddScope(string subscriptionOrGroupId)
        {
            lock (_gate) _scopes.Add(Trim(subscriptionOrGroupId));
        }

        /// <summary>True when the subscription (/subscriptions/{s}) or group (/subscriptions/{s}/resourceGroups/{g}) exists.</summary>
        public bool HasScope(string subscriptionOrGroupId)
        {
            lock (_gate) return _scopes.Contains(Trim(subscriptionOrGroupId));
        }

        public bool TryGet(string id, out JsonObject resource)
        {
            lock (_gate) return _byId.TryGetValue(Trim(id), out resource!);
        }

        public bool IsCollection(string path)
        {
            lock (_gate) return _byCollection.ContainsKey(Trim(path));
        }

        public IReadOnlyList<JsonObject> List(string collectionPath)
        {
            lock (_gate)
            {
                if (!_byCollection.TryGetValue(Trim(collectionPath), out var ids)) return Array.Empty<JsonObject>();
                return ids.Select(i => _byId[i]).ToArray();
            }
        }

        public bool Remove(string id)
        {
            lock (_gate)
            {
                id = Trim(id);
                if (!_byId.Remove(id, out var removed)) return false;
                var actualId = removed["id"]!.GetValue<string>();
                foreach (var collection in CollectionsOf(actualId))
                {
                    if (_byCollection.TryGetValue(collection, out var list))
                    {
                        list.RemoveAll(x => string.Equals(x, actualId, StringComparison.OrdinalIgnoreCase));
                        if (list.Count == 0) _byCollection.Remove(collection);
                    }
                }

                // Children go with their parent, as in ARM.
                foreach (var child in _byId.Keys.Where(k => k.StartsWith(actualId + "/", StringComparison.OrdinalIgnoreCase)).ToArray()) Remove(child);
                return true;
            }
        }

        /// <summary>The collection URLs that list a resource: its parent collection, plus subscription and
        /// resource-group scope for top-level and extension resources, plus vault-level backup lists.</summary>
        internal static IEnumerable<string> CollectionsOf(string id)
        {
            var segments = id.Trim('/').Split('/');
            var last = id.LastIndexOf('/');
            yield return id.Substring(0, last);

            var providers = Array.FindLastIndex(segments, s => s.Equals("providers", StringComparison.OrdinalIgnoreCase));
            if (segments.Length >= 4 && segments[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase) && providers >= 0 && segments.Length == providers + 4)
            {
                var type = segments[providers + 1] + "/" + segments[providers + 2];
                var subscription = "/subscriptions/" + segments[1];
                var inGroup = segments.Length > 3 && segments[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase);
                var atSubscription = subscription + "/providers/" + type;
                if (!id.Substring(0, last).Equals(atSubscription, StringComparison.OrdinalIgnoreCase)) yield return atSubscription;
                if (inGroup && providers > 4)
                {
                    // An extension resource (a lock on a VM): listed at its group's scope too.
                    yield return subscription + "/resourceGroups/" + segments[3] + "/providers/" + type;
                }
            }

            var vault = Array.FindIndex(segments, s => s.Equals("vaults", StringComparison.OrdinalIgnoreCase));
            if (vault > 0 && segments.Length > vault + 3)
            {
                foreach (var (childType, collection) in VaultCollections)
                {
                    if (segments[^2].Equals(childType, StringComparison.OrdinalIgnoreCase))
                    {
                        yield return "/" + string.Join("/", segments.Take(vault + 2)) + "/" + collection;
                    }
                }
            }
        }

        /// <summary>
        /// A saved world keeps telling the same story on any day: "@now", "@now-6h" or "@now-2d" in a
        /// world file becomes that instant when the world is loaded (job start times, last backups).
        /// </summary>
        public static void ResolveRelativeTimes(JsonNode? node, DateTimeOffset now)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var key in o.Select(kv => kv.Key).ToArray())
                    {
                        if (TryRelativeTime(o[key], now, out var time)) o[key] = time;
                        else ResolveRelativeTimes(o[key], now);
                    }

                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        if (TryRelativeTime(a[i], now, out var time)) a[i] = time;
                        else ResolveRelativeTimes(a[i], now);
                    }

                    break;
            }
        }

        private static bool TryRelativeTime(JsonNode? node, DateTimeOffset now, out string time)
        {
            time = "";
            if (node is not JsonValue v || !v.TryGetValue<string>(out var text) || !text.StartsWith("@now", StringComparison.Ordinal)) return false;
            var offset = TimeSpan.Zero;
            var rest = text.Substring(4);
            if (rest.Length > 0)
            {
                if (rest.Length < 3 || rest[0] != '-' || !int.TryParse(rest.AsSpan(1, rest.Length - 2), out var amount)) return false;
                offset = rest[^1] switch { 'h' => TimeSpan.FromHours(amount), 'd' => TimeSpan.FromDays(amount), 'm' => TimeSpan.FromMinutes(amount), _ => TimeSpan.MinValue };
                if (offset == TimeSpan.MinValue) return false;
            }

            time = (now - offset).ToString("o", System.Globalization.CultureInfo.InvariantCulture);
            return true;
        }

        private static IEnumerable<JsonObject> Resources(JsonNode? node)
        {
            switch (node)
            {
                case JsonArray array:
                    foreach (var item in array) if (item is JsonObject o) yield return o;
                    break;
                case JsonObject o when o["value"] is JsonArray value && o["id"] == null:
                    foreach (var item in value) if (item is JsonObject v) yield return v;
                    break;
                case JsonObject o:
                    yield return o;
                    break;
            }
        }

        private static string Trim(string path) => path.Length > 1 ? path.TrimEnd('/') : path;
    }
}
