using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AzBackupTroubleshoot.ArmEmulator
{
    /// <summary>
    /// The few Resource Graph queries the emulator answers: not KQL, a strict subset of it, clause by clause:
    /// <code>
    /// resources | recoveryservicesresources | resourcecontainers
    /// | where type in~ ('t1', 't2', ...)        (or: where type =~ 't1'), types of that table from <see cref="TypesByTable"/>
    /// | where properties.status in~ ('s1', ...) and todatetime(properties.startTime) >= ago(Nd)   (backup jobs)
    /// | project c1, c2, ...                     (id, name, type, location, subscriptionId, resourceGroup, properties, tags)
    /// | order by id asc
    /// </code>
    /// Anything else is refused, as Resource Graph refuses what it cannot parse (a ParserFailure naming the clause).
    /// </summary>
    internal sealed class GraphQuery
    {
        /// <summary>The types each table serves here (lower case, as Resource Graph writes them).</summary>
        public static readonly IReadOnlyDictionary<string, string[]> TypesByTable = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["resources"] = new[]
            {
                "microsoft.compute/virtualmachines", "microsoft.network/networkinterfaces", "microsoft.network/networksecuritygroups",
                "microsoft.network/virtualnetworks", "microsoft.network/routetables", "microsoft.recoveryservices/vaults",
            },
            ["recoveryservicesresources"] = new[]
            {
                "microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers/protecteditems", "microsoft.recoveryservices/vaults/backupjobs",
                "microsoft.recoveryservices/vaults/backuppolicies",
            },
            ["resourcecontainers"] = new[] { "microsoft.resources/subscriptions" },
        };

        private static readonly string[] Columns = { "id", "name", "type", "location", "subscriptionId", "resourceGroup", "properties", "tags" };

        private static readonly Regex TypeIn = new Regex(@"^where type in~ \((?<list>\s*'[^']+'\s*(,\s*'[^']+'\s*)*)\)$", RegexOptions.CultureInvariant);
        private static readonly Regex TypeIs = new Regex(@"^where type =~ '(?<type>[^']+)'$", RegexOptions.CultureInvariant);
        private static readonly Regex JobWindow = new Regex(
            @"^where properties\.status in~ \((?<list>\s*'[^']+'\s*(,\s*'[^']+'\s*)*)\) and todatetime\(properties\.startTime\) >= ago\((?<days>\d{1,3})d\)$", RegexOptions.CultureInvariant);
        private static readonly Regex Project = new Regex(@"^project (?<list>[A-Za-z]+(\s*,\s*[A-Za-z]+)*)$", RegexOptions.CultureInvariant);

        private string _table = "";
        private HashSet<string>? _types;
        private HashSet<string>? _statuses;
        private int _windowDays;
        private string[]? _project;
        private bool _orderById;

        private GraphQuery()
        {
        }

        /// <summary>The parsed query, or the ParserFailure detail to refuse it with.</summary>
        public static (GraphQuery? Query, JsonObject? Error) Parse(string text)
        {
            var query = new GraphQuery();
            var clauses = text.Split('|');
            var position = 0;
            for (var i = 0; i < clauses.Length; i++)
            {
                var clause = string.Join(" ", clauses[i].Split(new[] { ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries));
                if (!query.Accept(i, clause)) return (null, Failure(position, clause));
                position += clauses[i].Length + 1;
            }

            if (query._types == null) return (null, Failure(0, text.Trim()));
            return (query, null);
        }

        private bool Accept(int index, string clause)
        {
            if (index == 0)
            {
                if (!TypesByTable.ContainsKey(clause)) return false;
                _table = clause.ToLowerInvariant();
                return true;
            }

            Match m;
            if (_types == null && ((m = TypeIn.Match(clause)).Success || (m = TypeIs.Match(clause)).Success))
            {
                var types = m.Groups["type"].Success ? new[] { m.Groups["type"].Value } : Quoted(m.Groups["list"].Value);
                if (!types.All(t => TypesByTable[_table].Contains(t, StringComparer.OrdinalIgnoreCase))) return false;
                _types = new HashSet<string>(types, StringComparer.OrdinalIgnoreCase);
                return true;
            }

            if (_types != null && _statuses == null && _project == null && _table == "recoveryservicesresources" && (m = JobWindow.Match(clause)).Success)
            {
                _statuses = new HashSet<string>(Quoted(m.Groups["list"].Value), StringComparer.OrdinalIgnoreCase);
                _windowDays = int.Parse(m.Groups["days"].Value, CultureInfo.InvariantCulture);
                return true;
            }

            if (_types != null && _project == null && (m = Project.Match(clause)).Success)
            {
                var columns = m.Groups["list"].Value.Split(',').Select(c => c.Trim()).ToArray();
                if (!columns.All(c => Columns.Contains(c, StringComparer.Ordinal))) return false;
                _project = columns;
                return true;
            }

            if (_types != null && !_orderById && clause == "order by id asc")
            {
                _orderById = true;
                return true;
            }

            return false;
        }

        private static string[] Quoted(string list) => list.Split(',').Select(s => s.Trim().Trim('\'')).ToArray();

        private static JsonObject Failure(int position, string clause) => new JsonObject
        {
            ["code"] = "ParserFailure",
            ["message"] = "ParserFailure",
            ["line"] = 1,
            ["characterPositionInLine"] = position,
            ["token"] = clause,
        };

        /// <summary>The rows of the query over these subscriptions, as Resource Graph would give them (lower-case types and groups).</summary>
        public IReadOnlyList<JsonObject> Run(World world, IReadOnlyList<string> subscriptions, DateTimeOffset now)
        {
            var within = new HashSet<string>(subscriptions, StringComparer.OrdinalIgnoreCase);
            IEnumerable<JsonObject> rows;
            if (_table == "resourcecontainers")
            {
                rows = subscriptions.Select(s => new JsonObject
                {
                    ["id"] = "/subscriptions/" + s,
                    ["name"] = s,
                    ["type"] = "microsoft.resources/subscriptions",
                    ["subscriptionId"] = s,
                    ["resourceGroup"] = "",
                    ["properties"] = new JsonObject { ["state"] = "Enabled" },
                });
            }
            else
            {
                rows = world.All()
                    .Where(r => r["type"]?.GetValue<string>() is string type && _types!.Contains(type) && within.Contains(SubscriptionOf(r)))
                    .Where(r => _statuses == null || Matches(r, now))
                    .Select(Row);
            }

            if (_orderById) rows = rows.OrderBy(r => r["id"]!.GetValue<string>(), StringComparer.OrdinalIgnoreCase);
            if (_project != null) rows = rows.Select(r => Projected(r, _project));
            return rows.ToArray();
        }

        private bool Matches(JsonObject resource, DateTimeOffset now)
        {
            var p = resource["properties"];
            var status = p?["status"]?.GetValue<string>();
            var start = p?["startTime"]?.GetValue<string>();
            return status != null && _statuses!.Contains(status) &&
                   DateTimeOffset.TryParse(start, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var started) && started >= now.AddDays(-_windowDays);
        }

        private static JsonObject Row(JsonObject resource)
        {
            var id = resource["id"]!.GetValue<string>();
            var properties = resource["properties"]?.DeepClone() as JsonObject ?? new JsonObject();
            // Resource Graph holds the model: nothing of the instance view (the agent's status) is in it.
            properties.Remove("instanceView");
            var segments = id.Trim('/').Split('/');
            var row = new JsonObject
            {
                ["id"] = id,
                ["name"] = resource["name"]?.DeepClone() ?? segments[^1],
                ["type"] = resource["type"]!.GetValue<string>().ToLowerInvariant(),
                ["location"] = resource["location"]?.DeepClone(),
                ["subscriptionId"] = segments.Length > 1 ? segments[1] : "",
                ["resourceGroup"] = segments.Length > 3 && segments[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase) ? segments[3].ToLowerInvariant() : "",
                ["properties"] = properties,
                ["tags"] = resource["tags"]?.DeepClone() ?? new JsonObject(),
            };
            return row;
        }

        private static JsonObject Projected(JsonObject row, string[] columns)
        {
            var projected = new JsonObject();
            foreach (var c in columns) projected[c] = row[c]?.DeepClone();
            return projected;
        }

        private static string SubscriptionOf(JsonObject resource)
        {
            var segments = (resource["id"]?.GetValue<string>() ?? "").Trim('/').Split('/');
            return segments.Length > 1 && segments[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase) ? segments[1] : "";
        }
    }
}
