using System.Collections.Generic;
using AzBackupTroubleshoot.Localization;

namespace AzBackupTroubleshoot.Remedies
{
    /// <summary>Whether a catalog code is one Azure emits or a name the catalog gives an uncoded message.</summary>
    public enum RemedyCodeSource
    {
        /// <summary>Azure Backup or compute emits this code.</summary>
        Azure,
        /// <summary>Azure shows the message without a documented code; the catalog names it.</summary>
        Catalog,
    }

    /// <summary>One known backup, restore or job error: how to recognise it and what to do.</summary>
    public sealed class RemedyEntry
    {
        internal RemedyEntry(
            string code,
            RemedyCodeSource codeSource,
            IReadOnlyList<int> numericCodes,
            IReadOnlyList<string> aliases,
            string phase,
            string operatingSystem,
            LocalizedText title,
            IReadOnlyList<string> englishMessages,
            IReadOnlyList<string> japaneseMessages,
            IReadOnlyList<string> englishPhrases,
            IReadOnlyList<string> japanesePhrases,
            IReadOnlyList<LocalizedText> causes,
            IReadOnlyList<LocalizedText> steps,
            IReadOnlyList<string> checkIds,
            string? repairCommand,
            LocalizedText documentation)
        {
            Code = code;
            CodeSource = codeSource;
            NumericCodes = numericCodes;
            Aliases = aliases;
            Phase = phase;
            OperatingSystem = operatingSystem;
            Title = title;
            EnglishMessages = englishMessages;
            JapaneseMessages = japaneseMessages;
            EnglishPhrases = englishPhrases;
            JapanesePhrases = japanesePhrases;
            Causes = causes;
            Steps = steps;
            CheckIds = checkIds;
            RepairCommand = repairCommand;
            Documentation = documentation;
        }

        /// <summary>Symbolic code, e.g. UserErrorGuestAgentStatusUnavailable.</summary>
        public string Code { get; }
        public RemedyCodeSource CodeSource { get; }
        /// <summary>Numeric codes Az job objects carry in ErrorDetails.ErrorCode, e.g. 320001.</summary>
        public IReadOnlyList<int> NumericCodes { get; }
        /// <summary>Other spellings of the code that Azure emits or documents.</summary>
        public IReadOnlyList<string> Aliases { get; }
        /// <summary>backup, restore, job, agent, extension, snapshot, network, policy or other.</summary>
        public string Phase { get; }
        /// <summary>any, windows or linux.</summary>
        public string OperatingSystem { get; }
        public LocalizedText Title { get; }
        /// <summary>Azure's own wordings of the message, current and older.</summary>
        public IReadOnlyList<string> EnglishMessages { get; }
        public IReadOnlyList<string> JapaneseMessages { get; }
        /// <summary>How people describe a condition Azure reports without a message (matched like messages).</summary>
        public IReadOnlyList<string> EnglishPhrases { get; }
        public IReadOnlyList<string> JapanesePhrases { get; }
        public IReadOnlyList<LocalizedText> Causes { get; }
        public IReadOnlyList<LocalizedText> Steps { get; }
        /// <summary>Ids of readiness checks that can verify this cause (see Checks.CheckCatalog).</summary>
        public IReadOnlyList<string> CheckIds { get; }
        /// <summary>The module command that can repair it, if any.</summary>
        public string? RepairCommand { get; }
        /// <summary>Learn page in English and Japanese.</summary>
        public LocalizedText Documentation { get; }

        public override string ToString() => Code;
    }
}
