namespace AzBackupTroubleshoot.Remedies
{
    /// <summary>What part of the input identified the entry.</summary>
    public enum MatchKind
    {
        /// <summary>A symbolic code or one of its aliases appeared in the input.</summary>
        Code,
        /// <summary>A numeric code (ErrorDetails.ErrorCode) identified the entry.</summary>
        NumericCode,
        /// <summary>The text resembled one of the entry's messages.</summary>
        Message,
    }

    /// <summary>One ranked answer of the matcher.</summary>
    public sealed class RemedyMatch
    {
        internal RemedyMatch(RemedyEntry entry, double score, MatchKind kind, string matchedText)
        {
            Entry = entry;
            Score = score;
            Kind = kind;
            MatchedText = matchedText;
        }

        public RemedyEntry Entry { get; }
        public string Code => Entry.Code;
        /// <summary>0 to 1. Code matches score 1; message matches score by how much of the message was found.</summary>
        public double Score { get; }
        public MatchKind Kind { get; }
        /// <summary>The catalog code, alias or message that the input matched.</summary>
        public string MatchedText { get; }

        public override string ToString() => $"{Code} ({Score:0.00}, {Kind})";
    }
}
