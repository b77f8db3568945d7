using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace AzBackupTroubleshoot.Arm
{
    /// <summary>What a Resource Graph query reaches: subscriptions, or management groups (with what is under them).</summary>
    public sealed class ResourceGraphScope
    {
        private ResourceGraphScope(IReadOnlyList<string> subscriptions, IReadOnlyList<string> managementGroups)
        {
            Subscriptions = subscriptions;
            ManagementGroups = managementGroups;
        }

        public IReadOnlyList<string> Subscriptions { get; }
        public IReadOnlyList<string> ManagementGroups { get; }

        public static ResourceGraphScope ForSubscriptions(IEnumerable<string> subscriptionIds) =>
            new ResourceGraphScope(Distinct(subscriptionIds), Array.Empty<string>());

        /// <summary>Management group names (or ids: /providers/Microsoft.Management/managementGroups/{name}).</summary>
        public static ResourceGraphScope ForManagementGroups(IEnumerable<string> managementGroups) =>
            new ResourceGraphScope(Array.Empty<string>(), Distinct(managementGroups.Select(ManagementGroupName)));

        public const string ManagementGroupPrefix = "/providers/Microsoft.Management/managementGroups/";

        /// <summary>The name of a management group given by name or by id.</summary>
        public static string ManagementGroupName(string nameOrId)
        {
            var trimmed = (nameOrId ?? "").Trim().TrimEnd('/');
            return trimmed.StartsWith(ManagementGroupPrefix, StringComparison.OrdinalIgnoreCase) ? trimmed.Substring(ManagementGroupPrefix.Length) : trimmed;
        }

        public override string ToString() => ManagementGroups.Count > 0
            ? string.Join(", ", ManagementGroups.Select(g => ManagementGroupPrefix + g))
            : string.Join(", ", Subscriptions.Select(s => "/subscriptions/" + s));

        private static IReadOnlyList<string> Distinct(IEnumerable<string> values) =>
            values.Select(v => (v ?? "").Trim()).Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    /// <summary>
    /// Azure Resource Graph's query API (POST /providers/Microsoft.ResourceGraph/resources, 2024-04-01) over the
    /// connection's pipeline, so its retries, Retry-After and concurrency gate apply. Pages of up to 1,000 rows follow
    /// $skipToken. Queries go one at a time and keep to the caller's quota: when x-ms-user-quota-remaining reaches 0,
    /// the next query waits for x-ms-user-quota-resets-after (at most <see cref="MaxQuotaWait"/>), rather than meet a 429.
    /// </summary>
    public sealed class ResourceGraphClient
    {
        public const string ApiVersion = "2024-04-01";
        public const string Path = "/providers/Microsoft.ResourceGraph/resources";
        public const int MaxPageSize = 1000;
        public const string QuotaRemainingHeader = "x-ms-user-quota-remaining";
        public const string QuotaResetsAfterHeader = "x-ms-user-quota-resets-after";

        private readonly ArmConnection _connection;
        private readonly SemaphoreSlim _oneAtATime = new SemaphoreSlim(1, 1);
        private long _resumeAt;

        public ResourceGraphClient(ArmConnection connection) => _connection = connection ?? throw new ArgumentNullException(nameof(connection));

        /// <summary>The longest wait for the quota to reset; past it the query goes anyway and a 429 is retried after Retry-After.</summary>
        public TimeSpan MaxQuotaWait { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>
        /// The query's rows page by page. A page that fails after the retries throws <see cref="ArmRequestException"/>
        /// naming the page and the rows read before it; what was yielded stays the caller's.
        /// </summary>
        public async IAsyncEnumerable<IReadOnlyList<JsonElement>> QueryPagesAsync(ResourceGraphScope scope, string query,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            string? skipToken = null;
            var page = 0;
            var rowsBefore = 0;
            do
            {
                page++;
                JsonElement body;
                try
                {
                    body = await SendAsync(Body(scope, query, skipToken), cancellationToken).ConfigureAwait(false);
                }
                catch (ArmRequestException ex) when (page > 1)
                {
                    throw new ArmRequestException(ex.Status, ex.ErrorCode,
                        $"{ex.Message} [page {page} of the Resource Graph query; the {rowsBefore} row(s) before it were read]", ex.ResourceId, ex.ClientRequestId, ex);
                }

                if (body.ValueKind != JsonValueKind.Object)
                {
                    throw new ArmRequestException(200, "UnexpectedPayload", $"Resource Graph answered {body.ValueKind}, not an object [page {page}].", Path, null);
                }

                var rows = body.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array
                    ? data.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object).ToArray()
                    : Array.Empty<JsonElement>();
                rowsBefore += rows.Length;
                skipToken = body.TryGetProperty("$skipToken", out var next) && next.ValueKind == JsonValueKind.String && next.GetString()!.Length > 0 ? next.GetString() : null;
                yield return rows;

                // Without a token a truncated answer cannot be continued: the rest is not read, and the caller must say so.
                if (skipToken == null && body.TryGetProperty("resultTruncated", out var truncated) &&
                    string.Equals(truncated.ValueKind == JsonValueKind.String ? truncated.GetString() : truncated.ToString(), "true", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ArmRequestException(200, "ResultTruncated", $"Resource Graph truncated the answer after {rowsBefore} row(s) and gave no $skipToken.", Path, null);
                }
            }
            while (skipToken != null);
        }

        private async Task<JsonElement> SendAsync(string body, CancellationToken cancellationToken)
        {
            await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var wait = TimeSpan.FromTicks(Math.Max(0, Interlocked.Read(ref _resumeAt) - DateTime.UtcNow.Ticks));
                if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                var response = await _connection.Rest.SendAsync("POST", Path, ApiVersion, body, cancellationToken).ConfigureAwait(false);
                NoteQuota(response);
                return response.Body;
            }
            finally
            {
                _oneAtATime.Release();
            }
        }

        private void NoteQuota(ArmResponse response)
        {
            if (!int.TryParse(response.Header(QuotaRemainingHeader), NumberStyles.Integer, CultureInfo.InvariantCulture, out var remaining) || remaining > 0) return;
            if (!TimeSpan.TryParse(response.Header(QuotaResetsAfterHeader), CultureInfo.InvariantCulture, out var resetsAfter)) resetsAfter = TimeSpan.FromSeconds(1);
            if (resetsAfter > MaxQuotaWait) resetsAfter = MaxQuotaWait;
            Interlocked.Exchange(ref _resumeAt, DateTime.UtcNow.Ticks + resetsAfter.Ticks);
        }

        /// <summary>The request body: {subscriptions | managementGroups, query, options {$top, $skipToken, resultFormat}}.</summary>
        internal static string Body(ResourceGraphScope scope, string query, string? skipToken)
        {
            using var stream = new MemoryStream();
            using (var json = new Utf8JsonWriter(stream))
            {
                json.WriteStartObject();
                if (scope.ManagementGroups.Count > 0)
                {
                    json.WriteStartArray("managementGroups");
                    foreach (var g in scope.ManagementGroups) json.WriteStringValue(g);
                    json.WriteEndArray();
                }
                else
                {
                    json.WriteStartArray("subscriptions");
                    foreach (var s in scope.Subscriptions) json.WriteStringValue(s);
                    json.WriteEndArray();
                }

                json.WriteString("query", query);
                json.WriteStartObject("options");
                json.WriteNumber("$top", MaxPageSize);
                if (skipToken != null) json.WriteString("$skipToken", skipToken);
                json.WriteString("resultFormat", "objectArray");
                json.WriteEndObject();
                json.WriteEndObject();
            }

            return Encoding.UTF8.GetString(stream.ToArray());
        }
    }
}
