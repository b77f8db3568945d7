using AzBackupTroubleshoot.Localization;
using AzBackupTroubleshoot.Readiness;

namespace AzBackupTroubleshoot.Reporting
{
    /// <summary>The report's own words, in the two languages.</summary>
    internal sealed class ReportText
    {
        private readonly bool _ja;

        public ReportText(DisplayLanguage language) => _ja = language == DisplayLanguage.Japanese;

        public string Tag => _ja ? "ja" : "en";
        public string Title => _ja ? "Azure VM バックアップ準備状況レポート" : "Azure VM backup readiness report";
        public string Checked => _ja ? "確認日時" : "Checked";
        public string Generated => _ja ? "作成日時" : "Generated";
        public string Subscriptions => _ja ? "サブスクリプション" : "Subscriptions";
        public string ResourceGroups => _ja ? "リソース グループ" : "Resource groups";
        public string Vms => _ja ? "VM" : "VMs";
        public string Summary => _ja ? "概要" : "Summary";
        public string VmsByStatus => _ja ? "状態別の VM 数" : "VMs by status";
        public string TopChecks => _ja ? "問題の多いチェック" : "Most frequent failing checks";
        public string Check => _ja ? "チェック" : "Check";
        public string WhatItJudges => _ja ? "確認内容" : "What it judges";
        public string NoFailingCheck => _ja ? "失敗または警告になったチェックはありません。" : "No check failed or warned.";
        public string NoVms => _ja ? "入力に VM がありません。" : "The input held no VM.";
        public string AllPassed => _ja ? "対応が必要な VM はありません。" : "No VM needs attention.";
        public string Attention => _ja ? "対応が必要な VM" : "VMs that need attention";
        public string AttentionIntro => _ja
            ? "状態が失敗、警告、不明の VM です。重大なものから順に、リソース グループと名前の順で並べています。"
            : "VMs whose status is Fail, Warning or Unknown, the most serious first, then by resource group and name.";
        public string Remedy => _ja ? "対処法" : "Remedy";
        public string Remedies => _ja ? "対処法" : "Remedies";
        public string RemediesIntro => _ja
            ? "上の結果が指す対処法です。影響する VM の多い順に並べています。"
            : "The remedies the findings above point to, the one that concerns the most VMs first.";
        public string Causes => _ja ? "考えられる原因" : "Possible causes";
        public string Steps => _ja ? "対処手順" : "What to do";
        public string Repair => _ja ? "自動修復" : "Repair with";
        public string Documentation => _ja ? "参考資料" : "Documentation";
        public string NotInCatalog => _ja
            ? "このコードはモジュールのカタログにありません。ジョブのエラーの詳細を Get-BackupErrorRemedy に渡して確認してください。"
            : "This code is not in the module's catalog: pass the job's error details to Get-BackupErrorRemedy.";
        public string Evidence => _ja ? "根拠" : "Evidence";
        public string Footer => _ja
            ? "AzBackupTroubleshoot が作成しました。このページはスクリプトも外部リソースも使わず、オフラインで開けます。"
            : "Made by AzBackupTroubleshoot. This page uses no script and no outside resource: it opens offline.";

        public string EvidenceOmitted(int detailed) => _ja
            ? $"ページを小さく保つため、根拠とリソース ID は最初の {detailed} 台についてのみ表示しています。すべての根拠は Test-AzVmBackupReadiness の結果を Export-Csv または ConvertTo-Json で出力してください。"
            : $"To keep the page small, evidence and resource ids are shown for the first {detailed} VMs only. For all evidence, export the results of Test-AzVmBackupReadiness with Export-Csv or ConvertTo-Json.";

        public string Affects(int count) => _ja ? $"影響する VM: {count} 台" : count == 1 ? "Concerns 1 VM" : $"Concerns {count} VMs";

        public string AndMore(int count) => _ja ? $"ほか {count} 台" : $"and {count} more";

        public string VmCount(int count) => _ja ? $"{count} 台" : count == 1 ? "1 VM" : $"{count} VMs";

        public string Counts(int fail, int warning, int unknown)
        {
            var parts = new System.Collections.Generic.List<string>();
            if (fail > 0) parts.Add(_ja ? $"失敗 {fail}" : $"{fail} failed");
            if (warning > 0) parts.Add(_ja ? $"警告 {warning}" : warning == 1 ? "1 warning" : $"{warning} warnings");
            if (unknown > 0) parts.Add(_ja ? $"不明 {unknown}" : $"{unknown} unknown");
            return string.Join(_ja ? "、" : ", ", parts);
        }

        public string Status(CheckStatus status) => status switch
        {
            CheckStatus.Fail => _ja ? "失敗" : "Fail",
            CheckStatus.Warning => _ja ? "警告" : "Warning",
            CheckStatus.Unknown => _ja ? "不明" : "Unknown",
            CheckStatus.Pass => _ja ? "問題なし" : "Pass",
            _ => _ja ? "対象外" : "Not applicable",
        };

        /// <summary>The CSS class of a status (colours).</summary>
        public static string Css(CheckStatus status) => status switch
        {
            CheckStatus.Fail => "fail",
            CheckStatus.Warning => "warn",
            CheckStatus.Unknown => "unk",
            CheckStatus.Pass => "pass",
            _ => "na",
        };
    }
}
