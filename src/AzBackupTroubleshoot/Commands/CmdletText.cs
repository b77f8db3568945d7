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
    }
}
