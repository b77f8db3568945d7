using System.Text;

namespace AzBackupTroubleshoot.Benchmarks
{
    /// <summary>
    /// The texts the matching benchmark runs on: one per kind of input admins paste, including the
    /// costly ones (several KB of pasted CLI output or logs, long retold Japanese, shuffled words).
    /// </summary>
    internal static class MatchingInputs
    {
        public static string Get(string name) => name switch
        {
            "EnglishFull" => "Snapshot operation failed due to no network connectivity on the virtual machine - Ensure that VM has network access. For snapshot to succeed, either whitelist Azure datacenter IP ranges or set up a proxy server for network access.",
            "JapaneseFull" => "VSS ライターの状態が正しくないため、スナップショット操作に失敗しました",
            "EnglishEmbedded" => "Backup failed for VM 'web-prod-01' (resource group rg-web-jpe) at 2026-11-20T03:14:07Z: VM Agent unable to communicate with Azure Backup. Correlation id 7c0d6b1e-3f9a-4e1b-9c55-2b8e1d7a4f10",
            "JapaneseTruncated" => "ファイル システムの一貫性のあるスナップショットの取得で VM の 1 つ",
            "JobDetailLayout" => "ErrorCode       : 380008\nErrorMessage    : Failed to install Microsoft Recovery Services extension as virtual machine is not running",
            "BareCode" => "UserErrorGuestAgentStatusUnavailable",
            // Retold, not Azure's words: only the meaning matcher finds these.
            "EnglishRetold" => "Hi all, since last night the backup of our SQL box keeps failing - the ticket says the snapshot couldn't be taken because the VSS writers are in a wrong state, and a colleague thinks the volume shadow copy writer for SQL is stuck.",
            "JapaneseRetold" => "昨日からバックアップが失敗しています。共有ディスクがあるので VM をバックアップできない、とポータルに表示されました。",
            "JapaneseLongRetold" => JapaneseLongRetold,
            // A documented message with its words shuffled: many messages look partly alike, none in order.
            "EnglishShuffled" => "VM has supported currently and disks the because shared Operation failed this not is",
            "ShortJob" => "Backup failed: snapshot timed out",
            "LongJsonPaste" => LongJsonPaste(),
            "LongUnrelatedLog" => LongUnrelatedLog(),
            "JapaneseTicketThread" => JapaneseTicketThread,
            "Unrelated" => "The client 'admin@contoso.com' does not have authorization to perform action 'Microsoft.Compute/virtualMachines/read' over scope '/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590'.",
            _ => throw new System.ArgumentException($"No benchmark input named '{name}'.", nameof(name)),
        };

        private const string JapaneseLongRetold =
            "お世話になっております。昨晩から本番環境の SQL Server 用仮想マシンのバックアップが毎回失敗しています。" +
            "ポータルのジョブ詳細を見ると、スナップショットの作成中にエラーになっており、VSS ライターが正しくない状態のためスナップショットが取れなかった、という趣旨のメッセージが出ていました。" +
            "ゲスト OS 側で vssadmin list writers を実行したところ、SqlServerWriter が「再試行可能なエラー」の状態になっていました。" +
            "サービスの再起動も試しましたが改善しません。バックアップ ポリシーは毎日 2 時、保持期間は 30 日です。拡張機能のバージョンは最新です。" +
            "同じ事象の対処方法があればご教示ください。よろしくお願いいたします。";

