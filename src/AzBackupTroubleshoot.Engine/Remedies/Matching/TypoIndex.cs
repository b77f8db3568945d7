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
        // A polynomial hash, so that the hash of the word without letter k comes from its prefix and
        // suffix in constant time instead of rehashing the word for each k. Candidates are verified.
        private const ulong Base = 1099511628211UL;

        // One bit per filed hash (a Bloom filter of one function): most words of a pasted log are no typo
        // of anything, and a bit test turns them away without a dictionary lookup per deletion.
        private const int FilterBitCount = 18;
        private const int FilterBits = 1 << FilterBitCount;

        private readonly Dictionary<ulong, List<string>> _byDeletion = new Dictionary<ulong, List<string>>();
        private readonly ulong[] _filter = new ulong[FilterBits / 64];
        private readonly int _longest;
        // Which lengths known words have: a word is one edit from a known word only if that word is a letter shorter, as long, or a letter longer.
        private readonly bool[] _lengths;
        private readonly ulong[] _powers;

        public TypoIndex(IEnumerable<string> words)
        {
            var sorted = new List<string>(words);
            sorted.Sort(StringComparer.Ordinal);
            foreach (var w in sorted) _longest = Math.Max(_longest, w.Length);
            _lengths = new bool[_longest + 1];
            foreach (var w in sorted) _lengths[w.Length] = true;
            // A word more than one letter longer than every known word is no typo of one.
            _powers = new ulong[_longest + 2];
            _powers[0] = 1;
            for (var k = 1; k < _powers.Length; k++) _powers[k] = _powers[k - 1] * Base;
            var hashes = new ulong[_longest + 1];
            foreach (var w in sorted)
            {
                var count = Hashes(w.AsSpan(), hashes);
                for (var k = 0; k < count; k++) File(hashes[k], w);
            }
        }

        private bool HasLength(int length) => length >= 0 && length < _lengths.Length && _lengths[length];

        /// <summary>True when exactly one known word is one edit away (an ambiguous typo is left alone).</summary>
        public bool TryCorrect(string word, out string corrected) => TryCorrect(word.AsSpan(), out corrected);

        public bool TryCorrect(ReadOnlySpan<char> word, out string corrected)
        {
            corrected = string.Empty;
            if (word.Length > _longest + 1) return false;
            if (!HasLength(word.Length - 1) && !HasLength(word.Length) && !HasLength(word.Length + 1)) return false;
            Span<ulong> hashes = stackalloc ulong[word.Length + 1];
            var count = Hashes(word, hashes);
            string? found = null;
            for (var k = 0; k < count; k++)
            {
                if (!MayBeFiled(hashes[k]) || !_byDeletion.TryGetValue(hashes[k], out var list)) continue;
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

        // On the path of every word of a text: inlined, though it loops.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private bool MayBeFiled(ulong key)
        {
            var bit = FilterBit(key);
            return (_filter[bit >> 6] & (1UL << (bit & 63))) != 0;
        }

        // Fibonacci hashing: the multiply spreads every bit of the key into the top bits taken.
        private static int FilterBit(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> (64 - FilterBitCount));

        private void File(ulong key, string word)
        {
            var bit = FilterBit(key);
            _filter[bit >> 6] |= 1UL << (bit & 63);
            if (!_byDeletion.TryGetValue(key, out var list)) _byDeletion[key] = list = new List<string>();
            if (!list.Contains(word)) list.Add(word);
        }

        // The word's hash, then its hash without each letter in turn; returns how many were written.
        private int Hashes(ReadOnlySpan<char> s, Span<ulong> into)
        {
            var n = s.Length;
            var whole = 0UL;
            for (var k = 0; k < n; k++) whole = whole * Base + s[k];
            into[0] = whole;
            var prefix = 0UL;
            for (var k = 0; k < n; k++)
            {
                var suffix = whole - prefix * _powers[n - k] - s[k] * _powers[n - 1 - k];
                into[k + 1] = prefix * _powers[n - 1 - k] + suffix;
                prefix = prefix * Base + s[k];
            }

            return n + 1;
        }

        // Damerau distance at most one.
        private static bool WithinOneEdit(ReadOnlySpan<char> a, string known)
        {
            var b = known.AsSpan();
            if (a.SequenceEqual(b)) return true;
            if (Math.Abs(a.Length - b.Length) > 1) return false;
            var i = 0;
            while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
            if (a.Length == b.Length)
            {
                if (a.Slice(i + 1).SequenceEqual(b.Slice(i + 1))) return true;
                return i + 1 < a.Length && a[i] == b[i + 1] && a[i + 1] == b[i] && a.Slice(i + 2).SequenceEqual(b.Slice(i + 2));
            }

            return a.Length > b.Length
                ? a.Slice(i + 1).SequenceEqual(b.Slice(i))
                : a.Slice(i).SequenceEqual(b.Slice(i + 1));
        }
    }
}
