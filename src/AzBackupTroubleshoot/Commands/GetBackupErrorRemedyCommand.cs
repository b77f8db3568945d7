using System;
using System.Management.Automation;
using AzBackupTroubleshoot.Hosting;

namespace AzBackupTroubleshoot.Commands
{
    /// <summary>
    /// Looks up the remedy for an Azure VM backup, restore or job error, offline, from the catalog.
    /// Accepts pasted text in Japanese or English, a symbolic or numeric code, Az.RecoveryServices job
    /// objects (by their ErrorDetails) and the ErrorDetails items themselves.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "BackupErrorRemedy", DefaultParameterSetName = MessageSet)]
    [OutputType(typeof(BackupErrorRemedy))]
    public sealed class GetBackupErrorRemedyCommand : PSCmdlet
    {
        private const string MessageSet = "Message";
        private const string CodeSet = "Code";
        private const string JobSet = "Job";
        private const string AllSet = "All";
        private const string ErrorRecordSet = "ErrorRecord";

        private string _language = "en";

        /// <summary>Error text as pasted; ErrorDetails items bind their ErrorMessage here.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = MessageSet)]
        [Alias("ErrorMessage", "ErrorString")]
        [ValidateNotNullOrEmpty]
        public string Message { get; set; } = string.Empty;

        /// <summary>The code that travels with a message: ErrorDetails items bind their ErrorCode (a number) here.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = MessageSet)]
        public string? ErrorCode { get; set; }

        /// <summary>A symbolic or numeric error code alone; readiness findings bind their RemedyCode here.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = CodeSet)]
        [Alias("RemedyCode")]
        [ArgumentCompleter(typeof(RemedyCodeCompleter))]
        [AllowNull]
        [AllowEmptyString]
        public string? Code { get; set; }

        /// <summary>The ErrorDetails of a job from Get-AzRecoveryServicesBackupJob.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = JobSet)]
        [AllowNull]
        [AllowEmptyCollection]
        public object? ErrorDetails { get; set; }

        /// <summary>A caught error ($_ in catch, $Error[0]): its message (and ErrorDetails) is looked up.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ErrorRecordSet)]
        public ErrorRecord? ErrorRecord { get; set; }

        /// <summary>The job's id, carried into the output so each remedy names its job.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = JobSet)]
        public string? JobId { get; set; }

        /// <summary>The VM the error belongs to (a job's WorkloadName, a finding's VmName), carried into the output.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = JobSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = CodeSet)]
        [Alias("WorkloadName")]
        public string? VmName { get; set; }

        /// <summary>The VM's resource id, from a readiness finding; carried into the output.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = CodeSet)]
        public string? VmId { get; set; }

        /// <summary>The readiness check id, from a finding; carried into the output.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = CodeSet)]
        public string? CheckId { get; set; }

        /// <summary>Lists every catalog entry.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AllSet)]
        public SwitchParameter All { get; set; }

        /// <summary>ja or en; by default the session's UI culture (English unless it is Japanese).</summary>
        [Parameter]
        [ValidateSet("ja", "en", IgnoreCase = true)]
        public string? Language { get; set; }

        /// <summary>How many ranked matches to return per error (runners-up after the best).</summary>
        [Parameter(ParameterSetName = MessageSet)]
        [Parameter(ParameterSetName = CodeSet)]
        [Parameter(ParameterSetName = JobSet)]
        [Parameter(ParameterSetName = ErrorRecordSet)]
        [ValidateRange(1, 20)]
        public int Top { get; set; } = 1;

        protected override void BeginProcessing()
        {
            _language = RemedyAdapter.ResolveLanguage(Language);
        }

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case AllSet:
                    foreach (var remedy in RemedyAdapter.All(_language)) WriteObject(remedy);
                    break;
                case CodeSet:
                    // A readiness finding that passed has no remedy code: nothing to look up, not an error.
                    if (string.IsNullOrWhiteSpace(Code))
                    {
                        WriteVerbose(CheckId != null ? CmdletText.FindingWithoutRemedy(_language, VmName, CheckId) : CmdletText.NoRemedyForFinding(_language));
                        break;
                    }

                    Lookup(null, Code, Code, new RemedySubject { VmName = VmName, VmId = VmId, CheckId = CheckId });
                    break;
                case JobSet:
                    ProcessJob();
                    break;
                case ErrorRecordSet:
                    ProcessErrorRecord(ErrorRecord!);
                    break;
                default:
                    Lookup(Message, ErrorCode, Message, RemedySubject.None);
                    break;
            }
        }

        private void ProcessJob()
        {
            var any = false;
            foreach (var detail in PSObjectReader.Items(ErrorDetails))
            {
                any = true;
                var message = PSObjectReader.String(detail, "ErrorMessage") ?? PSObjectReader.String(detail, "ErrorString");
                var (number, text) = PSObjectReader.Code(PSObjectReader.Property(detail, "ErrorCode"));
                Lookup(message, text ?? number?.ToString(System.Globalization.CultureInfo.InvariantCulture), (object?)message ?? detail,
                    new RemedySubject { JobId = JobId, VmName = VmName });
            }

            if (!any) WriteVerbose(CmdletText.JobHasNoErrors(_language, JobId));
        }

        // The text an admin saw: ErrorDetails.Message when a command set it, else the exception's
        // message chain (Az wraps the service's error text in inner exceptions).
        private void ProcessErrorRecord(ErrorRecord record)
        {
            var parts = new System.Collections.Generic.List<string>();
            if (!string.IsNullOrWhiteSpace(record.ErrorDetails?.Message)) parts.Add(record.ErrorDetails!.Message);
            for (var e = record.Exception; e != null; e = e.InnerException)
            {
                if (!string.IsNullOrWhiteSpace(e.Message) && !parts.Contains(e.Message)) parts.Add(e.Message);
            }

            Lookup(string.Join(Environment.NewLine, parts), null, record, RemedySubject.None);
        }

        private void Lookup(string? text, string? code, object? target, RemedySubject subject)
        {
            var (number, symbolic) = PSObjectReader.Code(code);
            var remedies = RemedyAdapter.Find(text, symbolic, number, Top, _language, subject);
            if (remedies.Count == 0)
            {
                WriteNotFound(text, code, target);
                return;
            }

            foreach (var remedy in remedies) WriteObject(remedy);
        }

        private void WriteNotFound(string? text, string? code, object? target)
        {
            var codeOnly = string.IsNullOrWhiteSpace(text) && !string.IsNullOrWhiteSpace(code);
            var message = codeOnly ? CmdletText.UnknownCode(_language, code!) : CmdletText.NoConfidentMatch(_language);
            var record = new ErrorRecord(
                new ItemNotFoundException(message),
                codeOnly ? ErrorIds.RemedyCodeNotFound : ErrorIds.RemedyNotFound,
                ErrorCategory.ObjectNotFound,
                target ?? code)
            {
                ErrorDetails = new ErrorDetails(message)
                {
                    RecommendedAction = codeOnly ? CmdletText.UnknownCodeAction(_language) : CmdletText.NoConfidentMatchAction(_language),
                },
            };
            WriteError(record);
        }
    }
}
