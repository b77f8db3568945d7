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
            TextList causes,
            TextList steps,
            TextList checks,
            string? repairCommand,
            string documentationUrl,
            double? score,
            string matchKind,
            string? matchedText,
            int matchRank,
            TextList decidingTerms,
            string language,
            string? input,
            RemedySubject subject)
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
            MatchRank = matchRank;
            DecidingTerms = decidingTerms;
            Language = language;
            Input = input;
            JobId = subject.JobId ?? string.Empty;
            VmName = subject.VmName ?? string.Empty;
            VmId = subject.VmId ?? string.Empty;
            CheckId = subject.CheckId ?? string.Empty;
        }

        /// <summary>Symbolic error code (Azure's, or the catalog's name for an uncoded message; see CodeSource).</summary>
        public string Code { get; }
        /// <summary>The numeric code Az job objects carry, when known.</summary>
        public int? NumericCode { get; }
        /// <summary>Azure, or Catalog when Azure documents the message without a code.</summary>
        public string CodeSource { get; }
        public string Phase { get; }
        public string Title { get; }
        public TextList Causes { get; }
        public TextList Steps { get; }
        /// <summary>Readiness check ids that can verify the cause.</summary>
        public TextList Checks { get; }
        public string? RepairCommand { get; }
        public string DocumentationUrl { get; }
        /// <summary>0 to 1; empty when the entry was listed rather than matched (-All).</summary>
        public double? Score { get; }
        /// <summary>Code, NumericCode, Message, or Catalog (listed with -All).</summary>
        public string MatchKind { get; }
        /// <summary>The code or catalog message the input matched.</summary>
        public string? MatchedText { get; }
        /// <summary>1 for the best match; runners-up follow with -Top. (Not "Rank": $results.Rank would read System.Array.Rank.)</summary>
        public int MatchRank { get; }
        /// <summary>The codes or terms of the input that decided the match, so a paraphrase's answer can be judged.</summary>
        public TextList DecidingTerms { get; }
        /// <summary>ja or en.</summary>
        public string Language { get; }
        /// <summary>The text or code that was looked up.</summary>
        public string? Input { get; }
        /// <summary>The backup job the error came from, when a job was piped in; empty otherwise.</summary>
        public string JobId { get; }
        /// <summary>The VM the error or finding belongs to (a job's WorkloadName, a finding's VmName); empty when unknown.</summary>
        public string VmName { get; }
        /// <summary>The VM's resource id, when a readiness finding was piped in.</summary>
        public string VmId { get; }
        /// <summary>The readiness check whose finding this remedy answers, when a finding was piped in.</summary>
        public string CheckId { get; }

        public override string ToString() => $"{Code}: {Title}";
    }
}

namespace AzBackupTroubleshoot
{
    /// <summary>What a looked-up error belongs to: a job, a VM, a readiness check. Any part may be null.</summary>
    internal sealed class RemedySubject
    {
        public static readonly RemedySubject None = new RemedySubject();

        public string? JobId { get; set; }
        public string? VmName { get; set; }
        public string? VmId { get; set; }
        public string? CheckId { get; set; }
    }
}
