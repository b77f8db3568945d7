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

        private static readonly string[] NoSuffixes = new string[0];
        private static readonly string[][] SuffixesByLastLetter = GroupByLastLetter();

        private static string[][] GroupByLastLetter()
        {
            var groups = new string[128][];
            for (var c = 0; c < groups.Length; c++)
            {
                groups[c] = System.Array.FindAll(DerivationalSuffixes, x => x[x.Length - 1] == c);
            }

            return groups;
        }

        private static string[] SuffixesEndingIn(char c) => c < 128 ? SuffixesByLastLetter[c] : NoSuffixes;

        public static string Stem(string word)
        {
            if (word.Length <= 3) return word;
            var buffer = word.ToCharArray();
            return new string(buffer, 0, Stem(buffer, buffer.Length));
        }

        /// <summary>Stems the word in <paramref name="w"/>[0..<paramref name="n"/>) in place (it never grows) and returns the stem's length.</summary>
        public static int Stem(char[] w, int n)
        {
            if (n <= 3) return n;

            if (EndsWith(w, n, "ies") && n > 4)
            {
                n -= 2;
                w[n - 1] = 'y';
            }
            else if (EndsWith(w, n, "s") && !EndsWith(w, n, "ss") && !EndsWith(w, n, "us") && !EndsWith(w, n, "is"))
            {
                n--;
            }

            var stripped = StripIfStemHasVowel(w, n, "ing");
            if (stripped < 0) stripped = StripIfStemHasVowel(w, n, "ed");
            if (stripped >= 0) n = stripped;

            // The first derivational suffix the word ends with, in DerivationalSuffixes' order; only those
            // ending in the word's last letter can, so only they are tried.
            foreach (var suffix in SuffixesEndingIn(w[n - 1]))
            {
                if (n - suffix.Length >= 3 && EndsWith(w, n, suffix))
                {
                    n -= suffix.Length;
                    break;
                }
            }

            if (n > 3 && w[n - 1] == 'e') n--;
            // create/creation, communicate/communication: drop the verb ending both forms leave behind.
            if (n > 4 && EndsWith(w, n, "at")) n -= 2;
            if (n > 3 && w[n - 1] == w[n - 2] && w[n - 1] != 's' && !IsVowel(w[n - 1])) n--;
            return n;
        }

        // The length without the suffix, or -1 when the word lacks it or no vowel would be left.
        private static int StripIfStemHasVowel(char[] w, int n, string suffix)
        {
            if (n - suffix.Length < 3 || !EndsWith(w, n, suffix)) return -1;
            for (var i = 0; i < n - suffix.Length; i++)
            {
                if (IsVowel(w[i]) || w[i] == 'y') return n - suffix.Length;
            }

            return -1;
        }

        private static bool EndsWith(char[] w, int n, string suffix)
        {
            if (n < suffix.Length) return false;
            for (var k = 0; k < suffix.Length; k++)
            {
                if (w[n - suffix.Length + k] != suffix[k]) return false;
            }

            return true;
        }

        private static bool IsVowel(char c) => c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
    }
}
