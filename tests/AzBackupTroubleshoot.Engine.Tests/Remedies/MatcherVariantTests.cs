using System.Linq;
using System.Threading.Tasks;
using AzBackupTroubleshoot.Remedies;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Remedies
{
    /// <summary>Errors the way admins actually paste them.</summary>
    public class MatcherVariantTests
    {
        private readonly RemedyCatalog _catalog = RemedyCatalog.LoadDefault();

        private string Top(string text)
        {
            var matches = _catalog.Match(text);
            Assert.True(matches.Count > 0, $"no match for: {text}");
            return matches[0].Code;
        }

        [Theory]
        // Truncated (portal columns, copied half a line).
        [InlineData("VM Agent is unable to communicate with Azure Backup", "UserErrorGuestAgentStatusUnavailable")]
        [InlineData("Snapshot operation failed due to no network connectivity on the", "ExtensionSnapshotFailedNoNetwork")]
        [InlineData("Failed to freeze one or more mount-points of the VM", "UserErrorFsFreezeFailed")]
        [InlineData("Snapshot operation failed because VSS writers were", "ExtensionFailedVssWriterInBadState")]
        [InlineData("ファイル システムの一貫性のあるスナップショットの取得で VM の 1 つ", "UserErrorFsFreezeFailed")]
        [InlineData("VSS ライターの状態が正しくないため", "ExtensionFailedVssWriterInBadState")]
        [InlineData("復元ポイント コレクションの上限", "UserErrorRpCollectionLimitReached")]
        public void Truncated_messages_resolve(string text, string code) => Assert.Equal(code, Top(text));

        [Theory]
        // Retold inside a chat or ticket: the words around the error (where it was seen, who said so) decide nothing.
        [InlineData("昨日からバックアップが失敗しています。共有ディスクがあるので VM をバックアップできない、とポータルに表示されました。", "UserErrorSharedDiskBackupNotSupported")]
        [InlineData("Since yesterday our backups fail. The portal says the VM cannot be backed up because it has a shared disk.", "UserErrorSharedDiskBackupNotSupported")]
        [InlineData("今朝から VSS ライターの状態がおかしいのでスナップショットが取れない、とチケットに書かれていました。", "ExtensionFailedVssWriterInBadState")]
        [InlineData("お疲れ様です。ディスクのサイズがサポートされていないのでバックアップできない、と表示されました。", "UserErrorUnsupportedDiskSize")]
        [InlineData("FYI the ticket says backup failed because the VM agent could not talk to Azure Backup.", "UserErrorGuestAgentStatusUnavailable")]
        public void Retold_messages_inside_chat_resolve(string text, string code) => Assert.Equal(code, Top(text));

        [Theory]
        // Long tickets: a greeting, the VM's story, what was tried, the question; the error retold in one sentence or two.
        [InlineData("お世話になっております。昨晩から本番環境の SQL Server 用仮想マシンのバックアップが毎回失敗しています。ジョブ詳細を見ると、VSS ライターが正しくない状態のためスナップショットが取れなかった、という趣旨のメッセージが出ていました。サービスの再起動も試しましたが改善しません。保持期間は 30 日です。対処方法をご教示ください。よろしくお願いいたします。", "ExtensionFailedVssWriterInBadState")]
        [InlineData("いつもお世話になっております。先週追加したクラスター用の VM について問い合わせます。この VM には共有ディスクが接続されています。そのため VM のバックアップができないと言われました。回避策はありますか。よろしくお願いします。", "UserErrorSharedDiskBackupNotSupported")]
        [InlineData("Hi team, hope you are well. We moved the reporting servers to the new spoke network last Tuesday and since then the nightly job has been red. According to the job details the snapshot could not be taken because the VM has no network connectivity. Nothing else changed on our side as far as I know. Could you tell us what to check? Thanks, Ken", "ExtensionSnapshotFailedNoNetwork")]
        [InlineData("Hello, a quick one from the platform team. We attached four more data disks to sql-03 yesterday. Tonight the backup failed and the portal said the disk size is not supported by Azure Backup. The largest disk is 40 TB. What are our options? Regards, Mia", "UserErrorUnsupportedDiskSize")]
        public void Retold_messages_inside_long_tickets_resolve(string text, string code) => Assert.Equal(code, Top(text));

        [Theory]
        // Long tickets about something else, with backup words in them: no sentence retells one of our errors.
        [InlineData("お世話になっております。本番環境の Web サーバーの応答が遅くなっています。CPU 使用率は 30% 程度で、メモリにも余裕があります。バックアップは毎晩 2 時に成功しています。アプリケーションのログにも特にエラーはありません。原因の調査方法を教えてください。よろしくお願いいたします。")]
        [InlineData("Hi team, the deployment of web-tier-3 failed this morning with a quota error for the region. We have asked for more cores. Backups of the existing VMs are fine and the vault shows no failed jobs. Could you confirm the quota request went through? Thanks, Ken")]
        [InlineData("Hello, we are planning the migration of twelve VMs to a new subscription next month. The backups will be moved with them. Please share the maintenance window and who approves the change. Regards, Mia")]
        public void Long_tickets_about_other_things_resolve_to_nothing(string text)
        {
            var matches = _catalog.Match(text);
            Assert.True(matches.Count == 0, $"matched {(matches.Count > 0 ? matches[0].Code + " " + matches[0].Score : "")} for: {text}");
        }

        [Theory]
        [InlineData("Backup failed for VM 'web-prod-01' (resource group rg-web-jpe) at 2026-11-20T03:14:07Z: VM Agent unable to communicate with Azure Backup. Correlation id 7c0d6b1e-3f9a-4e1b-9c55-2b8e1d7a4f10", "UserErrorGuestAgentStatusUnavailable")]
        [InlineData("/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/app01: Snapshot operation failed because VSS writers were in a bad state.", "ExtensionFailedVssWriterInBadState")]
        [InlineData("2026/11/20 12:00:01 db-vm-03 で VSS ライターが正しくない状態にあるため、スナップショット操作に失敗しました。 (ジョブ ID: 1f2e3d4c-5b6a-7980-a1b2-c3d4e5f60718)", "ExtensionFailedVssWriterInBadState")]
        [InlineData("VM myvm-linux-07 : Failed to freeze one or more mount-points of the VM to take a file-system consistent snapshot.", "UserErrorFsFreezeFailed")]
        public void Messages_with_names_ids_and_timestamps_resolve(string text, string code) => Assert.Equal(code, Top(text));

        [Theory]
        [InlineData("ErrorCode: UserErrorGuestAgentStatusUnavailable", "UserErrorGuestAgentStatusUnavailable")]
        [InlineData("Error Code : ExtensionSnapshotFailedNoNetwork\nError Message : Snapshot operation failed due to no network connectivity on the virtual machine", "ExtensionSnapshotFailedNoNetwork")]
        [InlineData("{\"error\":{\"code\":\"UserErrorRpCollectionLimitReached\",\"message\":\"The Restore Point collection max limit has reached.\"}}", "UserErrorRpCollectionLimitReached")]
        [InlineData("\"errorDetails\": [ { \"errorCode\": \"UserErrorKeyVaultPermissionsNotConfigured\", \"errorString\": \"Backup doesn't have sufficient permissions to the key vault for backup of encrypted VMs.\", \"recommendations\": [] } ]", "UserErrorKeyvaultPermissionsNotConfigured")]
        [InlineData("ErrorCode       : 380008\nErrorMessage    : Failed to install Microsoft Recovery Services extension as virtual machine is not running\nRecommendations : {Start the VM}", "AzureVmOffline")]
        [InlineData("UserErrorGuestAgentStatusUnavailable - VM agent unable to communicate with Azure Backup", "UserErrorGuestAgentStatusUnavailable")]
        public void Code_prefixed_json_cli_and_job_detail_layouts_resolve(string text, string code) => Assert.Equal(code, Top(text));

        [Theory]
        [InlineData("UserErrorGuestAgentStatusUnavailable", "UserErrorGuestAgentStatusUnavailable")]
        [InlineData("usererrorguestagentstatusunavailable", "UserErrorGuestAgentStatusUnavailable")]
        [InlineData("  ExtensionStuckInDeletionState. ", "ExtensionStuckInDeletionState")]
        [InlineData("UserErrorSkuNotAvaialable", "UserErrorSkuNotAvailable")]
        [InlineData("ExtentionOperationFailed", "ExtensionOperationFailed")]
        [InlineData("UserErrorCrossSubscriptionRestoreNotSupportedForCRR", "UserErrorCrossSubscriptionRestoreNotSuppportedForCRR")]
        [InlineData("320001", "ResourceNotFound")]
        [InlineData("400094", "BCMV2VMNotFound")]
        [InlineData("380008", "AzureVmOffline")]
        [InlineData("ResourceNotFound", "ResourceNotFound")]
        public void Bare_codes_misspellings_and_numeric_codes_resolve(string text, string code)
        {
            var matches = _catalog.Match(text);
            Assert.Equal(code, matches[0].Code);
            Assert.Equal(1.0, matches[0].Score);
            Assert.NotEqual(MatchKind.Message, matches[0].Kind);
        }

        [Theory]
        [InlineData("ＶＳＳ　ライターの状態が正しくないため、スナップショット操作に失敗しました", "ExtensionFailedVssWriterInBadState")]
        [InlineData("VSSライターの状態が正しくないため、スナップショット操作に失敗しました", "ExtensionFailedVssWriterInBadState")]
        [InlineData("ファイルシステムの一貫性のあるスナップショットの取得でVMの1つまたは複数のマウントポイントをフリーズできませんでした", "UserErrorFsFreezeFailed")]
        [InlineData("ＶＭエージェントがＡｚｕｒｅ Ｂａｃｋｕｐと通信できません", "UserErrorGuestAgentStatusUnavailable")]
        [InlineData("「スナップショットの状態について VM エージェントと通信できませんでした」というエラーが出ました", "GuestAgentSnapshotTaskStatusError")]
        public void Full_width_text_and_japanese_without_spaces_resolve(string text, string code) => Assert.Equal(code, Top(text));

        [Fact]
        public void Structured_job_fields_resolve_and_the_numeric_code_wins()
        {
            var matches = _catalog.Match(new RemedyQuery { NumericCode = 400094, Text = "An Azure virtual machine wasn't found." });
            Assert.Equal("BCMV2VMNotFound", matches[0].Code);
            Assert.Equal(MatchKind.NumericCode, matches[0].Kind);
        }

        [Fact]
        public void An_unknown_numeric_code_falls_back_to_the_message()
        {
            var matches = _catalog.Match(new RemedyQuery { NumericCode = 999999, Text = "Snapshot operation failed due to COM+ error" });
            Assert.Equal("ExtensionSnapshotFailedCOM", matches[0].Code);
            Assert.Equal(MatchKind.Message, matches[0].Kind);
        }

        [Fact]
        public void A_message_shared_by_two_codes_lists_both()
        {
            var matches = _catalog.Match("Backup failed with an internal error - Please retry the operation in a few minutes.");
            var codes = matches.Take(2).Select(m => m.Code).OrderBy(c => c).ToArray();
            Assert.Equal(new[] { "BackUpOperationFailed", "BackUpOperationFailedV2" }, codes);
        }

        [Fact]
        public void Matches_are_ranked_and_say_what_matched()
        {
            var matches = _catalog.Match("Snapshot operation failed due to VSS Writers in bad state");
            Assert.Equal("ExtensionFailedVssWriterInBadState", matches[0].Code);
            Assert.Equal(MatchKind.Message, matches[0].Kind);
            Assert.Contains("VSS", matches[0].MatchedText);
            for (var i = 1; i < matches.Count; i++) Assert.True(matches[i - 1].Score >= matches[i].Score);
        }

        [Fact]
        public void Matching_is_deterministic_across_threads()
        {
            var inputs = new[]
            {
                "VM Agent unable to communicate with Azure Backup",
                "VSS ライターの状態が正しくないため、スナップショット操作に失敗しました",
                "Backup failed with an internal error",
                "320001",
            };
            string Signature(string s) => string.Join(";", _catalog.Match(s).Select(m => $"{m.Code}:{m.Score}"));
            var expected = inputs.Select(Signature).ToArray();
            var results = new string[64][];
            Parallel.For(0, results.Length, i => results[i] = inputs.Select(Signature).ToArray());
            Assert.All(results, r => Assert.Equal(expected, r));
        }
    }
}
