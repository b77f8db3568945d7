using System;
using System.Collections.Generic;

namespace AzBackupTroubleshoot.Remedies.Matching
{
    /// <summary>A word of Latin script found in normalized text, kept by position so codes can be checked.</summary>
    internal readonly struct WordToken
    {
        public WordToken(int start, int length, ulong hash, bool isDigits)
        {
            Start = start;
            Length = length;
            Hash = hash;
            IsDigits = isDigits;
        }

        public int Start { get; }
        public int Length { get; }
        public ulong Hash { get; }
        public bool IsDigits { get; }
    }

    /// <summary>
    /// Splits normalized text into hashed features: Latin words (lightly stemmed) and, because
    /// Japanese does not separate words with spaces, overlapping character pairs of Japanese runs.
    /// Spaces inside a Japanese run are ignored: Microsoft's Japanese messages put spaces between
    /// words ("ファイル システム") and people paste them without ("ファイルシステム").
    /// </summary>
    internal static class TextFeatures
    {
        internal const ulong FnvOffset = 14695981039346656037UL;
        private const ulong FnvPrime = 1099511628211UL;
        private const ulong CjkSeed = 0x9E3779B97F4A7C15UL;

        public static void Extract(string s, List<ulong> features, List<WordToken>? words)
        {
            var i = 0;
            var n = s.Length;
            while (i < n)
            {
                var c = s[i];
                if (IsLatinWordChar(c))
                {
                    var start = i;
                    var digits = true;
                    while (i < n && IsLatinWordChar(s[i]))
                    {
                        if (s[i] < '0' || s[i] > '9') digits = false;
                        i++;
                    }

                    var length = i - start;
                    // One pass for both hashes: the stem is the word or the word less its last letter.
                    var withoutLast = Hash(s, start, length - 1, FnvOffset);
                    var wordHash = (withoutLast ^ s[start + length - 1]) * FnvPrime;
                    words?.Add(new WordToken(start, length, wordHash, digits));
                    if (length >= 2)
                    {
                        features.Add(StemmedLength(s, start, length) == length ? wordHash : withoutLast);
                    }

                    continue;
                }

                if (IsJapanese(c))
                {
                    var previous = '\0';
                    var runLength = 0;
                    while (i < n)
                    {
                        var ch = s[i];
                        if (IsJapanese(ch))
                        {
                            if (runLength > 0) features.Add(Pair(previous, ch));
                            previous = ch;
                            runLength++;
                            i++;
                        }
                        else if (ch == ' ' && NextNonSpaceIsJapanese(s, i))
                        {
                            i++;
                        }
                        else
                        {
                            break;
                        }
                    }

                    if (runLength == 1) features.Add(Pair('\0', previous));
                    continue;
                }

                i++;
            }
        }

        public static ulong Hash(string s, int start, int length, ulong seed) => Hash(s.AsSpan(start, length), seed);

        public static ulong Hash(ReadOnlySpan<char> s, ulong seed)
        {
            var h = seed;
            foreach (var c in s)
            {
                h ^= c;
                h *= FnvPrime;
            }

            return h;
        }

        /// <summary>
        /// A fast hash of a word for telling words apart within one text (not a feature): four characters
        /// a step instead of one.
        /// </summary>
        public static ulong QuickHash(ReadOnlySpan<char> s)
        {
            var h = FnvOffset ^ (ulong)s.Length;
            var blocks = System.Runtime.InteropServices.MemoryMarshal.Cast<char, ulong>(s);
            foreach (var block in blocks) h = (h ^ block) * QuickPrime;
            for (var k = blocks.Length * 4; k < s.Length; k++) h = (h ^ s[k]) * QuickPrime;
            return h ^ (h >> 29);
        }

        // Odd, with well-spread bits (the 64-bit golden ratio constant).
        private const ulong QuickPrime = 0x9E3779B97F4A7C15UL;

        public static ulong HashWord(string lowerWord) => Hash(lowerWord, 0, lowerWord.Length, FnvOffset);

        private static ulong Pair(char a, char b) => Pair(a, b, CjkSeed);

        /// <summary>A character pair's hash; the seed keeps one feature family apart from another.</summary>
        internal static ulong Pair(char a, char b, ulong seed)
        {
            var h = seed;
            h ^= a;
            h *= FnvPrime;
            h ^= b;
            h *= FnvPrime;
            return h;
        }

        // Plural 's' only: enough for "writers"/"writer", "points"/"point", without a dictionary.
        private static int StemmedLength(string s, int start, int length)
        {
            if (length > 3 && s[start + length - 1] == 's')
            {
                var before = s[start + length - 2];
                if (before != 's' && before != 'u' && before != 'i') return length - 1;
            }

            return length;
        }

        internal static bool NextNonSpaceIsJapanese(string s, int i)
        {
            while (i < s.Length && s[i] == ' ') i++;
            return i < s.Length && IsJapanese(s[i]);
        }

        private static bool IsLatinWordChar(char c) => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');

        // Hiragana, katakana (with the long-vowel mark) and CJK ideographs.
        internal static bool IsJapanese(char c) =>
            c >= '\u3005' && ((c >= '\u3041' && c <= '\u30FF') || (c >= '\u4E00' && c <= '\u9FFF') || (c >= '\u3400' && c <= '\u4DBF') || c == '\u3005');
    }
}
