namespace AzBackupTroubleshoot.Commands
{
    /// <summary>What the cmdlets themselves say, in the user's language.</summary>
    internal static class CmdletText
    {
        public static string NoConfidentMatch(string language) => language == "ja"
            ? "カタログの中に、このエラーに十分な確度で一致する対処法がありません。"
            : "No remedy in the catalog matches this error with enough confidence.";

        public static string NoConfidentMatchAction(string language) => language == "ja"
            ? "ジョブのエラーの詳細からメッセージ全体を貼り付けるか、-Code にエラー コードを指定してください。一覧は Get-BackupErrorRemedy -All で確認できます。"
            : "Paste the whole message from the job's error details, or pass the error code with -Code. Get-BackupErrorRemedy -All lists the catalog.";

        public static string UnknownCode(string language, string code) => language == "ja"
            ? $"エラー コード '{code}' はカタログにありません。"
            : $"The error code '{code}' is not in the catalog.";

        public static string UnknownCodeAction(string language) => language == "ja"
            ? "Tab キーで -Code の候補を表示するか、Get-BackupErrorRemedy -All で一覧を確認してください。メッセージがある場合は -Message に渡してください。"
            : "Press Tab after -Code to see the known codes, or list them with Get-BackupErrorRemedy -All. If you have the message, pass it to -Message.";

        public static string JobHasNoErrors(string language, string? jobId) => language == "ja"
            ? $"ジョブ {jobId} にはエラーの詳細がありません。"
            : $"Job {jobId} carries no error details.";

        public static string NotSignedIn(string language) => language == "ja"
            ? "Azure にサインインしていません (Get-AzContext が返すコンテキストにアカウントまたはサブスクリプションがありません)。"
            : "You are not signed in to Azure: Get-AzContext returned no context with an account and a subscription.";

        public static string RequestSummary(string language, int requests, int failed, string url) => language == "ja"
            ? $"{url} への ARM 要求 {requests} 件 (うち失敗または再試行 {failed} 件)。要求ごとの詳細は -Verbose で表示されます。"
            : $"{requests} ARM request(s) to {url}, {failed} of them failed or retried. -Verbose shows each request.";

        public static string NoToken(string language) => language == "ja"
            ? "Get-AzAccessToken がトークンを返しませんでした。"
            : "Get-AzAccessToken returned no token.";

        public static string ConnectAction(string language) => language == "ja"
            ? "Connect-AzAccount を実行してサインインし、必要なら Set-AzContext でサブスクリプションを選んでから、もう一度実行してください。"
            : "Run Connect-AzAccount (and Set-AzContext to pick a subscription if needed), then run the command again.";

        public static string AzAccountsMissing(string language, string command) => language == "ja"
            ? $"{command} が見つかりません。このコマンドは Az.Accounts モジュールのサインインを使います。"
            : $"{command} was not found. This command uses the sign-in of the Az.Accounts module.";

        public static string NoResourceManagerUrl(string language, string? url) => language == "ja"
            ? $"Az コンテキストの環境に有効な ResourceManagerUrl がありません ('{url}')。"
            : $"The Az context's environment has no valid ResourceManagerUrl ('{url}').";

        public static string LoginFailed(string language, string command, string reason) => language == "ja"
            ? $"{command} が失敗しました: {reason}"
            : $"{command} failed: {reason}";

        public static string InvalidResourceId(string language, string reason) => language == "ja"
            ? $"リソース ID が正しくありません: {reason}"
            : $"The resource id is not valid: {reason}";

        public static string InvalidResourceIdAction(string language) => language == "ja"
            ? "VM、リソース グループ、またはサブスクリプションの ID (/subscriptions/... で始まる) を指定してください。"
            : "Pass the id of a VM, a resource group or a subscription (it starts with /subscriptions/...).";

        public static string UnknownCheck(string language, string reason) => language == "ja"
            ? $"チェック ID が正しくありません。{reason}"
            : reason;

        public static string CannotRead(string language, string target, string reason) => language == "ja"
            ? $"{target} を読み取れませんでした: {reason}"
            : $"Could not read {target}: {reason}";