        // A Japanese support thread with the earlier replies quoted (about 1,400 characters); the error is retold in one sentence.
        private const string JapaneseTicketThread =
            "件名: Re: Re: 【至急】本番 DB サーバーのバックアップ失敗について\n" +
            "株式会社コントソ 情報システム部 山田です。いつもお世話になっております。\n" +
            "ご回答ありがとうございました。ご指示のとおり、対象の仮想マシン db-prod-02 で VM エージェントのバージョンを確認したところ、最新の 2.7.41491.1102 でした。" +
            "ゲスト OS は Windows Server 2022 で、先月の定例パッチ適用以降に再起動は 2 回行っています。バックアップ ポリシーは毎日 2 時開始、保持期間は日次 30 日、週次 12 週です。" +
            "本日の 2 時のジョブも失敗しました。ジョブの詳細には、VSS ライターが正しくない状態にあるためスナップショットを作成できなかった、という内容が表示されています。" +
            "管理者権限のコマンド プロンプトで vssadmin list writers を実行すると、SqlServerWriter の状態が「失敗」、最後のエラーが「再試行可能なエラー」と表示されました。" +
            "SQL Server のサービスは稼働しており、アプリケーションからの接続にも問題はありません。イベント ログには VSS のエラーが 2 件記録されていました。\n" +
            "恐れ入りますが、次の点についてご教示いただけますでしょうか。\n" +
            "1. SQL Server のサービスを再起動せずに対処する方法はありますか。\n" +
            "2. 業務時間中にオンデマンド バックアップを実行しても問題ないでしょうか。\n" +
            "3. 同様の事象が他の VM でも起きないよう、事前に確認できる項目があれば教えてください。\n" +
            "以上、よろしくお願いいたします。\n" +
            "> 山田様\n" +
            "> お問い合わせありがとうございます。サポート担当の佐藤です。\n" +
            "> 恐れ入りますが、対象 VM の VM エージェントのバージョン、ゲスト OS の種類、直近の再起動の有無をお知らせください。\n" +
            "> また、可能であればジョブの詳細画面に表示されたエラー メッセージの全文をお送りください。\n" +
            "> 引き続きよろしくお願いいたします。\n" +
            ">> 本番 DB サーバーのバックアップが 3 日連続で失敗しています。業務影響があるため、至急確認をお願いします。";

