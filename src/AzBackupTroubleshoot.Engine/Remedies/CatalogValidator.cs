using System;
using System.Collections.Generic;
using System.Linq;
using AzBackupTroubleshoot.Checks;
using AzBackupTroubleshoot.Localization;

namespace AzBackupTroubleshoot.Remedies
{
    /// <summary>Checks a catalog for the mistakes that would mislead a user; returns one line per problem.</summary>
    public static class CatalogValidator
    {
        private static readonly HashSet<string> Phases = new HashSet<string>(StringComparer.Ordinal)
        {
            "backup", "restore", "job", "agent", "extension", "snapshot", "network", "policy", "other",
        };

        private static readonly HashSet<string> OperatingSystems = new HashSet<string>(StringComparer.Ordinal) { "any", "windows", "linux" };

        public static IReadOnlyList<string> Validate(RemedyCatalog catalog)
        {
            var problems = new List<string>();
            var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var numbers = new Dictionary<int, string>();
            var codes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

            foreach (var e in catalog.Entries)
            {
                void Problem(string text) => problems.Add($"{e.Code}: {text}");

                if (!codes.Add(e.Code)) Problem($"code '{e.Code}' is also used by another entry");

                foreach (var name in new[] { e.Code }.Concat(e.Aliases))
                {
                    if (!names.TryGetValue(name, out var owner)) names[name] = e.Code;
                    else if (!string.Equals(owner, e.Code, StringComparison.Ordinal)) Problem($"code or alias '{name}' is also used by {owner}");
                    if (name.Length == 0 || !name.All(char.IsLetterOrDigit)) Problem($"code or alias '{name}' is not a single word");
                }

                foreach (var number in e.NumericCodes)
                {
                    if (numbers.TryGetValue(number, out var owner)) Problem($"numeric code {number} is also used by {owner}");
                    else numbers[number] = e.Code;
                }

                if (!Phases.Contains(e.Phase)) Problem($"unknown phase '{e.Phase}'");
                if (!OperatingSystems.Contains(e.OperatingSystem)) Problem($"unknown os '{e.OperatingSystem}'");
                CheckBilingual(e.Title, "title", Problem);
                if (e.Causes.Count == 0) Problem("no causes");
                if (e.Steps.Count == 0) Problem("no remedy steps");
                for (var i = 0; i < e.Causes.Count; i++) CheckBilingual(e.Causes[i], $"cause {i + 1}", Problem);
                for (var i = 0; i < e.Steps.Count; i++) CheckBilingual(e.Steps[i], $"step {i + 1}", Problem);
                if (e.EnglishMessages.Count + e.JapaneseMessages.Count + e.EnglishPhrases.Count + e.JapanesePhrases.Count == 0)
                {
                    Problem("no message or phrase to match");
                }

                foreach (var m in e.JapaneseMessages.Concat(e.JapanesePhrases))
                {
                    if (!ContainsJapanese(m)) Problem($"Japanese message has no Japanese text: '{m}'");
                }

                foreach (var id in e.CheckIds)
                {
                    if (!CheckCatalog.TryGet(id, out _)) Problem($"unknown check id '{id}'");
                }

                if (e.RepairCommand != null && !IsCommandName(e.RepairCommand)) Problem($"repair command '{e.RepairCommand}' is not Verb-Noun");
                CheckLink(e.Documentation.English, "en-us", "en", Problem);
                CheckLink(e.Documentation.Japanese, "ja-jp", "ja", Problem);
            }

            return problems;
        }

        private static void CheckBilingual(LocalizedText text, string what, Action<string> problem)
        {
            if (string.IsNullOrWhiteSpace(text.English)) problem($"{what} has no English text");
            if (string.IsNullOrWhiteSpace(text.Japanese)) problem($"{what} has no Japanese text");
            else if (!ContainsJapanese(text.Japanese)) problem($"{what} Japanese text is not Japanese: '{text.Japanese}'");
            if (!string.IsNullOrWhiteSpace(text.English) && ContainsJapanese(text.English)) problem($"{what} English text contains Japanese");
        }

        private static void CheckLink(string link, string locale, string language, Action<string> problem)
        {
            if (!Uri.TryCreate(link, UriKind.Absolute, out var uri)) { problem($"{language} link '{link}' is not an absolute URI"); return; }
            if (uri.Scheme != Uri.UriSchemeHttps) problem($"{language} link '{link}' is not https");
            if (!string.Equals(uri.Host, "learn.microsoft.com", StringComparison.OrdinalIgnoreCase)) problem($"{language} link '{link}' is not a Learn page");
            if (!uri.AbsolutePath.StartsWith("/" + locale + "/", StringComparison.OrdinalIgnoreCase)) problem($"{language} link '{link}' is not the {locale} page");
            if (uri.AbsolutePath.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || link.Contains(" ")) problem($"{language} link '{link}' is a source path, not a page");
        }

        // A command line: Verb-Noun first, then its parameters (-Name <value> ...).
        private static bool IsCommandName(string commandLine)
        {
            var name = commandLine.Split(' ')[0];
            var dash = name.IndexOf('-');
            return dash > 0 && dash < name.Length - 1 && name.All(c => char.IsLetterOrDigit(c) || c == '-');
        }

        internal static bool ContainsJapanese(string s) =>
            s.Any(c => (c >= '\u3041' && c <= '\u30FF') || (c >= '\u4E00' && c <= '\u9FFF'));
    }
}
