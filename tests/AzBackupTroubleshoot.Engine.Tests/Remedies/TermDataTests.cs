using System.Linq;
using AzBackupTroubleshoot.Remedies.Matching;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Remedies
{
    /// <summary>The term data (Remedies/Data/remedy-terms.json) is consistent, and the folding it relies on works.</summary>
    public class TermDataTests
    {
        [Fact]
        public void The_shipped_term_data_has_no_problems()
        {
            Assert.Empty(TermLexicon.LoadDefault().Validate());
        }

        [Fact]
        public void The_term_data_covers_both_languages_and_the_confusable_pairs()
        {
            var lexicon = TermLexicon.LoadDefault();
            Assert.True(lexicon.Groups.Count(g => g.English.Count > 0) >= 100);
            Assert.True(lexicon.Groups.Count(g => g.Japanese.Count > 0) >= 100);
            foreach (var pair in new[] { new[] { "writer", "service" }, new[] { "complus", "msdtc" }, new[] { "backup", "restore" }, new[] { "linux", "windows" } })
            {
                Assert.Contains(lexicon.Contrasts, c => pair.All(c.Terms.Contains));
            }
        }

        [Theory]
        [InlineData("install", "installing", "installation", "installed", "installs")]
        [InlineData("create", "creating", "creation", "created", "creates")]
        [InlineData("configure", "configured", "configuration", "configurations", "configuring")]
        [InlineData("communicate", "communicating", "communication", "communicated", "communicates")]
        [InlineData("provision", "provisioning", "provisioned", "provisions", "provision")]
        [InlineData("cancel", "cancelled", "canceled", "cancellation", "cancelable")]
        [InlineData("connect", "connected", "connection", "connectivity", "connecting")]
        [InlineData("delete", "deleted", "deletion", "deleting", "deletes")]
        public void Inflections_fold_onto_one_stem(string word, params string[] forms)
        {
            var stem = EnglishStemmer.Stem(word);
            Assert.All(forms, f => Assert.Equal(stem, EnglishStemmer.Stem(f)));
        }

        [Theory]
        [InlineData("backup", "restore")]
        [InlineData("writer", "write")]
        public void Different_words_keep_different_stems(string a, string b)
        {
            Assert.NotEqual(EnglishStemmer.Stem(a), EnglishStemmer.Stem(b));
        }

        [Theory]
        [InlineData("distribted", "distributed")]
        [InlineData("coordniator", "coordinator")]
        [InlineData("provisoning", "provisioning")]
        [InlineData("snapshoot", "snapshot")]
        public void A_typo_in_a_long_word_folds_onto_the_known_word(string typo, string known)
        {
            var index = new TypoIndex(new[] { "distributed", "coordinator", "provisioning", "snapshot", "transaction" });
            Assert.True(index.TryCorrect(typo, out var corrected));
            Assert.Equal(known, corrected);
        }

        [Fact]
        public void A_word_two_edits_away_is_not_corrected()
        {
            var index = new TypoIndex(new[] { "coordinator" });
            Assert.False(index.TryCorrect("cordinatr", out _));
        }
    }
}