        // `az backup job show -o json` and the VM agent's status, pasted into a ticket (about 3 KB).
        private static string LongJsonPaste()
        {
            var b = new StringBuilder();
            b.Append("PS /home/admin> az backup job show --vault-name rsv-prod-jpe --resource-group rg-backup-jpe --name 6a0f3c2e-91d4-4b7a-8f1e-2d3c4b5a6978 -o json\n");
            b.Append("{\n  \"eTag\": null,\n  \"id\": \"/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg-backup-jpe/providers/Microsoft.RecoveryServices/vaults/rsv-prod-jpe/backupJobs/6a0f3c2e-91d4-4b7a-8f1e-2d3c4b5a6978\",\n");
            b.Append("  \"location\": null,\n  \"name\": \"6a0f3c2e-91d4-4b7a-8f1e-2d3c4b5a6978\",\n  \"properties\": {\n    \"actionsInfo\": [\"Cancellable\", \"Retriable\"],\n");
            b.Append("    \"activityId\": \"9d2b7f4a-5c61-4e0b-b3a8-7e6f5d4c3b2a-2026-11-20T03:14:07Z-Ibz\",\n    \"backupManagementType\": \"AzureIaasVM\",\n    \"containerName\": \"iaasvmcontainerv2;rg-web-jpe;web-prod-01\",\n");
            b.Append("    \"duration\": \"0:45:12.118204\",\n    \"endTime\": \"2026-11-20T03:59:19.118204+00:00\",\n    \"entityFriendlyName\": \"web-prod-01\",\n");
            b.Append("    \"errorDetails\": [\n      {\n        \"errorCode\": 400018,\n        \"errorString\": \"Snapshot operation failed due to no network connectivity on the virtual machine - Ensure that VM has network access. For snapshot to succeed, either whitelist Azure datacenter IP ranges or set up a proxy server for network access.\",\n");
            b.Append("        \"errorTitle\": \"\",\n        \"recommendations\": [\n          \"Ensure that VM has network access. For snapshot to succeed, either allowlist Azure datacenter IP ranges or set up a proxy server for network access. Refer https://aka.ms/AB-AA4dwtr for more details.\"\n        ],\n        \"innerError\": null\n      }\n    ],\n");
            b.Append("    \"extendedInfo\": {\n      \"dynamicErrorMessage\": null,\n      \"estimatedRemainingDuration\": null,\n      \"internalErrorDetails\": null,\n      \"progressPercentage\": null,\n      \"propertyBag\": {\n        \"Backup Size\": \"0 MB\",\n        \"Job Type\": \"Snapshot and Vault\",\n        \"VM Name\": \"web-prod-01\",\n        \"Backup Type\": \"Incremental\"\n      },\n");
            b.Append("      \"tasksList\": [\n        { \"duration\": \"0:44:58\", \"endTime\": \"2026-11-20T03:59:05Z\", \"startTime\": \"2026-11-20T03:14:07Z\", \"status\": \"Failed\", \"taskId\": \"Take Snapshot\" },\n        { \"duration\": \"0:00:00\", \"endTime\": null, \"startTime\": null, \"status\": \"NotStarted\", \"taskId\": \"Transfer data to vault\" }\n      ]\n    },\n");
            b.Append("    \"isUserTriggered\": false,\n    \"jobType\": \"AzureIaaSVMJob\",\n    \"operation\": \"Backup\",\n    \"startTime\": \"2026-11-20T03:14:07.000000+00:00\",\n    \"status\": \"Failed\",\n    \"virtualMachineVersion\": \"Compute\"\n  },\n  \"resourceGroup\": \"rg-backup-jpe\",\n  \"tags\": null,\n  \"type\": \"Microsoft.RecoveryServices/vaults/backupJobs\"\n}\n");
            b.Append("PS /home/admin> az vm get-instance-view -g rg-web-jpe -n web-prod-01 --query instanceView.vmAgent -o json\n");
            b.Append("{\n  \"extensionHandlers\": [\n    { \"status\": { \"code\": \"ProvisioningState/succeeded\", \"displayStatus\": \"Ready\", \"level\": \"Info\", \"message\": \"Plugin enabled\", \"time\": null }, \"type\": \"Microsoft.Azure.RecoveryServices.VMSnapshot\", \"typeHandlerVersion\": \"1.0.9214.0\" },\n");
            b.Append("    { \"status\": { \"code\": \"ProvisioningState/succeeded\", \"displayStatus\": \"Ready\", \"level\": \"Info\", \"message\": \"Plugin enabled\", \"time\": null }, \"type\": \"Microsoft.Azure.Monitor.AzureMonitorWindowsAgent\", \"typeHandlerVersion\": \"1.31.0.0\" }\n  ],\n");
            b.Append("  \"statuses\": [\n    { \"code\": \"ProvisioningState/succeeded\", \"displayStatus\": \"Ready\", \"level\": \"Info\", \"message\": \"GuestAgent is running and processing the extensions.\", \"time\": \"2026-11-20T04:02:11.5123456+00:00\" }\n  ],\n  \"vmAgentVersion\": \"2.7.41491.1102\"\n}\n");
            return b.ToString();
        }

        // A deployment log with urls, ids and JSON and no backup error in it (about 4 KB).
        private static string LongUnrelatedLog()
        {
            var b = new StringBuilder();
            for (var k = 0; k < 5; k++)
            {
                b.Append($"2026-11-20T03:{10 + k}:07.123Z INFO  [deploy-{k:D2}] Starting deployment 'web-tier-{k}' to resource group 'rg-web-jpe' in subscription 0b1f6471-1bf0-4dda-aec3-cb9272f09590\n");
                b.Append($"2026-11-20T03:{10 + k}:09.456Z DEBUG PUT https://management.azure.com/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg-web-jpe/providers/Microsoft.Network/networkInterfaces/nic-web-{k}?api-version=2024-05-01 -> 201 Created\n");
                b.Append($"{{\"properties\":{{\"provisioningState\":\"Succeeded\",\"ipConfigurations\":[{{\"name\":\"ipconfig1\",\"privateIPAddress\":\"10.0.{k}.4\",\"subnet\":{{\"id\":\"/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/web\"}}}}]}}}}\n");
                b.Append($"2026-11-20T03:{10 + k}:11.789Z WARN  Retrying request after throttling (429); retry-after 3 seconds; correlation 7c0d6b1e-3f9a-4e1b-9c55-2b8e1d7a4f{k:D2}\n");
            }

            return b.ToString();
        }
    }
}
