namespace AzBackupTroubleshoot.Localization
{
    /// <summary>A text that exists in English and Japanese.</summary>
    public sealed class LocalizedText
    {
        public LocalizedText(string english, string japanese)
        {
            English = english;
            Japanese = japanese;
        }

        public string English { get; }
        public string Japanese { get; }

        public string Get(DisplayLanguage language) => language == DisplayLanguage.Japanese ? Japanese : English;

        public override string ToString() => English;
    }
}
