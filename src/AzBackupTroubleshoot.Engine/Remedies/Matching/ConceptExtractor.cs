using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace AzBackupTroubleshoot.Remedies.Matching
{
    /// <summary>One concept found in a text and where (in the normalized text) it was written.</summary>
    internal readonly struct ConceptHit
    {
        public ConceptHit(ulong concept, int start, int length, bool isJapaneseFragment)
        {
            Concept = concept;
            Start = start;
            Length = length;
            IsJapaneseFragment = isJapaneseFragment;
        }

        public ulong Concept { get; }
        public int Start { get; }
        public int Length { get; }
        /// <summary>A character pair of Japanese text no term covers (overlapping pairs make one word).</summary>
        public bool IsJapaneseFragment { get; }
    }

    /// <summary>
    /// Turns normalized text into what it is about: English words are stemmed, stop words dropped and
    /// known phrases ("could not", "volume shadow copy") folded into their term; Japanese runs are
    /// read with spaces removed, known terms (失敗, できません, のため) taken longest first, particles and
    /// other kana skipped, and what is left of kanji and katakana kept as character pairs. Word order
    /// does not matter to the result's use.
    /// </summary>
    internal sealed class ConceptExtractor
    {
        // Hashing and the Japanese character classes are TextFeatures': one definition for both readers.
        private const ulong FnvOffset = TextFeatures.FnvOffset;
        private const ulong JapaneseFragmentSeed = 0x51ED270B27D4A3C5UL;
        private const int ShortestTypoWord = 7;

        // FNV is sequential: hashing a stem from this seed is hashing "w\u0001" + stem.
        private static readonly ulong WordSeed = Hash("w\u0001", FnvOffset);

        // English words are compared by their stems' concepts, so reading text allocates no strings.
        // The phrases that start with a stem's concept, by the concept: _phraseLists[_phrases[concept]], longest first.
        private readonly HashIdMap _phrases;
        private readonly Phrase[][] _phraseLists;
        private readonly Dictionary<char, JapaneseTerm[]> _japanese = new Dictionary<char, JapaneseTerm[]>();
        private readonly HashIdMap _stop;
        private readonly Dictionary<ulong, ulong[]> _implied = new Dictionary<ulong, ulong[]>();
        private HashIdMap? _knownStems;
        private TypoIndex? _typos;

        [ThreadStatic] private static List<Token>? _tokenScratch;
        [ThreadStatic] private static WordMemo? _memoScratch;
        [ThreadStatic] private static StringBuilder? _compactScratch;
        [ThreadStatic] private static List<int>? _positionScratch;
        [ThreadStatic] private static char[]? _wordScratch;
        [ThreadStatic] private static char[]? _stemScratch;

        public ConceptExtractor(TermLexicon lexicon)
        {
            _stop = HashIdMap.Set(lexicon.EnglishStopWords.Select(w => WordConcept(EnglishStemmer.Stem(w.ToLowerInvariant()))));
            var phrases = new Dictionary<ulong, List<Phrase>>();
            var japanese = new Dictionary<char, List<JapaneseTerm>>();
            foreach (var group in lexicon.Groups)
            {
                var concept = TermConcept(group.Term);
                if (group.Implies.Count > 0) _implied[concept] = group.Implies.Select(TermConcept).ToArray();
                foreach (var variant in group.English)
                {
                    var stems = EnglishStems(variant);
                    if (stems.Length == 0) continue;
                    var key = WordConcept(stems[0]);
                    if (!phrases.TryGetValue(key, out var list)) phrases[key] = list = new List<Phrase>();
                    list.Add(new Phrase(stems.Select(WordConcept).ToArray(), concept));
                }

                foreach (var variant in group.Japanese) AddJapanese(japanese, JapaneseKey(variant), concept);
            }

            foreach (var word in lexicon.JapaneseStopWords) AddJapanese(japanese, JapaneseKey(word), 0);
            var phraseIds = new Dictionary<ulong, int>();
            _phraseLists = new Phrase[phrases.Count][];
            foreach (var p in phrases)
            {
                var id = phraseIds.Count;
                phraseIds[p.Key] = id;
                _phraseLists[id] = p.Value.OrderByDescending(x => x.Stems.Length).ToArray();
            }

            _phrases = new HashIdMap(phraseIds);
            foreach (var j in japanese) _japanese[j.Key] = j.Value.OrderByDescending(x => x.Text.Length).ToArray();
        }

        /// <summary>Enables typo folding: a long word the catalog does not know is read as the one known word one edit away.</summary>
        public void LearnVocabulary(IEnumerable<string> texts)
        {
            var stems = new HashSet<ulong>();
            var words = new HashSet<string>(StringComparer.Ordinal);
            foreach (var text in texts)
            {
                foreach (var w in LatinWords(TextNormalizer.Normalize(text)))
                {
                    stems.Add(WordConcept(EnglishStemmer.Stem(w)));
                    if (w.Length >= ShortestTypoWord - 1) words.Add(w);
                }
            }

            foreach (var list in _phraseLists)
            {
                foreach (var p in list)
                {
                    foreach (var s in p.Stems) stems.Add(s);
                }
            }

            _knownStems = HashIdMap.Set(stems);
            _typos = new TypoIndex(words);
        }

        public static ulong TermConcept(string term) => Hash("t\u0001" + term, FnvOffset);

        public static ulong WordConcept(string stem) => TextFeatures.Hash(stem.AsSpan(), WordSeed);

        /// <summary>The stems an English variant folds to, stop words dropped; empty when nothing is left.</summary>
        public string EnglishKey(string variant) => string.Join(" ", EnglishStems(variant));

        /// <summary>A Japanese variant as the matcher reads it: normalized, without spaces or a word-final long-vowel mark.</summary>
        public static string JapaneseKey(string variant)
        {
            var s = TextNormalizer.Normalize(variant);
            var b = new StringBuilder();
            for (var i = 0; i < s.Length; i++)
            {
                var c = s[i];
                if (c == ' ') continue;
                if (c == 'ー' && (i + 1 >= s.Length || !IsKatakana(s[i + 1]))) continue;
                b.Append(c);
            }

            return b.ToString();
        }

        public void Extract(string s, List<ConceptHit> hits, bool correctTypos)
        {
            var tokens = _tokenScratch ??= new List<Token>();
            tokens.Clear();
            var memo = _memoScratch ??= new WordMemo();
            memo.Clear();
            var n = s.Length;
            var i = 0;
            while (i < n)
            {
                var c = s[i];
                if (IsLatinWordChar(c))
                {
                    var start = i;
                    i = WordEnd(s, i);
                    var end = i;
                    var plus = 0;
                    while (i < n && s[i] == '+') { plus++; i++; }
                    // COM+ and C++ are names; without this "com+" would read as the "com" of a mail address.
                    var length = end - start + 4 * plus;
                    if (length < 2) continue;
                    // A word without '+' is hashed where it stands; it is copied out only the first time.
                    var raw = plus == 0 ? TextFeatures.QuickHash(s.AsSpan(start, length)) : TextFeatures.QuickHash(new ReadOnlySpan<char>(_wordScratch, 0, ReadWord(s, start, end, plus)));
                    if (!memo.TryGet(raw, out var concept))
                    {
                        ReadWord(s, start, end, plus);
                        concept = WordConcept(_wordScratch!, length, correctTypos);
                        // A stop word is remembered as 0 (a concept hash is 0 once in 2^64 words).
                        if (_stop.Contains(concept)) concept = 0;
                        memo.Add(raw, concept);
                    }

                    if (concept != 0) tokens.Add(new Token(concept, start, i - start));
                    continue;
                }

                if (IsJapanese(c))
                {
                    EmitPhrases(tokens, hits);
                    tokens.Clear();
                    i = ReadJapaneseRun(s, i, hits);
                    continue;
                }

                i++;
            }

            EmitPhrases(tokens, hits);
        }

        // The concept of the word in word[0..length): its stem's, or, for a long word the catalog does not
        // know, the stem's of the known word one typo away.
        private ulong WordConcept(char[] word, int length, bool correctTypos)
        {
            var stem = _stemScratch!;
            new ReadOnlySpan<char>(word, 0, length).CopyTo(stem);
            var concept = TextFeatures.Hash(new ReadOnlySpan<char>(stem, 0, EnglishStemmer.Stem(stem, length)), WordSeed);
            if (correctTypos && length >= ShortestTypoWord && _knownStems != null && !_knownStems.Contains(concept)
                && _typos!.TryCorrect(new ReadOnlySpan<char>(word, 0, length), out var corrected))
            {
                concept = WordConcept(EnglishStemmer.Stem(corrected));
            }

            return concept;
        }

        private void EmitPhrases(List<Token> tokens, List<ConceptHit> hits)
        {
            var k = 0;
            while (k < tokens.Count)
            {
                var matched = 0;
                if (_phrases.TryGetValue(tokens[k].Concept, out var phraseList))
                {
                    foreach (var p in _phraseLists[phraseList])
                    {
                        if (k + p.Stems.Length > tokens.Count) continue;
                        var all = true;
                        for (var m = 1; m < p.Stems.Length && all; m++) all = tokens[k + m].Concept == p.Stems[m];
                        if (!all) continue;
                        var last = tokens[k + p.Stems.Length - 1];
                        AddTerm(hits, p.Concept, tokens[k].Start, last.Start + last.Length - tokens[k].Start);
                        matched = p.Stems.Length;
                        break;
                    }
                }

                if (matched == 0)
                {
                    hits.Add(new ConceptHit(tokens[k].Concept, tokens[k].Start, tokens[k].Length, false));
                    matched = 1;
                }

                k += matched;
            }
        }

        private int ReadJapaneseRun(string s, int i, List<ConceptHit> hits)
        {
            var compact = _compactScratch ??= new StringBuilder();
            var positions = _positionScratch ??= new List<int>();
            compact.Clear();
            positions.Clear();
            var n = s.Length;
            while (i < n)
            {
                var ch = s[i];
                if (IsJapanese(ch))
                {
                    if (!(ch == 'ー' && (i + 1 >= n || !IsKatakana(s[i + 1]))))
                    {
                        compact.Append(ch);
                        positions.Add(i);
                    }

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

            var p = 0;
            var content = -1;
            var length = compact.Length;
            while (p < length)
            {
                var c = compact[p];
                var used = 0;
                if (_japanese.TryGetValue(c, out var terms))
                {
                    foreach (var t in terms)
                    {
                        if (p + t.Text.Length > length || !SameAt(compact, p, t.Text)) continue;
                        if (t.Concept != 0)
                        {
                            var start = positions[p];
                            AddTerm(hits, t.Concept, start, positions[p + t.Text.Length - 1] + 1 - start);
                        }

                        used = t.Text.Length;
                        break;
                    }
                }

                if (used > 0 || IsHiragana(c))
                {
                    FlushFragment(compact, positions, content, p, hits);
                    content = -1;
                    p += used > 0 ? used : 1;
                    continue;
                }

                if (content < 0) content = p;
                p++;
            }

            FlushFragment(compact, positions, content, length, hits);
            return i;
        }

        private void AddTerm(List<ConceptHit> hits, ulong concept, int start, int length)
        {
            if (!_implied.TryGetValue(concept, out var parts))
            {
                hits.Add(new ConceptHit(concept, start, length, false));
                return;
            }

            foreach (var part in parts) hits.Add(new ConceptHit(part, start, length, false));
        }

        // Kanji and katakana no term covers: one character alone, or overlapping pairs.
        private static void FlushFragment(StringBuilder compact, List<int> positions, int from, int to, List<ConceptHit> hits)
        {
            if (from < 0 || to <= from) return;
            if (to - from == 1)
            {
                hits.Add(new ConceptHit(Pair('\0', compact[from]), positions[from], 1, true));
                return;
            }

            for (var k = from + 1; k < to; k++)
            {
                hits.Add(new ConceptHit(Pair(compact[k - 1], compact[k]), positions[k - 1], positions[k] + 1 - positions[k - 1], true));
            }
        }

        private static bool SameAt(StringBuilder b, int at, string text)
        {
            for (var k = 0; k < text.Length; k++)
            {
                if (b[at + k] != text[k]) return false;
            }

            return true;
        }

        private static void AddJapanese(Dictionary<char, List<JapaneseTerm>> into, string key, ulong concept)
        {
            if (key.Length == 0) return;
            if (!into.TryGetValue(key[0], out var list)) into[key[0]] = list = new List<JapaneseTerm>();
            list.Add(new JapaneseTerm(key, concept));
        }

        private string[] EnglishStems(string variant) =>
            LatinWords(TextNormalizer.Normalize(variant)).Select(EnglishStemmer.Stem).Where(x => !_stop.Contains(WordConcept(x))).ToArray();

        // The word s[start..end) followed by "plus" for each '+' into the word scratch; returns its length.
        private static int ReadWord(string s, int start, int end, int plus)
        {
            var length = end - start + 4 * plus;
            if (_wordScratch == null || _wordScratch.Length < length)
            {
                _wordScratch = new char[Math.Max(64, length * 2)];
                _stemScratch = new char[_wordScratch.Length];
            }

            s.CopyTo(start, _wordScratch, 0, end - start);
            for (var k = 0; k < plus; k++) "plus".CopyTo(0, _wordScratch, end - start + 4 * k, 4);
            return length;
        }

        private static IEnumerable<string> LatinWords(string s)
        {
            var i = 0;
            while (i < s.Length)
            {
                if (!IsLatinWordChar(s[i])) { i++; continue; }
                var start = i;
                i = WordEnd(s, i);
                var end = i;
                var plus = 0;
                while (i < s.Length && s[i] == '+') { plus++; i++; }
                var word = s.Substring(start, end - start) + string.Concat(Enumerable.Repeat("plus", plus));
                if (word.Length >= 2) yield return word;
            }
        }

        private static ulong Hash(string s, ulong seed) => TextFeatures.Hash(s, 0, s.Length, seed);

        private static ulong Pair(char a, char b) => TextFeatures.Pair(a, b, JapaneseFragmentSeed);

        private static bool NextNonSpaceIsJapanese(string s, int i) => TextFeatures.NextNonSpaceIsJapanese(s, i);

        // A number followed by letters is two words: "1023gb" reads as "1023 gb" ("vm01" stays one word).
        private static int WordEnd(string s, int i)
        {
            var startsWithDigit = s[i] >= '0' && s[i] <= '9';
            while (i < s.Length && IsLatinWordChar(s[i]))
            {
                if (startsWithDigit && s[i] >= 'a' && s[i] <= 'z') break;
                i++;
            }

            return i;
        }

        private static bool IsLatinWordChar(char c) => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');

        private static bool IsHiragana(char c) => c >= '\u3041' && c <= '\u309F';

        private static bool IsKatakana(char c) => c >= '\u30A0' && c <= '\u30FF';

        internal static bool IsJapanese(char c) => TextFeatures.IsJapanese(c);

        private readonly struct Token
        {
            public Token(ulong concept, int start, int length)
            {
                Concept = concept;
                Start = start;
                Length = length;
            }

            /// <summary>The stem's concept (<see cref="WordConcept(string)"/>).</summary>
            public ulong Concept { get; }
            public int Start { get; }
            public int Length { get; }
        }

        private sealed class Phrase
        {
            public Phrase(ulong[] stems, ulong concept)
            {
                Stems = stems;
                Concept = concept;
            }

            /// <summary>The concepts of the phrase's stems, in order.</summary>
            public ulong[] Stems { get; }
            public ulong Concept { get; }
        }

        private sealed class JapaneseTerm
        {
            public JapaneseTerm(string text, ulong concept)
            {
                Text = text;
                Concept = concept;
            }

            public string Text { get; }
            /// <summary>0 for a stop word: read and skipped.</summary>
            public ulong Concept { get; }
        }
    }
}
