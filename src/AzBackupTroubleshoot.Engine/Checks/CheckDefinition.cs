using AzBackupTroubleshoot.Localization;

namespace AzBackupTroubleshoot.Checks
{
    /// <summary>Where a readiness check gets its evidence.</summary>
    public enum CheckSource
    {
        /// <summary>Azure Resource Manager data: no access to the guest needed.</summary>
        Arm,
        /// <summary>A script run inside the guest through Run Command.</summary>
        Guest,
    }

    /// <summary>A readiness check: a stable id that catalog entries and findings refer to.</summary>
    public sealed class CheckDefinition
    {
        public CheckDefinition(string id, CheckSource source, LocalizedText description, bool isEvaluated = true)
        {
            Id = id;
            Source = source;
            Description = description;
            IsEvaluated = isEvaluated;
        }

        public string Id { get; }
        public CheckSource Source { get; }
        public LocalizedText Description { get; }
        /// <summary>
        /// False for ids that catalog entries name but no scan evaluates yet: users are offered
        /// (and may filter on) only the checks that run.
        /// </summary>
        public bool IsEvaluated { get; }

        public override string ToString() => Id;
    }
}
