using System;

namespace AzBackupTroubleshoot
{
    /// <summary>
    /// One remedy for one error, in the language asked for. Lives in the module's main assembly (the
    /// default load context) so that scripts and the format file can name it; holds plain values only.
    /// </summary>
    public sealed class BackupErrorRemedy
    {
        internal BackupErrorRemedy(
            string code,
            int? numericCode,
            string codeSource,
            string phase,
            string title,
            string[] causes,
            string[] steps,
            string[] checks,
            string? repairCommand,
            string documentationUrl,
            double? score,
            string matchKind,
            string? matchedText,
            int rank,
            string language,
            string? input,
            string? jobId,
            string? workloadName)
        {
            Code = code;
            NumericCode = numericCode;
            CodeSource = codeSource;
            Phase = phase;
            Title = title;
            Causes = causes;
            Steps = steps;
            Checks = checks;
            RepairCommand = repairCommand;
            DocumentationUrl = documentationUrl;
            Score = score;
            MatchKind = matchKind;
            MatchedText = matchedText;
            Rank = rank;
            Language = language;
            Input = input;
            JobId = jobId;
            WorkloadName = workloadName;
        }

        /// <summary>Symbolic error code (Azure's, or the catalog's name for an uncoded message; see CodeSource).</summary>
        public string Code { get; }
        /// <summary>The numeric code Az job objects carry, when known.</summary>
        public int? NumericCode { get; }
        /// <summary>Azure, or Catalog when Azure documents the message without a code.</summary>
        public string CodeSource { get; }
        public string Phase { get; }
        public string Title { get; }
        public string[] Causes { get; }
        public string[] Steps { get; }
        /// <summary>Readiness check ids that can verify the cause.</summary>
        public string[] Checks { get; }
        public string? RepairCommand { get; }
        public string DocumentationUrl { get; }
        /// <summary>0 to 1; empty when the entry was listed rather than matched (-All).</summary>
        public double? Score { get; }
        /// <summary>Code, NumericCode, Message, or Catalog (listed with -All).</summary>
        public string MatchKind { get; }
        /// <summary>The code or catalog message the input matched.</summary>
        public string? MatchedText { get; }
        /// <summary>1 for the best match; runners-up follow with -Top.</summary>
        public int Rank { get; }
        /// <summary>ja or en.</summary>
        public string Language { get; }
        /// <summary>The text or code that was looked up.</summary>
        public string? Input { get; }
        /// <summary>The backup job the error came from, when a job was piped in.</summary>
        public string? JobId { get; }
        public string? WorkloadName { get; }

        public override string ToString() => $"{Code}: {Title}";
    }
}
