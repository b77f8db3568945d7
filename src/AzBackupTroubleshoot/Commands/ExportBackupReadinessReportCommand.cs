using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;

namespace AzBackupTroubleshoot.Commands
{
    /// <summary>
    /// Writes the readiness results piped from Test-AzVmBackupReadiness into one self-contained HTML
    /// page: a summary with charts, a section per VM that needs attention, and the remedies.
    /// Overwrites like Export-Csv: -NoClobber refuses an existing file, -Force also replaces a read-only one.
    /// </summary>
    [Cmdlet(VerbsData.Export, "BackupReadinessReport", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportBackupReadinessReportCommand : PSCmdlet
    {
        private readonly List<VmBackupReadiness> _reports = new List<VmBackupReadiness>();
        private string _language = "en";
        private string _path = string.Empty;

        /// <summary>Readiness results from Test-AzVmBackupReadiness.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [AllowEmptyCollection]
        public VmBackupReadiness[] InputObject { get; set; } = new VmBackupReadiness[0];

        /// <summary>The HTML file to write, relative to the current PowerShell location.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [Alias("FilePath")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>ja or en; by default the session's UI culture.</summary>
        [Parameter]
        [ValidateSet("ja", "en", IgnoreCase = true)]
        public string? Language { get; set; }

        /// <summary>The page's heading, instead of the default title.</summary>
        [Parameter]
        public string? Title { get; set; }

        /// <summary>Replaces a read-only file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Refuses to replace an existing file.</summary>
        [Parameter]
        [Alias("NoOverwrite")]
        public SwitchParameter NoClobber { get; set; }

        /// <summary>Returns the written file.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void BeginProcessing()
        {
            _language = RemedyAdapter.ResolveLanguage(Language);
            // PowerShell's location, not the process's: ./report.html lands where the user is.
            _path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        }

        protected override void ProcessRecord()
        {
            foreach (var report in InputObject)
            {
                if (report != null) _reports.Add(report);
            }
        }

        protected override void EndProcessing()
        {
            var existing = new FileInfo(_path);
            if (existing.Exists && NoClobber.IsPresent)
            {
                Fail(new IOException(CmdletText.ReportFileExists(_language, _path)), "ReportFileExists", ErrorCategory.ResourceExists, CmdletText.ReportFileExistsAction(_language));
                return;
            }

            if (Directory.Exists(_path))
            {
                Fail(new IOException(CmdletText.ReportPathIsFolder(_language, _path)), "ReportPathIsFolder", ErrorCategory.InvalidArgument, null);
                return;
            }

            if (!ShouldProcess(_path, CmdletText.ReportAction(_language, _reports.Count))) return;

            if (existing.Exists && existing.IsReadOnly)
            {
                if (!Force.IsPresent)
                {
                    Fail(new UnauthorizedAccessException(CmdletText.ReportFileReadOnly(_language, _path)), "ReportFileReadOnly", ErrorCategory.PermissionDenied, CmdletText.ReportFileReadOnlyAction(_language));
                    return;
                }

                existing.IsReadOnly = false;
            }

            try
            {
                var (vms, attention) = ReportAdapter.WriteHtml(_path, _reports, _language, Title);
                WriteVerbose(CmdletText.ReportWritten(_language, _path, vms, attention));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                Fail(ex, "ReportWriteFailed", ErrorCategory.WriteError, null);
                return;
            }

            if (PassThru.IsPresent) WriteObject(new FileInfo(_path));
        }

        private void Fail(Exception exception, string errorId, ErrorCategory category, string? action)
        {
            var record = new ErrorRecord(exception, errorId, category, _path);
            if (action != null) record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = action };
            ThrowTerminatingError(record);
        }
    }
}
