using System.Collections.Generic;
using System.Linq;
using AzBackupTroubleshoot.Engine.Tests.Support;
using AzBackupTroubleshoot.Remedies;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Remedies
{
    /// <summary>The catalog carries every code and every exact message of the facts file, and resolves them.</summary>
    public class FactsCoverageTests
    {
        private readonly RemedyCatalog _catalog = RemedyCatalog.LoadDefault();

        [Fact]
        public void Every_fact_code_and_alias_is_in_the_catalog()
        {
            foreach (var fact in Facts.Entries)
            {
                Assert.True(_catalog.TryGetEntry(fact.Code, out var entry), fact.Code);
                Assert.Equal(fact.Code, entry.Code);
                foreach (var alias in fact.Aliases)
                {
                    Assert.True(_catalog.TryGetEntry(alias, out var byAlias), alias);
                    Assert.Equal(fact.Code, byAlias.Code);
                }
            }
        }

        [Fact]
        public void Every_fact_message_is_kept_word_for_word()
        {
            foreach (var fact in Facts.Entries)
            {
                Assert.True(_catalog.TryGetEntry(fact.Code, out var entry));
                foreach (var m in fact.English) Assert.Contains(Squash(m), entry.EnglishMessages.Select(Squash));
                foreach (var m in fact.Japanese) Assert.Contains(Squash(m), entry.JapaneseMessages.Select(Squash));
            }
        }

        public static IEnumerable<object[]> FactMessages() =>
            Facts.Messages().Select(x => new object[] { x.Code, x.Message, x.SameMessageCodes });

        [Theory]
        [MemberData(nameof(FactMessages))]
        public void Every_fact_message_resolves_to_its_own_code(string code, string message, string[] sameMessageCodes)
        {
            var matches = _catalog.Match(message);
            Assert.NotEmpty(matches);
            Assert.Contains(matches[0].Code, sameMessageCodes);
            Assert.Contains(matches, m => m.Code == code);
        }

        private static string Squash(string s) => string.Join(" ", s.Split((char[]?)null, System.StringSplitOptions.RemoveEmptyEntries));
    }
}
