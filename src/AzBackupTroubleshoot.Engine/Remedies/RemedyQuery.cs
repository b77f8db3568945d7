namespace AzBackupTroubleshoot.Remedies
{
    /// <summary>
    /// What is known about one error: free text, and the codes a job object carries separately
    /// (Az's ErrorDetails has ErrorCode as a number next to ErrorMessage).
    /// </summary>
    public sealed class RemedyQuery
    {
        public string? Text { get; set; }
        public string? Code { get; set; }
        public long? NumericCode { get; set; }

        public static RemedyQuery FromText(string? text) => new RemedyQuery { Text = text };

        public bool IsEmpty => string.IsNullOrWhiteSpace(Text) && string.IsNullOrWhiteSpace(Code) && NumericCode == null;
    }
}
