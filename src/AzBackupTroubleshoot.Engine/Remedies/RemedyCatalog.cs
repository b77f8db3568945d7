using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using AzBackupTroubleshoot.Localization;
using AzBackupTroubleshoot.Remedies.Matching;

namespace AzBackupTroubleshoot.Remedies
{
    /// <summary>
    /// The offline catalog of Azure VM backup, restore and job errors with their remedies,
    /// and the matcher that maps pasted error text, codes or job details onto it.
    /// </summary>
    public sealed class RemedyCatalog
    {
        private const string ResourceName = "AzBackupTroubleshoot.Remedies.remedy-catalog.json";
        private static readonly Lazy<RemedyCatalog> DefaultCatalog = new Lazy<RemedyCatalog>(LoadEmbedded);

        private readonly RemedyMatcher _matcher;

        private RemedyCatalog(IReadOnlyList<RemedyEntry> entries, ISet<string> genericCodes)
        {
            Entries = entries;
            _matcher = new RemedyMatcher(entries, genericCodes, TermLexicon.LoadDefault());
        }

        public IReadOnlyList<RemedyEntry> Entries { get; }

        /// <summary>The catalog shipped inside this assembly; loaded once, then shared (it is immutable).</summary>
        public static RemedyCatalog LoadDefault() => DefaultCatalog.Value;

        /// <summary>Reads a catalog in the embedded file's format.</summary>
        public static RemedyCatalog Load(Stream json)
        {
            if (json == null) throw new ArgumentNullException(nameof(json));
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            return FromDocument(document);
        }

        /// <summary>Ranked matches for free text; empty when nothing is confident.</summary>
        public IReadOnlyList<RemedyMatch> Match(string text) => Match(RemedyQuery.FromText(text), MatchOptions.Default);

        public IReadOnlyList<RemedyMatch> Match(string text, MatchOptions options) => Match(RemedyQuery.FromText(text), options);

        /// <summary>Ranked matches for text plus the codes a job object carries; empty when nothing is confident.</summary>
        public IReadOnlyList<RemedyMatch> Match(RemedyQuery query, MatchOptions? options = null)
        {
            if (query == null) throw new ArgumentNullException(nameof(query));
            if (query.IsEmpty) return Array.Empty<RemedyMatch>();
            return _matcher.Match(query, options ?? MatchOptions.Default);
        }

        /// <summary>Finds an entry by symbolic code, alias or numeric code (as text).</summary>
        public bool TryGetEntry(string code, out RemedyEntry entry)
        {
            entry = null!;
            return !string.IsNullOrWhiteSpace(code) && _matcher.TryFindCode(code, out entry);
        }

        public bool TryGetEntry(long numericCode, out RemedyEntry entry) => _matcher.TryFindNumeric(numericCode, out entry);

        private static RemedyCatalog LoadEmbedded()
        {
            using var stream = typeof(RemedyCatalog).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"The remedy catalog resource '{ResourceName}' is missing from {typeof(RemedyCatalog).Assembly.FullName}.");
            return Load(stream);
        }

        private static RemedyCatalog FromDocument(JsonDocument document)
        {
            var root = document.RootElement;
            var version = root.GetProperty("schemaVersion").GetInt32();
            if (version != 1) throw new InvalidDataException($"Remedy catalog schema version {version} is not supported (expected 1).");

            var entries = new List<RemedyEntry>();
            var generic = new HashSet<string>(StringComparer.Ordinal);
            foreach (var e in root.GetProperty("entries").EnumerateArray())
            {
                var code = RequiredString(e, "code");
                try
                {
                    entries.Add(ReadEntry(e, code));
                    if (e.TryGetProperty("codeIsGeneric", out var g) && g.ValueKind == JsonValueKind.True) generic.Add(code);
                }
                catch (Exception ex) when (ex is KeyNotFoundException || ex is InvalidOperationException || ex is FormatException)
                {
                    throw new InvalidDataException($"Remedy catalog entry '{code}' is malformed: {ex.Message}", ex);
                }
            }

            return new RemedyCatalog(entries, generic);
        }

        private static RemedyEntry ReadEntry(JsonElement e, string code)
        {
            var source = RequiredString(e, "codeSource") switch
            {
                "azure" => RemedyCodeSource.Azure,
                "catalog" => RemedyCodeSource.Catalog,
                var other => throw new FormatException($"codeSource '{other}' is neither 'azure' nor 'catalog'"),
            };
            var messages = e.GetProperty("messages");
            var phrases = e.TryGetProperty("phrases", out var p) ? p : default;
            return new RemedyEntry(
                code,
                source,
                e.GetProperty("numericCodes").EnumerateArray().Select(x => x.GetInt32()).ToArray(),
                Strings(e.GetProperty("aliases")),
                RequiredString(e, "phase"),
                RequiredString(e, "os"),
                Text(e.GetProperty("title")),
                Strings(messages.GetProperty("en")),
                Strings(messages.GetProperty("ja")),
                phrases.ValueKind == JsonValueKind.Object ? Strings(phrases.GetProperty("en")) : Array.Empty<string>(),
                phrases.ValueKind == JsonValueKind.Object ? Strings(phrases.GetProperty("ja")) : Array.Empty<string>(),
                e.GetProperty("causes").EnumerateArray().Select(Text).ToArray(),
                e.GetProperty("steps").EnumerateArray().Select(Text).ToArray(),
                Strings(e.GetProperty("checks")),
                e.TryGetProperty("repairCommand", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null,
                Text(e.GetProperty("docs")));
        }

        private static string RequiredString(JsonElement e, string name) =>
            e.GetProperty(name).GetString() ?? throw new FormatException($"'{name}' is null");

        private static string[] Strings(JsonElement array) =>
            array.EnumerateArray().Select(x => x.GetString() ?? throw new FormatException("null in a string list")).ToArray();

        private static LocalizedText Text(JsonElement pair) =>
            new LocalizedText(pair.GetProperty("en").GetString() ?? string.Empty, pair.GetProperty("ja").GetString() ?? string.Empty);
    }
}
