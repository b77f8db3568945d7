namespace AzBackupTroubleshoot.Remedies
{
    public sealed class MatchOptions
    {
        /// <summary>The best match must reach this score, or nothing is returned: a wrong remedy costs more than none.</summary>
        public double ConfidenceThreshold { get; set; } = DefaultConfidenceThreshold;

        /// <summary>Runners-up below this score are dropped.</summary>
        public double RunnerUpFloor { get; set; } = 0.35;

        /// <summary>Most matches returned, best first.</summary>
        public int MaxResults { get; set; } = 5;

        public const double DefaultConfidenceThreshold = 0.6;

        internal static readonly MatchOptions Default = new MatchOptions();
    }
}
