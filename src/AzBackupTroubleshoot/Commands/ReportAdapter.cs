using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AzBackupTroubleshoot.Localization;
using AzBackupTroubleshoot.Readiness;
using AzBackupTroubleshoot.Reporting;

namespace AzBackupTroubleshoot.Commands
{
    /// <summary>Turns the readiness objects the cmdlet collected back into the engine's reports and writes the page.</summary>
    internal static class ReportAdapter
    {
        /// <summary>Writes the page to <paramref name="path"/> through a temporary file beside it, so a failure leaves no half page.</summary>
        public static (int Vms, int Attention) WriteHtml(string path, IReadOnlyList<VmBackupReadiness> readiness, string languageTag, string? title)
        {
            DisplayLanguages.TryParse(languageTag, out var language);
            var vms = readiness.Select(ToEngine).ToArray();
            var options = new ReadinessReportOptions { Language = language, Title = title, GeneratedAt = DateTimeOffset.UtcNow };
            var temporary = path + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
            try
            {
                ReadinessReportSummary summary;
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16))
                {
                    summary = ReadinessReportWriter.Write(writer, vms, options);
                }

                if (File.Exists(path)) File.Delete(path);
                File.Move(temporary, path);
                return (summary.VmCount, summary.AttentionVms.Count);
            }
            finally
            {
                if (File.Exists(temporary)) File.Delete(temporary);
            }
        }

        private static ReportedVm ToEngine(VmBackupReadiness vm)
        {
            var findings = vm.Findings.Select(f =>
            {
                var evidence = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (System.Collections.DictionaryEntry entry in f.Evidence) evidence[(string)entry.Key] = entry.Value as string ?? entry.Value?.ToString();
                return new Finding(f.CheckId, ParseStatus(f.Status), new LocalizedText(f.DetailEnglish, f.DetailJapanese), evidence, f.RemedyCode);
            }).ToArray();
            return new ReportedVm(new VmReadinessReport(vm.Id, vm.Name, vm.ResourceGroupName, vm.Location, findings), vm.CheckedAt);
        }

        private static CheckStatus ParseStatus(string status) =>
            Enum.TryParse<CheckStatus>(status, ignoreCase: true, out var parsed) ? parsed : CheckStatus.Unknown;
    }
}
