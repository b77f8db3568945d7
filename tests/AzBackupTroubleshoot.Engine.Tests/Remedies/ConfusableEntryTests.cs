using System;
using System.Linq;
using AzBackupTroubleshoot.Remedies;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Remedies
{
    /// <summary>
    /// Entries that differ in one key term: a retold message that names the term gets its entry;
    /// one that does not say which gets both, close together and below a sure match.
    /// </summary>
    public class ConfusableEntryTests
    {
        private readonly RemedyCatalog _catalog = RemedyCatalog.LoadDefault();

        [Theory]
        [InlineData("snapshot failed, the VSS writer is in a bad state", "ExtensionFailedVssWriterInBadState", "ExtensionFailedVssServiceInBadState")]
        [InlineData("snapshot failed, the VSS service is in a bad state", "ExtensionFailedVssServiceInBadState", "ExtensionFailedVssWriterInBadState")]
        [InlineData("VSS ライターがおかしくてスナップショット失敗", "ExtensionFailedVssWriterInBadState", "ExtensionFailedVssServiceInBadState")]
        [InlineData("VSS サービスがおかしくてスナップショット失敗", "ExtensionFailedVssServiceInBadState", "ExtensionFailedVssWriterInBadState")]
        [InlineData("the snapshot failed with a COM+ error", "ExtensionSnapshotFailedCOM", "ExtensionInstallationFailedMDTC")]
        [InlineData("COM+ could not talk to MSDTC while installing the extension", "ExtensionInstallationFailedMDTC", "ExtensionSnapshotFailedCOM")]
        [InlineData("COM+ エラーでスナップショット失敗", "ExtensionSnapshotFailedCOM", "ExtensionInstallationFailedMDTC")]
        [InlineData("COM+ が MSDTC と通信できない", "ExtensionInstallationFailedMDTC", "ExtensionSnapshotFailedCOM")]
        [InlineData("can't start the restore, another restore is already in progress", "UserErrorRestoreOperationInProgress", "UserErrorBackupOperationInProgress")]
        [InlineData("can't start the backup, another backup is already in progress", "UserErrorBackupOperationInProgress", "UserErrorRestoreOperationInProgress")]
        [InlineData("restore failed since the VM snapshot wasn't found", "UserErrorInstantRpNotFound", "UserErrorVmNotFoundV2")]
        public void The_key_term_decides_between_confusable_entries(string text, string expected, string partner)
        {
            var matches = _catalog.Match(text, new MatchOptions { MaxResults = 10 });
            Assert.NotEmpty(matches);
            Assert.Equal(expected, matches[0].Code);
            var other = matches.FirstOrDefault(m => m.Code == partner);
            Assert.True(other == null || other.Score <= matches[0].Score - 0.15, $"{partner} scored {other?.Score} against {matches[0].Score}");
        }

        [Theory]
        [InlineData("linux backup failed: unsupported guest agent version", true)]
        [InlineData("windows backup failed: unsupported guest agent version", false)]
        public void An_entry_for_one_os_does_not_answer_a_text_about_the_other(string text, bool matches)
        {
            var result = _catalog.Match(text);
            Assert.Equal(matches, result.Count > 0 && result[0].Code == "UserErrorGuestAgentVersionUnsupported");
        }

        [Theory]
        [InlineData("snapshot failed because VSS is in a bad state", "ExtensionFailedVssWriterInBadState", "ExtensionFailedVssServiceInBadState")]
        [InlineData("VSS の状態が正しくないためスナップショットに失敗", "ExtensionFailedVssWriterInBadState", "ExtensionFailedVssServiceInBadState")]
        [InlineData("can't start, another operation is already in progress", "UserErrorBackupOperationInProgress", "UserErrorRestoreOperationInProgress")]
        public void A_text_that_does_not_say_which_gets_both_as_honest_runners_up(string text, string first, string second)
        {
            var matches = _catalog.Match(text);
            var a = matches.FirstOrDefault(m => m.Code == first);
            var b = matches.FirstOrDefault(m => m.Code == second);
            Assert.NotNull(a);
            Assert.NotNull(b);
            Assert.True(matches.Take(2).All(m => m.Code == first || m.Code == second), string.Join(", ", matches));
            Assert.True(Math.Abs(a!.Score - b!.Score) <= 0.1, $"{a} vs {b}");
            // Neither is presented as sure: each is marked down for the term the text leaves unsaid.
            Assert.True(Math.Max(a.Score, b.Score) < 0.9, $"{a} vs {b}");
        }

        [Fact]
        public void Deciding_terms_name_the_key_term()
        {
            var writer = _catalog.Match("snapshot failed, the VSS writer is in a bad state")[0];
            Assert.Contains(writer.DecidingTerms, t => t.Contains("writer"));
            var msdtc = _catalog.Match("COM+ could not talk to MSDTC while installing the extension")[0];
            Assert.Contains("msdtc", msdtc.DecidingTerms);
            var code = _catalog.Match("UserErrorGuestAgentStatusUnavailable")[0];
            Assert.Equal(new[] { "UserErrorGuestAgentStatusUnavailable" }, code.DecidingTerms);
        }
    }
}
