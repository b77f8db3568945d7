using System;
using System.Collections.Generic;

namespace AzBackupTroubleshoot.Remedies.Matching
{
    /// <summary>
    /// Finds the known word one edit (a letter dropped, added, changed or two swapped) away from a
    /// long unknown word, by the symmetric-delete method: every known word is filed under itself and
    /// under each of its one-letter deletions, and the unknown word is looked up the same way.
    /// </summary>
    internal sealed class TypoIndex
    {
        private const ulong FnvOffset = 14695981039346656037UL;
        private const ulong FnvPrime = 1099511628211UL;

        private readonly Dictionary<ulong, List<string>> _byDeletion = new Dictionary<ulong, List<string>>();

        public TypoIndex(IEnumerable<string> words)
        {
            var sorted = new List<string>(words);
            sorted.Sort(StringComparer.Ordinal);
            foreach (var w in sorted)
            {
                File(HashWithout(w, -1), w);
                for (var k = 0; k < w.Length; k++) File(HashWithout(w, k), w);
            }
        }

        /// <summary>True when exactly one known word is one edit away (an ambiguous typo is left alone).</summary>
        public bool TryCorrect(string word, out string corrected)
        {
            corrected = string.Empty;
            string? found = null;
            for (var k = -1; k < word.Length; k++)
            {
                if (!_byDeletion.TryGetValue(HashWithout(word, k), out var list)) continue;
                foreach (var candidate in list)
                {
                    if (candidate == found || !WithinOneEdit(word, candidate)) continue;
                    if (found != null) return false;
                    found = candidate;
                }
            }

            if (found == null) return false;
            corrected = found;
            return true;
        }

        private void File(ulong key, string word)
        {
            if (!_byDeletion.TryGetValue(key, out var list)) _byDeletion[key] = list = new List<string>();
            if (!list.Contains(word)) list.Add(word);
        }

        private static ulong HashWithout(string s, int skip)
        {
            var h = FnvOffset;
            for (var k = 0; k < s.Length; k++)
            {
                if (k == skip) continue;
                h ^= s[k];
                h *= FnvPrime;
            }

            return h;
        }

        // Damerau distance at most one.
        private static bool WithinOneEdit(string a, string b)
        {
            if (a == b) return true;
            if (Math.Abs(a.Length - b.Length) > 1) return false;
            var i = 0;
            while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
            if (a.Length == b.Length)
            {
                if (string.CompareOrdinal(a, i + 1, b, i + 1, a.Length) == 0) return true;
                return i + 1 < a.Length && a[i] == b[i + 1] && a[i + 1] == b[i] && string.CompareOrdinal(a, i + 2, b, i + 2, a.Length) == 0;
            }

            return a.Length > b.Length
                ? string.CompareOrdinal(a, i + 1, b, i, a.Length) == 0
                : string.CompareOrdinal(a, i, b, i + 1, b.Length) == 0;
        }
    }
}