        public static string CannotReadAction(string language, int status) => status switch
        {
            403 => language == "ja" ? "このスコープに閲覧者 (Reader) 以上のロールがあるか確認してください。" : "Check that you hold at least the Reader role on this scope.",
            404 => language == "ja" ? "名前とサブスクリプション (Get-AzContext) を確認してください。" : "Check the name and the subscription (Get-AzContext).",
            401 => language == "ja" ? "Connect-AzAccount で再度サインインしてください。" : "Sign in again with Connect-AzAccount.",
            429 => language == "ja" ? "Azure Resource Manager の要求制限に達しました。しばらく待ってから再実行してください。" : "Azure Resource Manager throttled the requests; wait a little and run again.",
            _ => language == "ja" ? "ネットワーク接続を確認して再実行してください。" : "Check the network connection and run again.",
        };

        public static string PartlyUnknown(string language, string gap) => language == "ja"
            ? $"一部を読み取れなかったため、関連するチェックは Unknown になります: {gap}"
            : $"Part of the estate could not be read, so the checks that need it answer Unknown: {gap}";

        public static string GuestCheckNeedsInGuest(string language, string ids) => language == "ja"
            ? $"ゲスト内チェック ({ids}) は -InGuest を指定したときだけ実行されます。-InGuest を付けて実行してください (VM 内で Run Command の読み取り専用スクリプトが動きます)。"
            : $"The in-guest checks ({ids}) run only with -InGuest. Add -InGuest (a read-only script then runs in the VM through Run Command).";

        public static string GuestProgressActivity(string language, string vm) => language == "ja" ? $"{vm} のゲスト内チェック" : $"In-guest checks of {vm}";

        public static string GuestProgressStatus(string language, string stage) => stage switch
        {
            "Started" => language == "ja" ? "Run Command を実行中" : "Running the guest script through Run Command",
            "Skipped" => language == "ja" ? "実行できません (理由は結果を参照)" : "Not run (the findings say why)",
            _ => language == "ja" ? "完了" : "Done",
        };

        public static string ProgressActivity(string language) => language == "ja" ? "VM のバックアップ準備状況を確認しています" : "Testing VM backup readiness";

        public static string ProgressReading(string language, string scope) => language == "ja" ? $"{scope} を読み取り中" : $"Reading {scope}";

        public static string ProgressReadingGraph(string language, int subscriptions, int managementGroups) => language == "ja"
            ? (managementGroups > 0 ? $"{managementGroups} 個の管理グループ" : $"{subscriptions} 個のサブスクリプション") + "を Azure Resource Graph で読み取り中"
            : $"Reading {(managementGroups > 0 ? managementGroups + " management group(s)" : subscriptions + " subscriptions")} through Azure Resource Graph";

        public static string ProgressChecked(string language, int vms, int done, int total) => language == "ja"
            ? $"{vms} 台の VM を確認済み ({done}/{total} スコープ)"
            : $"{vms} VM(s) checked ({done} of {total} scope(s))";

        public static string NoRemedyForFinding(string language) => language == "ja"
            ? "この結果には対処法のコードがありません (対処は不要です)。"
            : "This finding carries no remedy code: there is nothing to fix.";

        public static string InvalidSubscriptionId(string language, string id) => language == "ja"
            ? $"'{id}' はサブスクリプション ID (GUID) ではありません。"
            : $"'{id}' is not a subscription id (a GUID).";

        public static string InvalidSubscriptionIdAction(string language) => language == "ja"
            ? "サブスクリプション ID は Get-AzSubscription か (Get-AzContext).Subscription.Id で確認できます。"
            : "Get-AzSubscription or (Get-AzContext).Subscription.Id shows subscription ids.";

        public static string NameWithoutGroup(string language, string names) => language == "ja"
            ? $"VM 名 ({names}) にはリソース グループ名が必要です。"
            : $"The VM name(s) {names} need a resource group name.";

        public static string NameWithoutGroupAction(string language) => language == "ja"
            ? "-ResourceGroupName を指定するか、VM の ID を -ResourceId に渡してください。"
            : "Add -ResourceGroupName, or pass the VM's id to -ResourceId.";

        public static string InstallAzAccountsAction(string language) => language == "ja"
            ? "Install-Module Az.Accounts -Scope CurrentUser で Az.Accounts をインストールし、Connect-AzAccount でサインインしてから、もう一度実行してください。"
            : "Install Az.Accounts (Install-Module Az.Accounts -Scope CurrentUser), sign in with Connect-AzAccount, then run the command again.";

