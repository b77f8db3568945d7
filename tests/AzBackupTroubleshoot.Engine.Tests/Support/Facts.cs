using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace AzBackupTroubleshoot.Engine.Tests.Support
{
    /// <summary>The facts file: error codes and Azure's exact messages, as the catalog must cover them.</summary>
    internal static class Facts
    {
        public sealed record FactEntry(string Code, IReadOnlyList<string> Aliases, IReadOnlyList<string> English, IReadOnlyList<string> Japanese);

        private static readonly IReadOnlyList<FactEntry> Loaded = Load();

        public static IReadOnlyList<FactEntry> Entries => Loaded;

        /// <summary>Every (message, code) pair, plus the other codes the facts give the same message.</summary>
        public static IEnumerable<(string Message, string Code, string[] SameMessageCodes)> Messages()
        {
            var owners = Loaded
                .SelectMany(e => e.English.Concat(e.Japanese).Select(m => (Key: Key(m), e.Code)))
                .GroupBy(x => x.Key)
                .ToDictionary(g => g.Key, g => g.Select(x => x.Code).Distinct().ToArray());
            foreach (var e in Loaded)
            {
                foreach (var m in e.English.Concat(e.Japanese)) yield return (m, e.Code, owners[Key(m)]);
            }
        }

        private static string Key(string m) => string.Join(" ", m.ToLowerInvariant().Split((char[]?)null, System.StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.', '。');

        private static IReadOnlyList<FactEntry> Load()
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(SharedMaterial.Path("reference", "backup-error-facts.json")));
            return doc.RootElement.EnumerateArray().Select(e => new FactEntry(
                e.GetProperty("code").GetString()!,
                e.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()!).ToArray(),
                e.GetProperty("messages").GetProperty("en").EnumerateArray().Select(a => a.GetString()!).ToArray(),
                e.GetProperty("messages").GetProperty("ja").EnumerateArray().Select(a => a.GetString()!).ToArray())).ToArray();
        }
    }
}
