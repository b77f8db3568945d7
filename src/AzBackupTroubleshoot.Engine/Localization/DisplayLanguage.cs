using System;
using System.Globalization;

namespace AzBackupTroubleshoot.Localization
{
    /// <summary>The two languages the module speaks.</summary>
    public enum DisplayLanguage
    {
        English,
        Japanese,
    }

    public static class DisplayLanguages
    {
        /// <summary>Japanese for any ja culture, English for everything else.</summary>
        public static DisplayLanguage FromCulture(CultureInfo? culture)
        {
            if (culture == null) return DisplayLanguage.English;
            return string.Equals(culture.TwoLetterISOLanguageName, "ja", StringComparison.OrdinalIgnoreCase)
                ? DisplayLanguage.Japanese
                : DisplayLanguage.English;
        }

        /// <summary>Parses the short tags users type: "ja" or "en" (also "ja-JP", "en-US", "Japanese", "English").</summary>
        public static bool TryParse(string? text, out DisplayLanguage language)
        {
            language = DisplayLanguage.English;
            if (string.IsNullOrWhiteSpace(text)) return false;
            var t = text!.Trim();
            if (t.StartsWith("ja", StringComparison.OrdinalIgnoreCase)) { language = DisplayLanguage.Japanese; return true; }
            if (t.StartsWith("en", StringComparison.OrdinalIgnoreCase)) { language = DisplayLanguage.English; return true; }
            return false;
        }

        public static string ToTag(this DisplayLanguage language) => language == DisplayLanguage.Japanese ? "ja" : "en";
    }
}
