using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AzBackupTroubleshoot.Remedies.Matching
{
    /// <summary>
    /// Finds the catalog entries an error text refers to: by code when one is present, otherwise by
    /// how much of a known message the text contains (embedded names and ids) or how much of the
    /// text a known message explains (truncated pastes), or by what it is about (retold errors); a long text that
    /// matches nothing as a whole, by its sentences. Deterministic: equal scores keep catalog order.
    /// </summary>
    internal sealed class RemedyMatcher
    {
        // Score a text earns when it holds a generic ARM code (ResourceNotFound) but no message of ours:
        // below any threshold, because an ordinary ARM 404 is not a backup failure.
        private const double UnconfirmedGenericCodeScore = 0.5;
        // A paste that a message fully explains but covers only partly may score this much above its coverage.
        private const double TruncationAllowance = 0.4;
        // Weight of shared features needed before a partial paste is trusted (about four distinctive words).
        private const double MinimumEvidence = 14.0;
        // Partial matches rank below exact ones.
        private const double PartialCeiling = 0.95;

        private readonly IReadOnlyList<RemedyEntry> _entries;
        private readonly MessageIndex _index;
        private readonly ConceptExtractor _concepts;
        private readonly MeaningIndex _meaning;
        // Codes and aliases by the hash of their lower-case spelling: _codeLists[_codes[hash]].
        private readonly HashIdMap _codes;
        private readonly List<CodeKey>[] _codeLists;
        private readonly Dictionary<long, int> _numericCodes = new Dictionary<long, int>();
        private readonly bool[] _genericCode;

        [ThreadStatic] private static List<ulong>? _featureScratch;
        [ThreadStatic] private static List<ulong>? _orderedScratch;
        [ThreadStatic] private static List<DocumentOverlap>? _overlapScratch;
        [ThreadStatic] private static List<ScoredDocument>? _scoredScratch;
        [ThreadStatic] private static List<double>? _bestScratch;
        [ThreadStatic] private static List<WordToken>? _wordScratch;
        [ThreadStatic] private static List<ConceptHit>? _conceptScratch;
        [ThreadStatic] private static List<int>? _hitIdScratch;
        [ThreadStatic] private static EntryScratch? _entryScratch;
        [ThreadStatic] private static List<Candidate>? _candidateScratch;
        [ThreadStatic] private static List<int>? _sentenceEndScratch;
        [ThreadStatic] private static PassageScratch? _passageScratch;

        // A retold error fits in one sentence or runs over into the next.
        private const int PassageSentences = 2;
        // Terms shown per match: enough to judge it, few enough to read.
        private const int MaxDecidingTerms = 6;

        public RemedyMatcher(IReadOnlyList<RemedyEntry> entries, ISet<string> genericCodes, TermLexicon lexicon)
        {
            _entries = entries;
            _genericCode = new bool[entries.Count];
            var documents = new List<KeyValuePair<int, string>>();
            var codes = new Dictionary<ulong, List<CodeKey>>();
            for (var e = 0; e < entries.Count; e++)
            {
                var entry = entries[e];
                _genericCode[e] = genericCodes.Contains(entry.Code);
                AddCode(codes, entry.Code, e);
                foreach (var alias in entry.Aliases) AddCode(codes, alias, e);
                foreach (var number in entry.NumericCodes) _numericCodes[number] = e;
                foreach (var text in entry.EnglishMessages) documents.Add(new KeyValuePair<int, string>(e, text));
                foreach (var text in entry.JapaneseMessages) documents.Add(new KeyValuePair<int, string>(e, text));
                foreach (var text in entry.EnglishPhrases) documents.Add(new KeyValuePair<int, string>(e, text));
                foreach (var text in entry.JapanesePhrases) documents.Add(new KeyValuePair<int, string>(e, text));
            }

            var codeIds = new Dictionary<ulong, int>();
            _codeLists = new List<CodeKey>[codes.Count];
            foreach (var c in codes)
            {
                _codeLists[codeIds.Count] = c.Value;
                codeIds[c.Key] = codeIds.Count;
            }

            _codes = new HashIdMap(codeIds);
            _index = new MessageIndex(documents);
            _concepts = new ConceptExtractor(lexicon);
            _concepts.LearnVocabulary(documents.Select(d => d.Value));
            // Same document numbers as _index for the messages themselves; heads follow.
            _meaning = new MeaningIndex(entries, documents, _concepts, lexicon);
        }

        public bool TryFindCode(string code, out RemedyEntry entry)
        {
            entry = null!;
            var trimmed = code.Trim().Trim('.', ',', ';', ':', '"', '\'', '(', ')', '[', ']');
            if (trimmed.Length == 0) return false;
            if (long.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                return TryFindNumeric(number, out entry);
            }

            var lower = trimmed.ToLowerInvariant();
            var index = FindCodeIndex(lower, 0, lower.Length);
            if (index < 0) return false;
            entry = _entries[index];
            return true;
        }

        public bool TryFindNumeric(long number, out RemedyEntry entry)
        {
            entry = null!;
            if (!_numericCodes.TryGetValue(number, out var index)) return false;
            entry = _entries[index];
            return true;
        }

        public IReadOnlyList<RemedyMatch> Match(RemedyQuery query, MatchOptions options)
        {
            var count = _entries.Count;
            var perEntry = _entryScratch != null && _entryScratch.Count == count ? _entryScratch : _entryScratch = new EntryScratch(count);
            perEntry.Clear();
            var codeScore = perEntry.CodeScore;
            var codeOrder = perEntry.CodeOrder;
            var codeText = perEntry.CodeText;
            var codeKind = perEntry.CodeKind;
            var messageScore = perEntry.MessageScore;
            var messageDocument = perEntry.MessageDocument;
            var messageExplained = perEntry.MessageExplained;
            var messageFound = perEntry.MessageFound;
            var meaningScore = perEntry.MeaningScore;
            var meaningDocument = perEntry.MeaningDocument;
            var concepts = _conceptScratch ??= new List<ConceptHit>();
            var hitIds = _hitIdScratch ??= new List<int>();
            concepts.Clear();
            var normalized = string.Empty;
            var named = 0UL;
            // A score below both the threshold and the runner-up floor can never be shown.
            var shown = Math.Min(options.ConfidenceThreshold, options.RunnerUpFloor);
            var nextOrder = 1;

            void CodeHit(int entry, double score, MatchKind kind, string text)
            {
                if (score <= codeScore[entry]) return;
                codeScore[entry] = score;
                codeKind[entry] = kind;
                codeText[entry] = text;
                if (codeOrder[entry] == 0) codeOrder[entry] = nextOrder++;
            }

            // Structured fields first: a job's ErrorCode is authoritative.
            if (query.NumericCode is long numeric && _numericCodes.TryGetValue(numeric, out var numericEntry))
            {
                CodeHit(numericEntry, 1.0, MatchKind.NumericCode, numeric.ToString(CultureInfo.InvariantCulture));
            }

            if (!string.IsNullOrWhiteSpace(query.Code) && TryFindCode(query.Code!, out var codeEntry))
            {
                var index = IndexOf(codeEntry);
                var isNumber = long.TryParse(query.Code!.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
                CodeHit(index, 1.0, isNumber ? MatchKind.NumericCode : MatchKind.Code, query.Code!.Trim());
            }

            var genericPending = new List<int>();
            if (!string.IsNullOrWhiteSpace(query.Text))
            {
                normalized = TextNormalizer.Normalize(query.Text!);
                var features = _featureScratch ??= new List<ulong>();
                var words = _wordScratch ??= new List<WordToken>();
                features.Clear();
                words.Clear();
                TextFeatures.Extract(normalized, features, words);
                var isBare = words.Count == 1 && HasNoJapanese(normalized);

                foreach (var word in words)
                {
                    if (word.IsDigits)
                    {
                        if (word.Length < 5 || word.Length > 10) continue;
                        var number = long.Parse(normalized.Substring(word.Start, word.Length), CultureInfo.InvariantCulture);
                        if (_numericCodes.TryGetValue(number, out var n))
                        {
                            // A known number alone, or beside other words (e.g. "ErrorCode : 320001").
                            CodeHit(n, isBare ? 1.0 : 0.9, MatchKind.NumericCode, number.ToString(CultureInfo.InvariantCulture));
                        }

                        continue;
                    }

                    if (word.Length < 8) continue;
                    var e = FindCodeIndex(normalized, word.Start, word.Length, word.Hash);
                    if (e < 0) continue;
                    var original = normalized.Substring(word.Start, word.Length);
                    var matched = MatchedCodeSpelling(e, original);
                    if (_genericCode[e] && !isBare)
                    {
                        CodeHit(e, UnconfirmedGenericCodeScore, MatchKind.Code, matched);
                        genericPending.Add(e);
                    }
                    else
                    {
                        CodeHit(e, 1.0, MatchKind.Code, matched);
                    }
                }

                var ordered = _orderedScratch ??= new List<ulong>();
                ordered.Clear();
                ordered.AddRange(features);
                features.Sort();
                Deduplicate(features);
                var overlaps = _overlapScratch ??= new List<DocumentOverlap>();
                overlaps.Clear();
                var queryWeight = _index.Score(features, ordered, overlaps);
                var scored = _scoredScratch ??= new List<ScoredDocument>();
                scored.Clear();
                foreach (var o in overlaps)
                {
                    var coverage = o.Overlap / o.DocumentWeight;
                    var explained = o.Overlap / queryWeight;
                    var partial = Math.Min(explained, coverage + TruncationAllowance) * Math.Min(1.0, o.Overlap / MinimumEvidence);
                    var bound = Math.Max(coverage, Math.Min(partial, PartialCeiling));
                    if (bound >= options.RunnerUpFloor) scored.Add(new ScoredDocument(o, coverage, partial, explained, bound));
                }

                // Word order can only lower a score, so take documents best-first and stop once no
                // remaining document could enter the results.
                scored.Sort((a, b) => b.Bound.CompareTo(a.Bound));
                var best = _bestScratch ??= new List<double>();
                best.Clear();
                var kth = 0.0;
                foreach (var doc in scored)
                {
                    if (doc.Bound < kth) break;
                    var coverage = doc.Coverage * doc.Overlap.Containment;
                    var partial = doc.Partial > coverage ? doc.Partial * doc.Overlap.Contiguity : 0.0;
                    var score = Math.Max(coverage, Math.Min(partial, PartialCeiling));
                    var document = doc.Overlap.Document;
                    var entry = _index.EntryOf(document);
                    if (score > messageScore[entry] || (score == messageScore[entry] && doc.Explained > messageExplained[entry]))
                    {
                        if (messageFound[entry]) best.Remove(messageScore[entry]);
                        messageFound[entry] = true;
                        messageScore[entry] = score;
                        messageDocument[entry] = document;
                        messageExplained[entry] = doc.Explained;
                        InsertDescending(best, score);
                        if (best.Count >= options.MaxResults) kth = best[Math.Max(1, options.MaxResults) - 1];
                    }
                }
            }

            if (normalized.Length > 0)
            {
                // What the text is about, whatever its wording: catches retold and paraphrased errors.
                _concepts.Extract(normalized, concepts, true);
                named = _meaning.Score(concepts, hitIds, shown, meaningScore, meaningDocument);
            }

            // A generic code counts when the text also reads like our message for it.
            foreach (var e in genericPending)
            {
                if (messageScore[e] >= options.RunnerUpFloor && codeScore[e] < 1.0) codeScore[e] = 1.0;
            }

            var candidates = _candidateScratch ??= new List<Candidate>();
            void CollectCandidates()
            {
                candidates.Clear();
                for (var e = 0; e < count; e++)
                {
                    var byCode = codeScore[e];
                    // The contrast factor can only lower the wording score: an entry below the bar without it stays below.
                    if (byCode < shown && Math.Min(1.0, messageScore[e]) < shown && meaningScore[e] < shown) continue;
                    // Wording that resembles a message but names its confusable partner's key term (or
                    // names none) is marked down as a meaning match is; Azure's exact words carry their
                    // own key term and are not.
                    var byWording = messageScore[e] > 0 ? Math.Min(1.0, messageScore[e]) * _meaning.ContrastFactor(named, messageDocument[e]) : 0.0;
                    var byMeaning = meaningScore[e];
                    var byMessage = Math.Max(byWording, byMeaning);
                    if (byCode <= 0 && byMessage <= 0) continue;
                    var useCode = byCode >= byMessage;
                    if ((useCode ? byCode : byMessage) < shown) continue;
                    var document = byWording >= byMeaning ? messageDocument[e] : meaningDocument[e];
                    candidates.Add(new Candidate(
                        e,
                        useCode ? byCode : byMessage,
                        useCode ? codeOrder[e] : int.MaxValue,
                        byMessage,
                        messageExplained[e],
                        useCode ? codeKind[e] : MatchKind.Message,
                        useCode ? codeText[e]! : _meaning.TextOf(document),
                        document));
                }
            }

            CollectCandidates();

            // A long text that nothing matches as a whole may still retell an error in one or two of its
            // sentences, among a greeting, the VM's story and the question: each such passage is judged as if
            // it had been pasted alone. Texts that match as a whole are answered as before.
            if ((candidates.Count == 0 || MaxScore(candidates) < options.ConfidenceThreshold) && ScorePassages(normalized, concepts, hitIds, shown, meaningScore, meaningDocument))
            {
                CollectCandidates();
            }

            candidates.Sort((a, b) =>
            {
                var c = b.Score.CompareTo(a.Score);
                if (c != 0) return c;
                c = a.CodeOrder.CompareTo(b.CodeOrder);
                if (c != 0) return c;
                c = b.MessageScore.CompareTo(a.MessageScore);
                if (c != 0) return c;
                // Of two messages the input contains whole, the one that explains more of it is the closer.
                c = b.Explained.CompareTo(a.Explained);
                return c != 0 ? c : a.Entry.CompareTo(b.Entry);
            });

            var results = new List<RemedyMatch>();
            if (candidates.Count == 0 || candidates[0].Score < options.ConfidenceThreshold) return results;
            foreach (var c in candidates)
            {
                if (results.Count >= Math.Max(1, options.MaxResults)) break;
                if (results.Count > 0 && c.Score < options.RunnerUpFloor) break;
                var deciding = c.Kind == MatchKind.Message
                    ? _meaning.SharedTerms(normalized, concepts, hitIds, c.Document, MaxDecidingTerms)
                    : new[] { c.Text };
                results.Add(new RemedyMatch(_entries[c.Entry], Math.Round(c.Score, 4), c.Kind, c.Text, deciding.Count > 0 ? deciding : new[] { c.Text }));
            }

            return results;
        }

        private static double MaxScore(List<Candidate> candidates)
        {
            var max = 0.0;
            foreach (var c in candidates) max = Math.Max(max, c.Score);
            return max;
        }

        /// <summary>
        /// Scores each sentence of a text of several, and each two neighbouring sentences, by meaning, keeping
        /// every entry's best in <paramref name="entryScore"/>. Leaves <paramref name="hitIds"/> as the whole text's.
        /// </summary>
        /// <returns>Whether any passage was scored.</returns>
        private bool ScorePassages(string text, List<ConceptHit> hits, List<int> hitIds, double minimumScore, double[] entryScore, int[] entryDocument)
        {
            var ends = _sentenceEndScratch ??= new List<int>();
            SentenceEnds(text, ends);
            if (ends.Count < 2) return false;
            var sentences = ends.Count;
            var s = _passageScratch != null && _passageScratch.Offsets.Length > sentences ? _passageScratch : _passageScratch = new PassageScratch(sentences + 1);
            var ordered = s.Ordered;
            ordered.Clear();
            Array.Clear(s.Offsets, 0, sentences + 1);
            Array.Clear(s.KnownHits, 0, sentences);
            Array.Clear(s.KnownWeight, 0, sentences);
            // Hits grouped by sentence (a counting sort, order kept within each), with what each sentence knows.
            var sentenceOf = s.SentenceOf;
            sentenceOf.Clear();
            for (var h = 0; h < hits.Count; h++)
            {
                var at = ends.BinarySearch(hits[h].Start + 1);
                var sentence = Math.Min(at >= 0 ? at : ~at, sentences - 1);
                sentenceOf.Add(sentence);
                s.Offsets[sentence + 1]++;
                if (hitIds[h] < 0) continue;
                s.KnownHits[sentence]++;
                s.KnownWeight[sentence] += _meaning.WeightOf(hitIds[h]);
            }

            for (var p = 0; p < sentences; p++) s.Offsets[p + 1] += s.Offsets[p];
            for (var h = 0; h < hits.Count; h++) ordered.Add(default);
            var next = s.Next;
            Array.Copy(s.Offsets, next, sentences);
            for (var h = 0; h < hits.Count; h++) ordered[next[sentenceOf[h]]++] = hits[h];

            // Neighbours are the sentences that hold a term: a line of punctuation between two does not part them.
            var held = s.Held;
            held.Clear();
            for (var p = 0; p < sentences; p++)
            {
                if (s.Offsets[p + 1] > s.Offsets[p]) held.Add(p);
            }

            if (held.Count < 2) return false;
            var wholeIds = s.WholeIds;
            wholeIds.Clear();
            wholeIds.AddRange(hitIds);
            var passage = s.Passage;
            var scored = false;
            for (var f = 0; f < held.Count; f++)
            {
                // A sentence with no known term adds nothing to its neighbour but unexplained words.
                if (s.KnownHits[held[f]] == 0) continue;
                var known = 0;
                var weight = 0.0;
                passage.Clear();
                for (var l = f; l < Math.Min(held.Count, f + PassageSentences); l++)
                {
                    var sentence = held[l];
                    if (l > f && s.KnownHits[sentence] == 0) break;
                    known += s.KnownHits[sentence];
                    weight += s.KnownWeight[sentence];
                    for (var h = s.Offsets[sentence]; h < s.Offsets[sentence + 1]; h++) passage.Add(ordered[h]);
                    if (!MeaningIndex.CouldMatch(known, weight)) continue;
                    _meaning.Score(passage, hitIds, minimumScore, entryScore, entryDocument, MeaningIndex.PassageCeiling);
                    scored = true;
                }
            }

            hitIds.Clear();
            hitIds.AddRange(wholeIds);
            return scored;
        }

        // Where each sentence ends (exclusive): after 。！？ or a line break, after . ! ? before a space, and at the end.
        private static void SentenceEnds(string text, List<int> ends)
        {
            ends.Clear();
            var span = text.AsSpan();
            var i = 0;
            while (i < span.Length)
            {
                var at = span.Slice(i).IndexOfAny(SentenceMarks);
                if (at < 0) break;
                i += at + 1;
                var c = span[i - 1];
                if (c == '.' || c == '!' || c == '?')
                {
                    if (i < span.Length && !char.IsWhiteSpace(span[i])) continue;
                }

                ends.Add(i);
            }

            if (ends.Count == 0 || ends[ends.Count - 1] < span.Length) ends.Add(span.Length);
        }

        private static readonly char[] SentenceMarks = { '\u3002', '\uff01', '\uff1f', '\n', '.', '!', '?' };

        private int IndexOf(RemedyEntry entry)
        {
            for (var i = 0; i < _entries.Count; i++)
            {
                if (ReferenceEquals(_entries[i], entry)) return i;
            }

            throw new InvalidOperationException("Entry does not belong to this catalog.");
        }

        private static void AddCode(Dictionary<ulong, List<CodeKey>> codes, string code, int entry)
        {
            var lower = code.ToLowerInvariant();
            var hash = TextFeatures.HashWord(lower);
            if (!codes.TryGetValue(hash, out var list)) codes[hash] = list = new List<CodeKey>();
            list.Add(new CodeKey(lower, entry));
        }

        private int FindCodeIndex(string text, int start, int length) =>
            FindCodeIndex(text, start, length, TextFeatures.Hash(text, start, length, 14695981039346656037UL));

        private int FindCodeIndex(string text, int start, int length, ulong hash)
        {
            if (!_codes.TryGetValue(hash, out var id)) return -1;
            foreach (var key in _codeLists[id])
            {
                if (key.Lower.Length == length && string.CompareOrdinal(text, start, key.Lower, 0, length) == 0) return key.Entry;
            }

            return -1;
        }

        private string MatchedCodeSpelling(int entry, string lower)
        {
            var e = _entries[entry];
            if (string.Equals(e.Code, lower, StringComparison.OrdinalIgnoreCase)) return e.Code;
            foreach (var alias in e.Aliases)
            {
                if (string.Equals(alias, lower, StringComparison.OrdinalIgnoreCase)) return alias;
            }

            return lower;
        }

        private static bool HasNoJapanese(string s)
        {
            foreach (var c in s)
            {
                if (c >= '\u3040') return false;
            }

            return true;
        }

        // The best wording score of each entry so far, highest first: the last result's is the bar to beat.
        private static void InsertDescending(List<double> scores, double score)
        {
            var at = 0;
            while (at < scores.Count && scores[at] >= score) at++;
            scores.Insert(at, score);
        }

        private static void Deduplicate(List<ulong> sorted)
        {
            if (sorted.Count < 2) return;
            var write = 1;
            for (var read = 1; read < sorted.Count; read++)
            {
                if (sorted[read] != sorted[write - 1]) sorted[write++] = sorted[read];
            }

            sorted.RemoveRange(write, sorted.Count - write);
        }

        // The sentences of one text and their hits, for ScorePassages; kept per thread.
        private sealed class PassageScratch
        {
            public PassageScratch(int capacity)
            {
                Offsets = new int[capacity];
                Next = new int[capacity];
                KnownHits = new int[capacity];
                KnownWeight = new double[capacity];
            }

            public int[] Offsets { get; }
            public int[] Next { get; }
            public int[] KnownHits { get; }
            public double[] KnownWeight { get; }
            public List<int> SentenceOf { get; } = new List<int>();
            public List<ConceptHit> Ordered { get; } = new List<ConceptHit>();
            public List<ConceptHit> Passage { get; } = new List<ConceptHit>();
            public List<int> WholeIds { get; } = new List<int>();
            public List<int> Held { get; } = new List<int>();
        }

        // What one match knows about each entry; kept per thread and cleared for each match.
        private sealed class EntryScratch
        {
            public readonly double[] CodeScore;
            public readonly int[] CodeOrder;
            public readonly string?[] CodeText;
            public readonly MatchKind[] CodeKind;
            public readonly double[] MessageScore;
            public readonly int[] MessageDocument;
            public readonly double[] MessageExplained;
            public readonly bool[] MessageFound;
            public readonly double[] MeaningScore;
            public readonly int[] MeaningDocument;

            public EntryScratch(int count)
            {
                Count = count;
                CodeScore = new double[count];
                CodeOrder = new int[count];
                CodeText = new string?[count];
                CodeKind = new MatchKind[count];
                MessageScore = new double[count];
                MessageDocument = new int[count];
                MessageExplained = new double[count];
                MessageFound = new bool[count];
                MeaningScore = new double[count];
                MeaningDocument = new int[count];
            }

            public int Count { get; }

            public void Clear()
            {
                Array.Clear(CodeScore, 0, Count);
                Array.Clear(CodeOrder, 0, Count);
                Array.Clear(CodeText, 0, Count);
                Array.Clear(CodeKind, 0, Count);
                Array.Clear(MessageScore, 0, Count);
                Array.Clear(MessageDocument, 0, Count);
                Array.Clear(MessageExplained, 0, Count);
                Array.Clear(MessageFound, 0, Count);
                Array.Clear(MeaningScore, 0, Count);
                Array.Clear(MeaningDocument, 0, Count);
            }
        }

        private readonly struct CodeKey
        {
            public CodeKey(string lower, int entry)
            {
                Lower = lower;
                Entry = entry;
            }

            public string Lower { get; }
            public int Entry { get; }
        }

        private readonly struct ScoredDocument
        {
            public ScoredDocument(DocumentOverlap overlap, double coverage, double partial, double explained, double bound)
            {
                Overlap = overlap;
                Coverage = coverage;
                Partial = partial;
                Explained = explained;
                Bound = bound;
            }

            public DocumentOverlap Overlap { get; }
            public double Coverage { get; }
            public double Partial { get; }
            public double Explained { get; }
            public double Bound { get; }
        }

        private readonly struct Candidate
        {
            public Candidate(int entry, double score, int codeOrder, double messageScore, double explained, MatchKind kind, string text, int document)
            {
                Document = document;
                Explained = explained;
                Entry = entry;
                Score = score;
                CodeOrder = codeOrder;
                MessageScore = messageScore;
                Kind = kind;
                Text = text;
            }

            public int Entry { get; }
            public double Score { get; }
            public int CodeOrder { get; }
            public double MessageScore { get; }
            public double Explained { get; }
            public MatchKind Kind { get; }
            public string Text { get; }
            public int Document { get; }
        }
    }
}
