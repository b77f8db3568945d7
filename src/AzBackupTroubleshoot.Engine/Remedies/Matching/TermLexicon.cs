using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace AzBackupTroubleshoot.Remedies.Matching
{
    /// <summary>One key term and the ways people write it, in each language.</summary>
    internal sealed class TermGroup
    {
        public TermGroup(string term, IReadOnlyList<string> english, IReadOnlyList<string> japanese, IReadOnlyList<string> implies)
        {
            Term = term;
            Implies = implies;
            English = english;
            Japanese = japanese;
        }

        public string Term { get; }
        public IReadOnlyList<string> English { get; }
        public IReadOnlyList<string> Japanese { get; }
        /// <summary>Terms a compound stands for ("attached disks" is attach + disk); empty for a plain term.</summary>
        public IReadOnlyList<string> Implies { get; }
    }

    /// <summary>Key terms that name different things; a text naming one of them is not about an entry that names only another.</summary>
    internal sealed class TermContrast
    {
        public TermContrast(IReadOnlyList<string> terms, bool unsaidLowersScore, string why)
        {
            Terms = terms;
            UnsaidLowersScore = unsaidLowersScore;
            Why = why;
        }

        public IReadOnlyList<string> Terms { get; }
        /// <summary>When a text names none of the terms, messages naming one score a little lower (both stay runners-up).</summary>
        public bool UnsaidLowersScore { get; }
        public string Why { get; }
    }

    /// <summary>
    /// The data behind meaning-based matching (Remedies/Data/remedy-terms.json): groups of words and
    /// phrases that mean the same thing to a reader of backup errors, words that carry no meaning for
    /// matching, and key terms that tell confusable entries apart. Kept as data so that a reviewer can
    /// read and extend it without touching the matcher.
    /// </summary>
    internal sealed class TermLexicon
    {
        private const string ResourceName = "AzBackupTroubleshoot.Remedies.remedy-terms.json";
        private static readonly Lazy<TermLexicon> DefaultLexicon = new Lazy<TermLexicon>(LoadEmbedded);

        private TermLexicon(IReadOnlyList<TermGroup> groups, IReadOnlyList<string> englishStop, IReadOnlyList<string> japaneseStop, IReadOnlyList<TermContrast> contrasts)
        {
            Groups = groups;
            EnglishStopWords = englishStop;
            JapaneseStopWords = japaneseStop;
            Contrasts = contrasts;
        }

        public IReadOnlyList<TermGroup> Groups { get; }
        public IReadOnlyList<string> EnglishStopWords { get; }
        public IReadOnlyList<string> JapaneseStopWords { get; }
        public IReadOnlyList<TermContrast> Contrasts { get; }

        public static TermLexicon LoadDefault() => DefaultLexicon.Value;

        public static TermLexicon Load(Stream json)
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            var root = document.RootElement;
            var version = root.GetProperty("schemaVersion").GetInt32();
            if (version != 1) throw new InvalidDataException($"Remedy term data schema version {version} is not supported (expected 1).");
            var stop = root.GetProperty("stopWords");
            var groups = root.GetProperty("groups").EnumerateArray().Select(g => new TermGroup(
                g.GetProperty("term").GetString() ?? throw new InvalidDataException("A term group has a null term."),
                Strings(g, "en"),
                Strings(g, "ja"),
                Strings(g, "implies"))).ToArray();
            var contrasts = root.GetProperty("contrasts").EnumerateArray().Select(c => new TermContrast(
                Strings(c, "terms"),
                c.TryGetProperty("unsaidLowersScore", out var u) && u.ValueKind == JsonValueKind.True,
                c.GetProperty("why").GetString() ?? string.Empty)).ToArray();
            return new TermLexicon(groups, Strings(stop, "en"), Strings(stop, "ja"), contrasts);
        }

        /// <summary>Mistakes in the data that would silently weaken matching; one line per problem.</summary>
        public IReadOnlyList<string> Validate()
        {
            var problems = new List<string>();
            var terms = new HashSet<string>(StringComparer.Ordinal);
            var englishOwner = new Dictionary<string, string>(StringComparer.Ordinal);
            var japaneseOwner = new Dictionary<string, string>(StringComparer.Ordinal);
            var extractor = new ConceptExtractor(this);
            foreach (var g in Groups)
            {
                if (string.IsNullOrWhiteSpace(g.Term)) problems.Add("a group has no term");
                if (!terms.Add(g.Term)) problems.Add($"{g.Term}: term is used by two groups");
                if (g.English.Count + g.Japanese.Count == 0) problems.Add($"{g.Term}: no variants");
                foreach (var v in g.English)
                {
                    var key = extractor.EnglishKey(v);
                    if (key.Length == 0) problems.Add($"{g.Term}: English variant '{v}' is only stop words");
                    else if (CatalogValidator.ContainsJapanese(v)) problems.Add($"{g.Term}: English variant '{v}' contains Japanese");
                    else if (englishOwner.TryGetValue(key, out var owner) && owner != g.Term) problems.Add($"{g.Term}: English variant '{v}' also belongs to {owner}");
                    else englishOwner[key] = g.Term;
                }

                foreach (var v in g.Japanese)
                {
                    var key = ConceptExtractor.JapaneseKey(v);
                    if (key.Length == 0 || key.Any(c => !ConceptExtractor.IsJapanese(c))) problems.Add($"{g.Term}: Japanese variant '{v}' is not only Japanese script (write Latin words as English variants)");
                    else if (japaneseOwner.TryGetValue(key, out var owner) && owner != g.Term) problems.Add($"{g.Term}: Japanese variant '{v}' also belongs to {owner}");
                    else japaneseOwner[key] = g.Term;
                }
            }

            foreach (var g in Groups)
            {
                foreach (var t in g.Implies)
                {
                    if (!terms.Contains(t)) problems.Add($"{g.Term}: implies unknown term '{t}'");
                }
            }

            foreach (var w in JapaneseStopWords)
            {
                var key = ConceptExtractor.JapaneseKey(w);
                if (japaneseOwner.TryGetValue(key, out var owner)) problems.Add($"Japanese stop word '{w}' is also a variant of {owner}");
            }

            foreach (var c in Contrasts)
            {
                if (c.Terms.Count < 2) problems.Add($"contrast '{string.Join(", ", c.Terms)}' needs two terms or more");
                foreach (var t in c.Terms)
                {
                    if (!terms.Contains(t)) problems.Add($"contrast names unknown term '{t}'");
                }
            }

            return problems;
        }

        private static TermLexicon LoadEmbedded()
        {
            using var stream = typeof(TermLexicon).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"The remedy term data resource '{ResourceName}' is missing from {typeof(TermLexicon).Assembly.FullName}.");
            return Load(stream);
        }

        private static string[] Strings(JsonElement e, string name) =>
            e.TryGetProperty(name, out var array)
                ? array.EnumerateArray().Select(x => x.GetString() ?? throw new InvalidDataException($"null in '{name}'")).ToArray()
                : Array.Empty<string>();
    }
}
