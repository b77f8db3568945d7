using System.Collections.Generic;

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
        internal RemedyMatch(RemedyEntry entry, double score, MatchKind kind, string matchedText, IReadOnlyList<string> decidingTerms)
        {
            DecidingTerms = decidingTerms;
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
        /// <summary>
        /// The words of the input that decided this match, most distinctive first, as the input wrote
        /// them: the code or number for a code match; for a message match, the key terms the input
        /// shares with <see cref="MatchedText"/> (so a reader can judge a retold message's answer).
        /// </summary>
        public IReadOnlyList<string> DecidingTerms { get; }

        public override string ToString() => $"{Code} ({Score:0.00}, {Kind})";
    }
}
