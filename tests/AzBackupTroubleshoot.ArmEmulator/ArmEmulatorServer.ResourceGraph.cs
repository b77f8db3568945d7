using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace AzBackupTroubleshoot.ArmEmulator
{
    /// <summary>
    /// Azure Resource Graph's query API (POST /providers/Microsoft.ResourceGraph/resources, 2024-04-01; shapes of
    /// resourcegraph/2024-04-01/ResourcesBasicQuery.json and ResourcesNextPageQuery.json) answered from the world.
    /// It reads only the small set of queries <see cref="GraphQuery"/> parses and refuses any other with Resource
    /// Graph's error (BadRequest with InvalidQuery and ParserFailure details). Like Resource Graph, rows of
    /// subscriptions the caller may not read are left out (403 AccessDenied when that is all of them), pages hold at
    /// most 1,000 rows and continue by $skipToken, and each answer says the caller's quota
    /// (x-ms-user-quota-remaining, x-ms-user-quota-resets-after); past it, 429 with Retry-After.
    /// </summary>
    public sealed partial class ArmEmulatorServer
    {
        public const string ResourceGraphPath = "/providers/Microsoft.ResourceGraph/resources";
        private const int GraphMaxTop = 1000;
        private const int GraphDefaultTop = 100;

        private readonly ConcurrentDictionary<string, (IReadOnlyList<JsonObject> Rows, int Offset, string Query)> _graphTokens =
            new ConcurrentDictionary<string, (IReadOnlyList<JsonObject> Rows, int Offset, string Query)>(StringComparer.Ordinal);
        private readonly object _graphQuotaGate = new object();
        private DateTimeOffset _graphWindowStart = DateTimeOffset.MinValue;
        private int _graphWindowUsed;

        private static bool IsResourceGraph(HttpRequest request, string path) =>
            HttpMethods.IsPost(request.Method) && path.TrimEnd('/').Equals(ResourceGraphPath, StringComparison.OrdinalIgnoreCase);

        private async Task ServeResourceGraph(HttpContext context)
        {
            JsonObject? body;
            try
            {
                using var reader = new StreamReader(context.Request.Body);
                body = JsonNode.Parse(await reader.ReadToEndAsync().ConfigureAwait(false)) as JsonObject;
            }
            catch (JsonException)
            {
                body = null;
            }

            var queryText = body?["query"] is JsonValue q && q.TryGetValue<string>(out var text) ? text : null;
            if (body == null || queryText == null)
            {
                await GraphError(context, 400, "BadRequest", new JsonObject { ["code"] = "InvalidRequestContent", ["message"] = "The request content must be a JSON object with a 'query' string." }).ConfigureAwait(false);
                return;
            }

            var options = body["options"] as JsonObject;
            var token = options?["$skipToken"]?.GetValue<string>();
            (IReadOnlyList<JsonObject> Rows, int Offset, string Query) snapshot = default;
            if (token != null && !_graphTokens.TryGetValue(token, out snapshot))
            {
                await GraphError(context, 400, "BadRequest", new JsonObject { ["code"] = "InvalidSkipToken", ["message"] = "The $skipToken is not valid." }).ConfigureAwait(false);
                return;
            }

            if (!await TakeGraphQuota(context).ConfigureAwait(false)) return;

            var top = GraphDefaultTop;
            if (options?["$top"] is JsonValue t && t.TryGetValue<int>(out var asked)) top = Math.Max(1, Math.Min(GraphMaxTop, asked));
            var format = options?["resultFormat"]?.GetValue<string>();
            if (format != null && !format.Equals("objectArray", StringComparison.OrdinalIgnoreCase))
            {
                await GraphError(context, 400, "BadRequest", new JsonObject { ["code"] = "UnsupportedResultFormat", ["message"] = $"The emulator answers resultFormat 'objectArray' only, not '{format}'." }).ConfigureAwait(false);
                return;
            }

            // A page fault names the query (QueryContains matches its text) and its page, as list faults do.
            var page = token == null ? 1 : snapshot.Offset / Math.Max(1, top) + 1;
            var fault = NextFault("POST", ResourceGraphPath, "query=" + queryText, page);
            if (fault != null)
            {
                await ApplyFault(context, fault).ConfigureAwait(false);
                return;
            }

            if (token == null)
            {
                var parsed = GraphQuery.Parse(queryText);
                if (parsed.Error is JsonObject parserFailure)
                {
                    await GraphError(context, 400, "BadRequest",
                        new JsonObject { ["code"] = "InvalidQuery", ["message"] = "Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying." },
                        parserFailure).ConfigureAwait(false);
                    return;
                }

                var scope = ReadableSubscriptions(body, out var denied);
                if (scope == null)
                {
                    await GraphError(context, 403, "AccessDenied",
                        new JsonObject { ["code"] = "AccessDenied", ["message"] = $"Access is denied to the requested resource. The user might not have enough permission. ({denied})" }).ConfigureAwait(false);
                    return;
                }

                snapshot = (parsed.Query!.Run(_world, scope, DateTimeOffset.UtcNow).Where(r => !IsDenied(r["id"]?.GetValue<string>() ?? "")).ToArray(), 0, queryText);
            }

            var rows = snapshot.Rows!.Skip(snapshot.Offset).Take(top).Select(r => (JsonNode?)r.DeepClone()).ToArray();
            var answer = new JsonObject
            {
                ["totalRecords"] = snapshot.Rows!.Count,
                ["count"] = rows.Length,
                ["data"] = new JsonArray(rows),
                ["facets"] = new JsonArray(),
                ["resultTruncated"] = "false",
            };
            if (snapshot.Offset + rows.Length < snapshot.Rows!.Count)
            {
                var next = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
                _graphTokens[next] = (snapshot.Rows, snapshot.Offset + rows.Length, snapshot.Query ?? queryText);
                answer["$skipToken"] = next;
            }

            await Json(context, 200, answer).ConfigureAwait(false);
        }

        /// <summary>
        /// The subscriptions the request reaches that the caller may read: those named (or under the management groups
        /// named), less the denied ones; all of the world's without either. Null when that leaves none (or a management
        /// group is denied or unknown), with what was denied.
        /// </summary>
        private IReadOnlyList<string>? ReadableSubscriptions(JsonObject body, out string denied)
        {
            denied = "";
            var named = Strings(body["subscriptions"]);
            var groups = Strings(body["managementGroups"]);
            IEnumerable<string> reach;
            if (groups.Count > 0)
            {
                var all = new List<string>();
                foreach (var group in groups)
                {
                    var under = _world.SubscriptionsOf(group);
                    if (under == null || IsDenied(World.ManagementGroupPrefix + group))
                    {
                        denied = World.ManagementGroupPrefix + group;
                        return null;
                    }

                    all.AddRange(under);
                }

                reach = all;
            }
            else
            {
                reach = named.Count > 0 ? named : _world.Subscriptions();
            }

            var known = new HashSet<string>(_world.Subscriptions(), StringComparer.OrdinalIgnoreCase);
            var readable = reach.Distinct(StringComparer.OrdinalIgnoreCase).Where(s => known.Contains(s) && !IsDenied("/subscriptions/" + s)).ToArray();
            if (readable.Length == 0)
            {
                denied = string.Join(", ", reach.Select(s => "/subscriptions/" + s));
                return null;
            }

            return readable;
        }

        private bool IsDenied(string id) => _options.DenyScopes.Any(s =>
        {
            var scope = s.TrimEnd('/');
            return id.StartsWith(scope, StringComparison.OrdinalIgnoreCase) && (id.Length == scope.Length || id[scope.Length] == '/');
        });

        private static IReadOnlyList<string> Strings(JsonNode? node) =>
            node is JsonArray a ? a.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!).ToArray() : Array.Empty<string>();

        /// <summary>
        /// One query of the caller's window (<see cref="EmulatorOptions.GraphQuotaPerWindow"/> per
        /// <see cref="EmulatorOptions.GraphQuotaWindow"/>); the headers say what is left and when it resets. False
        /// (429 written) when the window is spent.
        /// </summary>
        private async Task<bool> TakeGraphQuota(HttpContext context)
        {
            int remaining;
            TimeSpan resetsAfter;
            bool allowed;
            lock (_graphQuotaGate)
            {
                var now = DateTimeOffset.UtcNow;
                if (now - _graphWindowStart >= _options.GraphQuotaWindow)
                {
                    _graphWindowStart = now;
                    _graphWindowUsed = 0;
                }

                allowed = _graphWindowUsed < _options.GraphQuotaPerWindow;
                if (allowed) _graphWindowUsed++;
                remaining = _options.GraphQuotaPerWindow - _graphWindowUsed;
                resetsAfter = _graphWindowStart + _options.GraphQuotaWindow - now;
            }

            context.Response.Headers["x-ms-user-quota-remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
            // Whole seconds, rounded up: a caller that waits what it is told finds the window reset.
            context.Response.Headers["x-ms-user-quota-resets-after"] = TimeSpan.FromSeconds(Math.Ceiling(resetsAfter.TotalSeconds)).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
            if (allowed) return true;
            context.Response.Headers["Retry-After"] = Math.Max(1, (int)Math.Ceiling(resetsAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await GraphError(context, 429, "RateLimiting", new JsonObject
            {
                ["code"] = "RateLimiting",
                ["message"] = "Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed. Please see https://aka.ms/resourcegraph-throttling for help.",
            }).ConfigureAwait(false);
            return false;
        }

        /// <summary>Resource Graph's error: the ARM envelope whose message asks for the correlation id, and what went wrong in details.</summary>
        private static Task GraphError(HttpContext context, int status, string code, params JsonObject[] details)
        {
            var error = new JsonObject
            {
                ["code"] = code,
                ["message"] = $"Please provide below info when asking for support: timestamp = {DateTimeOffset.UtcNow:o}, correlationId = {Guid.NewGuid()}.",
                ["details"] = new JsonArray(details.Select(d => (JsonNode?)d).ToArray()),
            };
            return Json(context, status, new JsonObject { ["error"] = error });
        }
    }
}
