using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace AzBackupTroubleshoot.Hosting
{
    /// <summary>
    /// Reads Az objects by property name only. Taking no dependency on Az's types keeps the module
    /// working across Az versions and with look-alike objects ([pscustomobject], ConvertFrom-Json).
    /// </summary>
    internal static class PSObjectReader
    {
        public static object? Property(object? value, string name)
        {
            if (value == null) return null;
            // Hashtables stand in for objects in scripts and tests: read their keys as properties.
            if (value is IDictionary dictionary)
            {
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (string.Equals(entry.Key as string, name, StringComparison.OrdinalIgnoreCase)) return Unwrap(entry.Value);
                }

                return null;
            }

            var property = PSObject.AsPSObject(value).Properties[name];
            return Unwrap(property?.Value);
        }

        public static string? String(object? value, string name)
        {
            var v = Property(value, name);
            return v == null ? null : Convert.ToString(v, CultureInfo.InvariantCulture);
        }

        /// <summary>A code that may arrive as int, long or text ("320001" or "UserError...").</summary>
        public static (long? Number, string? Text) Code(object? value)
        {
            value = Unwrap(value);
            switch (value)
            {
                case null:
                    return (null, null);
                case int i:
                    return (i, null);
                case long l:
                    return (l, null);
                default:
                    var text = Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim();
                    if (string.IsNullOrEmpty(text)) return (null, null);
                    return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? (n, null) : ((long?)null, text);
            }
        }

        public static IEnumerable<object> Items(object? value)
        {
            value = Unwrap(value);
            if (value == null) yield break;
            if (value is string || !(value is IEnumerable enumerable))
            {
                yield return value;
                yield break;
            }

            foreach (var item in enumerable)
            {
                var unwrapped = Unwrap(item);
                if (unwrapped != null) yield return unwrapped;
            }
        }

        public static string[] Strings(object? value)
        {
            var list = new List<string>();
            foreach (var item in Items(value))
            {
                var s = Convert.ToString(item, CultureInfo.InvariantCulture);
                if (!string.IsNullOrWhiteSpace(s)) list.Add(s!);
            }

            return list.ToArray();
        }

        public static object? Unwrap(object? value) => value is PSObject ps && !(ps.BaseObject is PSCustomObject) ? ps.BaseObject : value;
    }
}
