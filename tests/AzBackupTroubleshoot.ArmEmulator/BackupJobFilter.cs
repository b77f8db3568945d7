using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AzBackupTroubleshoot.ArmEmulator
{
    /// <summary>The $filter of BackupJobs_List: status, operation, startTime and endTime (ListJobsWithAllSupportedFilters.json).</summary>
    internal static class BackupJobFilter
    {
        private static readonly Regex Clause = new Regex(@"(\w+)\s+eq\s+'([^']*)'", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public static IReadOnlyList<JsonObject> Apply(IReadOnlyList<JsonObject> jobs, string? filter)
        {
            if (string.IsNullOrWhiteSpace(filter)) return jobs;
            IEnumerable<JsonObject> result = jobs;
            foreach (Match m in Clause.Matches(filter))
            {
                var field = m.Groups[1].Value;
                var value = m.Groups[2].Value;
                switch (field.ToLowerInvariant())
                {
                    case "starttime":
                        var from = Parse(value);
                        result = result.Where(j => Parse(j["properties"]?["startTime"]?.GetValue<string>()) >= from);
                        break;
                    case "endtime":
                        var to = Parse(value);
                        result = result.Where(j => Parse(j["properties"]?["startTime"]?.GetValue<string>()) <= to);
                        break;
                    default:
                        result = result.Where(j => string.Equals(j["properties"]?[field]?.ToString(), value, StringComparison.OrdinalIgnoreCase));
                        break;
                }
            }

            return result.ToArray();
        }

        private static DateTimeOffset Parse(string? text)
        {
            if (string.IsNullOrEmpty(text)) return DateTimeOffset.MinValue;
            var formats = new[] { "yyyy-MM-dd hh:mm:ss tt", "yyyy-MM-dd HH:mm:ss", "o" };
            if (DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var exact)) return exact;
            return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        }
    }
}
