using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace AzBackupTroubleshoot.Inventory
{
    /// <summary>Tolerant readers for ARM JSON: a missing, null or wrongly typed value reads as null or empty.</summary>
    internal static class ArmJson
    {
        internal static JsonElement Obj(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : default;

        internal static string? Str(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        internal static IEnumerable<JsonElement> Arr(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : Enumerable.Empty<JsonElement>();

        internal static string[] Strings(JsonElement e, string name) => Arr(e, name).Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToArray();

        internal static int? Int(JsonElement e, string name) => Long(e, name) is long l ? (int)l : (int?)null;

        internal static long? Long(JsonElement e, string name)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v)) return null;
            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)) return n;
            return v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : (long?)null;
        }

        internal static DateTimeOffset? Date(JsonElement e, string name) =>
            Str(e, name) is string s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : (DateTimeOffset?)null;

        internal static bool? Bool(JsonElement e, string name)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v)) return null;
            if (v.ValueKind == JsonValueKind.True) return true;
            if (v.ValueKind == JsonValueKind.False) return false;
            return v.ValueKind == JsonValueKind.String && bool.TryParse(v.GetString(), out var b) ? b : (bool?)null;
        }

        /// <summary>The id inside a reference object such as "subnet": { "id": ... }.</summary>
        internal static string? RefId(JsonElement e, string name) => Str(Obj(e, name), "id");
    }
}
