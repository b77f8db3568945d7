using System.Collections.Generic;
using System.Linq;
using AzBackupTroubleshoot.Localization;
using AzBackupTroubleshoot.Remedies;

namespace AzBackupTroubleshoot.Commands
{
    /// <summary>
    /// The one place the cmdlet meets the engine's types. Cmdlet classes hold only plain values, so
    /// PowerShell can reflect over them before the engine's load context is in place.
    /// </summary>
    internal static class RemedyAdapter
    {
        public static string ResolveLanguage(string? requested)
        {
            if (DisplayLanguages.TryParse(requested, out var language)) return language.ToTag();
            return DisplayLanguages.FromCulture(System.Globalization.CultureInfo.CurrentUICulture).ToTag();
        }

        /// <summary>Every symbolic code and every numeric code (as Az job objects carry them) of the catalog.</summary>
        public static IReadOnlyList<string> AllCodes()
        {
            var entries = RemedyCatalog.LoadDefault().Entries;
            return entries.Select(e => e.Code)
                .Concat(entries.SelectMany(e => e.NumericCodes).Distinct().Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .ToArray();
        }

        public static string TitleOf(string code, string languageTag)
        {
            DisplayLanguages.TryParse(languageTag, out var language);
            var catalog = RemedyCatalog.LoadDefault();
            // A numeric code's tooltip names the entry it belongs to.
            if (long.TryParse(code, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var numeric))
            {
                return catalog.TryGetEntry(numeric, out var byNumber) ? byNumber.Code + ": " + byNumber.Title.Get(language) : string.Empty;
            }

            return catalog.TryGetEntry(code, out var entry) ? entry.Title.Get(language) : string.Empty;
        }

        public static IEnumerable<BackupErrorRemedy> All(string languageTag)
        {
            var rank = 0;
            foreach (var entry in RemedyCatalog.LoadDefault().Entries)
            {
                yield return Project(entry, null, "Catalog", null, ++rank, languageTag, null, RemedySubject.None, new string[0]);
            }
        }

        /// <summary>Ranked remedies for one error; empty when nothing is confident.</summary>
        public static IReadOnlyList<BackupErrorRemedy> Find(
            string? text, string? code, long? numericCode, int top, string languageTag, RemedySubject subject)
        {
            // An unpaired surrogate (a cut-off paste) cannot be normalized; it carries no meaning either.
            text = WithoutLoneSurrogates(text);
            var query = new RemedyQuery { Text = text, Code = code, NumericCode = numericCode };
            if (query.IsEmpty) return new BackupErrorRemedy[0];
            var matches = RemedyCatalog.LoadDefault().Match(query, new MatchOptions { MaxResults = top });
            var input = !string.IsNullOrWhiteSpace(text) ? text : code ?? numericCode?.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return matches
                .Select((m, i) => Project(m.Entry, m.Score, m.Kind.ToString(), m.MatchedText, i + 1, languageTag, input, subject, m.DecidingTerms))
                .ToArray();
        }

        private static BackupErrorRemedy Project(
            RemedyEntry entry, double? score, string kind, string? matched, int rank, string languageTag, string? input, RemedySubject subject,
            IReadOnlyList<string> decidingTerms)
        {
            DisplayLanguages.TryParse(languageTag, out var language);
            return new BackupErrorRemedy(
                entry.Code,
                entry.NumericCodes.Count > 0 ? entry.NumericCodes[0] : (int?)null,
                entry.CodeSource.ToString(),
                entry.Phase,
                entry.Title.Get(language),
                new TextList(entry.Causes.Select(c => c.Get(language)).ToArray()),
                new TextList(entry.Steps.Select(s => s.Get(language)).ToArray()),
                new TextList(entry.CheckIds.ToArray()),
                entry.RepairCommand,
                entry.Documentation.Get(language),
                score,
                kind,
                matched,
                rank,
                new TextList(decidingTerms.ToArray()),
                language.ToTag(),
                input,
                subject);
        }

        private static string? WithoutLoneSurrogates(string? text)
        {
            if (text == null) return null;
            var chars = text.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1])) i++;
                else if (char.IsSurrogate(chars[i])) chars[i] = '\uFFFD';
            }

            return new string(chars);
        }
    }
}
