namespace AzBackupTroubleshoot.Remedies.Matching
{
    /// <summary>
    /// Folds English inflections onto one stem so that "install", "installing", "installed" and
    /// "installation" read as one word. Deliberately small: the stem only has to be the same for a
    /// catalog word and a user's word, not a real root. Families it cannot fold (fail/failure,
    /// respond/responsive) are listed as variants in the term data instead.
    /// </summary>
    internal static class EnglishStemmer
    {
        private static readonly string[] DerivationalSuffixes =
        {
            "ability", "ibility", "ivity", "ation", "ment", "able", "ible", "ness", "ion", "ive", "ly",
        };

        public static string Stem(string word)
        {
            if (word.Length <= 3) return word;
            var s = word;

            if (s.EndsWith("ies", System.StringComparison.Ordinal) && s.Length > 4) s = s.Substring(0, s.Length - 3) + "y";
            else if (s.EndsWith("s", System.StringComparison.Ordinal) && !s.EndsWith("ss", System.StringComparison.Ordinal)
                && !s.EndsWith("us", System.StringComparison.Ordinal) && !s.EndsWith("is", System.StringComparison.Ordinal)) s = s.Substring(0, s.Length - 1);

            s = StripIfStemHasVowel(s, "ing") ?? StripIfStemHasVowel(s, "ed") ?? s;

            foreach (var suffix in DerivationalSuffixes)
            {
                if (s.Length - suffix.Length >= 3 && s.EndsWith(suffix, System.StringComparison.Ordinal))
                {
                    s = s.Substring(0, s.Length - suffix.Length);
                    break;
                }
            }

            if (s.Length > 3 && s[s.Length - 1] == 'e') s = s.Substring(0, s.Length - 1);
            // create/creation, communicate/communication: drop the verb ending both forms leave behind.
            if (s.Length > 4 && s.EndsWith("at", System.StringComparison.Ordinal)) s = s.Substring(0, s.Length - 2);
            var n = s.Length;
            if (n > 3 && s[n - 1] == s[n - 2] && s[n - 1] != 's' && !IsVowel(s[n - 1])) s = s.Substring(0, n - 1);
            return s;
        }

        private static string? StripIfStemHasVowel(string s, string suffix)
        {
            if (s.Length - suffix.Length < 3 || !s.EndsWith(suffix, System.StringComparison.Ordinal)) return null;
            for (var i = 0; i < s.Length - suffix.Length; i++)
            {
                if (IsVowel(s[i]) || s[i] == 'y') return s.Substring(0, s.Length - suffix.Length);
            }

            return null;
        }

        private static bool IsVowel(char c) => c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
    }
}