        public static string CannotConnect(string language, string url, string reason) => language == "ja"
            ? $"Azure Resource Manager ({url}) に接続できませんでした: {reason}"
            : $"Could not connect to Azure Resource Manager at {url}: {reason}";

        public static string CannotConnectAction(string language) => language == "ja"
            ? "ネットワーク接続、プロキシ設定 (HTTPS_PROXY)、ファイアウォール、および Get-AzContext の環境 (ResourceManagerUrl) を確認してください。"
            : "Check the network connection, the proxy settings (HTTPS_PROXY), the firewall, and the environment of Get-AzContext (its ResourceManagerUrl).";

        public static string FindingWithoutRemedy(string language, string? vmName, string? checkId) => language == "ja"
            ? $"{vmName} の {checkId} の結果には対処法のコードがないため、スキップします。"
            : $"Passed over {checkId} of {vmName}: the finding carries no remedy code.";

        public static string NotAVmId(string language, string reason) => language == "ja"
            ? $"VM のリソース ID ではありません: {reason}"
            : $"This is not a VM's resource id: {reason}";

        public static string NotAVmIdAction(string language) => language == "ja"
            ? "VM の ID (/subscriptions/.../providers/Microsoft.Compute/virtualMachines/<名前>) を渡すか、-ResourceGroupName と -Name を指定してください。"
            : "Pass a VM's id (/subscriptions/.../providers/Microsoft.Compute/virtualMachines/<name>), or -ResourceGroupName with -Name.";

        public static string OptionNeedsTriggerBackup(string language, string option) => language == "ja"
            ? $"{option} は -TriggerBackup で開始するバックアップに対するオプションです。-TriggerBackup も指定してください。"
            : $"{option} applies to the backup that -TriggerBackup starts: add -TriggerBackup.";

        public static string RetainUntilInPast(string language, System.DateTime value) => language == "ja"
            ? $"-RetainUntil ({value:yyyy-MM-dd HH:mm}) は未来の日時にしてください。省略すると 30 日後まで保持されます。"
            : $"-RetainUntil ({value:yyyy-MM-dd HH:mm}) must be in the future. Leave it out to keep the recovery point for 30 days.";

        public static string RepairDuplicate(string language, string id) => language == "ja"
            ? $"{id} はこのパイプラインで処理済みのため、もう一度は修復しません。"
            : $"{id} was already repaired in this pipeline; it is not repaired twice.";

        public static string RepairShouldProcess(string language, string description, string target) => language == "ja"
            ? $"{description} (対象: {target})"
            : $"{description} (target: {target})";

        public static string RepairShouldProcessQuestion(string language, string description) => language == "ja"
            ? $"{description}。実行しますか?"
            : $"{description}. Go ahead?";

        public static string RepairShouldProcessCaption(string language) => language == "ja" ? "VM のバックアップ拡張機能の修復" : "Repair the VM's backup extension";

        public static string ReportAction(string language, int vms) => language == "ja"
            ? $"{vms} 台の VM のバックアップ準備状況レポートを書き込む"
            : $"Write the backup readiness report of {vms} VM(s)";

        public static string ReportWritten(string language, string path, int vms, int attention) => language == "ja"
            ? $"{path} に {vms} 台の VM のレポートを書き込みました (対応が必要な VM: {attention} 台)。"
            : $"Wrote the report of {vms} VM(s) to {path} ({attention} need attention).";

        public static string ReportFileExists(string language, string path) => language == "ja"
            ? $"ファイル {path} は既に存在し、-NoClobber が指定されています。"
            : $"The file {path} already exists and -NoClobber was given.";

        public static string ReportFileExistsAction(string language) => language == "ja"
            ? "別の -Path を指定するか、-NoClobber を外して上書きしてください。"
            : "Pass another -Path, or leave out -NoClobber to replace the file.";

        public static string ReportFileReadOnly(string language, string path) => language == "ja"
            ? $"ファイル {path} は読み取り専用です。"
            : $"The file {path} is read-only.";

        public static string ReportFileReadOnlyAction(string language) => language == "ja"
            ? "-Force を指定すると読み取り専用のファイルも置き換えます。"
            : "Add -Force to replace a read-only file.";

        public static string ReportPathIsFolder(string language, string path) => language == "ja"
            ? $"{path} はフォルダーです。HTML ファイルのパスを指定してください。"
            : $"{path} is a folder: pass the path of an HTML file.";
    }
}
