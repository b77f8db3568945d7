using System;
using System.Collections.Generic;
using System.Linq;

namespace AzBackupTroubleshoot.Remedies.Matching
{
    /// <summary>
    /// Scores how much an error text is about each catalog message, by the concepts both contain
    /// (see <see cref="ConceptExtractor"/>), regardless of wording, word order and particles. Each
    /// message is indexed whole and by its head (the part before Azure's " - " advice or its first
    /// sentence), because people retell the error, not the advice. Immutable after construction.
    /// </summary>
    internal sealed class MeaningIndex
    {
        // A retold message ranks below Azure's own words.
        private const double Ceiling = 0.95;
        /// <summary>
        /// A retelling found in one passage of a longer text ranks below one the whole text makes: the rest of the
        /// text is left unexplained, and one sentence alone carries less context than the whole.
        /// </summary>
        public const double PassageCeiling = 0.85;
        // One shared term, however rare, is a coincidence, not a retelling.
        private const int MinimumSharedTerms = 2;
        // Terms weigh by the square of their rarity (log inverse entry frequency), so that the key
        // terms of a message ("VSS", "BitLocker", "共有") decide it and the words every message has
        // ("failed", "backup", "VM") barely count.
        private const double WeightPower = 2.0;
        // Shared weight needed before a match is trusted: about two distinctive terms.
        private const double MinimumEvidence = 6.5;
        // About the shared weight of a whole message matched, for bounding scores cheaply (any value is correct).
        private const double TypicalSharedWeight = 4 * MinimumEvidence;
        // Below this weight a term is in most messages (more than about 60% of entries).
        private const double CommonTermWeight = 1.0;
        // Words the catalog never uses still count against a match, but less than a key term:
        // people add their own words around the error.
        private const double UnknownWordWeight = 4.0;
        private const double UnknownJapaneseFragmentWeight = 0.8;
        // How much of the message is found weighs more than how much of the text it explains.
        private const double CoverageExponent = 0.7;
        // A text that names one key term of a contrast is not about an entry that names only another.
        private const double ContrastPenalty = 0.55;
        // A message that names a key term of a contrast the text leaves unsaid is only probably meant:
        // its confusable partner scores the same, and both come back as honest runners-up.
        private const double UnsaidContrastPenalty = 0.85;

        private readonly HashIdMap _ids;
        private readonly int[][] _postings;
        private readonly double[] _weights;
        private readonly int[][] _documentConcepts;
        private readonly double[] _documentWeights;
        private readonly int[] _documentEntries;
        private readonly string[] _documentTexts;
        private readonly ulong[] _contrastBits;
        private readonly ulong[] _entryContrasts;
        private readonly ulong[] _contrastSets;
        private readonly ulong[] _documentContrasts;
        private readonly bool[] _unsaidLowers;
        private readonly double[][] _documentContrastWeights;

        private const byte NotInDocument = 0;
        private const byte InDocument = 1;
        private const byte Counted = 2;

        [ThreadStatic] private static Scratch? _scratch;

        public MeaningIndex(IReadOnlyList<RemedyEntry> entries, IReadOnlyList<KeyValuePair<int, string>> messages, ConceptExtractor extractor, TermLexicon lexicon)
        {
            var documents = new List<KeyValuePair<int, string>>(messages);
            var seen = new HashSet<string>(messages.Select(m => m.Key + "\u0001" + m.Value), StringComparer.Ordinal);
            foreach (var m in messages)
            {
                foreach (var head in Heads(m.Value))
                {
                    if (seen.Add(m.Key + "\u0001" + head)) documents.Add(new KeyValuePair<int, string>(m.Key, head));
                }
            }

            var ids = new Dictionary<ulong, int>();
            var hits = new List<ConceptHit>();
            var postings = new List<List<int>>();
            var entryFrequency = new List<HashSet<int>>();
            _documentConcepts = new int[documents.Count][];
            _documentEntries = new int[documents.Count];
            _documentTexts = new string[documents.Count];
            for (var d = 0; d < documents.Count; d++)
            {
                _documentEntries[d] = documents[d].Key;
                _documentTexts[d] = documents[d].Value;
                hits.Clear();
                extractor.Extract(TextNormalizer.Normalize(documents[d].Value), hits, false);
                var inDocument = new SortedSet<int>();
                foreach (var h in hits)
                {
                    if (!ids.TryGetValue(h.Concept, out var id))
                    {
                        id = postings.Count;
                        ids[h.Concept] = id;
                        postings.Add(new List<int>());
                        entryFrequency.Add(new HashSet<int>());
                    }

                    if (inDocument.Add(id)) postings[id].Add(d);
                    entryFrequency[id].Add(documents[d].Key);
                }

                _documentConcepts[d] = inDocument.ToArray();
            }

            _ids = new HashIdMap(ids);

            var entryCount = Math.Max(1, documents.Select(x => x.Key).Distinct().Count());
            _postings = postings.Select(p => p.ToArray()).ToArray();
            _weights = entryFrequency.Select(f => Math.Pow(Math.Log(1 + entryCount / (double)f.Count), WeightPower)).ToArray();
            _documentWeights = _documentConcepts.Select(c => c.Sum(id => _weights[id])).ToArray();

            // Contrast terms become bits; an entry holds the bits of the terms its messages use, plus the
            // ones its os and phase imply (a Windows-only entry is about Windows even when unsaid).
            var bitOf = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var t in lexicon.Contrasts.SelectMany(c => c.Terms).Distinct())
            {
                if (bitOf.Count < 64) bitOf[t] = bitOf.Count;
            }

            _contrastBits = new ulong[_weights.Length];
            foreach (var t in bitOf)
            {
                if (_ids.TryGetValue(ConceptExtractor.TermConcept(t.Key), out var id)) _contrastBits[id] = 1UL << t.Value;
            }

            _unsaidLowers = lexicon.Contrasts.Select(c => c.UnsaidLowersScore).ToArray();
            _contrastSets = lexicon.Contrasts.Select(c => c.Terms.Where(bitOf.ContainsKey).Aggregate(0UL, (m, t) => m | (1UL << bitOf[t]))).ToArray();
            _entryContrasts = new ulong[entries.Count];
            for (var e = 0; e < entries.Count; e++)
            {
                if (bitOf.TryGetValue(entries[e].OperatingSystem, out var os)) _entryContrasts[e] |= 1UL << os;
                if (bitOf.TryGetValue(entries[e].Phase, out var phase)) _entryContrasts[e] |= 1UL << phase;
            }

            _documentContrasts = new ulong[documents.Count];
            _documentContrastWeights = new double[documents.Count][];
            for (var d = 0; d < documents.Count; d++)
            {
                _documentContrastWeights[d] = new double[_contrastSets.Length];
                foreach (var id in _documentConcepts[d])
                {
                    _documentContrasts[d] |= _contrastBits[id];
                    for (var k = 0; k < _contrastSets.Length; k++)
                    {
                        if ((_contrastBits[id] & _contrastSets[k]) != 0) _documentContrastWeights[d][k] += _weights[id];
                    }
                }

                _entryContrasts[_documentEntries[d]] |= _documentContrasts[d];
            }
        }

        public string TextOf(int document) => _documentTexts[document];

        /// <summary>The weight of a concept by the number <see cref="Score"/> gives it in hitIds.</summary>
        public double WeightOf(int id) => _weights[id];

        /// <summary>
        /// Whether hits with this many known concepts of this total weight (repeats counted: an upper bound) could
        /// score against any message: a document shares at most these.
        /// </summary>
        public static bool CouldMatch(int knownHits, double knownWeight) =>
            knownHits >= MinimumSharedTerms && knownWeight >= MinimumEvidence * 0.5;

        /// <summary>
        /// For each entry, the best score of its messages (0 when none shares a concept) and which
        /// message. Scores below <paramref name="minimumScore"/> are not needed: they may be left lower.
        /// <paramref name="hitIds"/> receives each hit's concept number (-1 when no message has it).
        /// </summary>
        /// <returns>The contrast terms the text names, for <see cref="ContrastFactor(ulong, int)"/>.</returns>
        public ulong Score(List<ConceptHit> hits, List<int> hitIds, double minimumScore, double[] entryScore, int[] entryDocument, double ceiling = Ceiling)
        {
            var s = _scratch ??= new Scratch(_documentEntries.Length, _weights.Length);
            var overlap = s.Overlap;
            var sharedCount = s.SharedCount;
            var touched = s.Touched;
            var query = s.Query;
            var unknown = s.Unknown;
            var seenStamp = s.SeenStamp;
            var weights = _weights;
            var postings = _postings;
            var stamp = s.NextStamp();
            touched.Clear();
            query.Clear();
            unknown.Clear();
            hitIds.Clear();

            var queryWeight = 0.0;
            var queryContrasts = 0UL;
            foreach (var h in hits)
            {
                var known = _ids.TryGetValue(h.Concept, out var id);
                hitIds.Add(known ? id : -1);
                if (known)
                {
                    if (seenStamp[id] == stamp) continue;
                    seenStamp[id] = stamp;
                    query.Add(id);
                    queryWeight += weights[id];
                    queryContrasts |= _contrastBits[id];
                }
                else if (!unknown.TryGet(h.Concept, out _))
                {
                    unknown.Add(h.Concept, 0);
                    queryWeight += h.IsJapaneseFragment ? UnknownJapaneseFragmentWeight : UnknownWordWeight;
                }
            }

            if (query.Count == 0) return queryContrasts;
            // Words nearly every message has ("failed", "backup") cannot make a match alone: they are
            // added only to documents a distinctive term has already found.
            var common = 0;
            for (var q = 0; q < query.Count; q++)
            {
                var id = query[q];
                var w = weights[id];
                if (w < CommonTermWeight)
                {
                    query[q] = query[common];
                    query[common++] = id;
                    continue;
                }

                foreach (var d in postings[id])
                {
                    if (sharedCount[d] == 0) touched.Add(d);
                    overlap[d] += w;
                    sharedCount[d]++;
                }
            }

            for (var k = 0; k < common; k++)
            {
                var w = weights[query[k]];
                foreach (var d in postings[query[k]])
                {
                    if (sharedCount[d] == 0) continue;
                    overlap[d] += w;
                    sharedCount[d]++;
                }
            }

            // A contrast term the text leaves unsaid neither counts for nor against a message here
            // (the unsaid factor marks both partners down alike), so that confusable partners score
            // alike whatever the rarity of their terms.
            var unsaid = s.Unsaid;
            unsaid.Clear();
            for (var k = 0; k < _contrastSets.Length; k++)
            {
                if (_unsaidLowers[k] && (queryContrasts & _contrastSets[k]) == 0) unsaid.Add(k);
            }

            // The powers below cost more than the rest of a match together, so they are skipped where an
            // upper bound shows the score cannot count. By weighted AM-GM, for any scale t > 0:
            // c^0.7·x^0.3 = t^0.3·c^0.7·(x/t)^0.3 <= t^0.3·(0.7·c + 0.3·x/t); a scale near the share of a
            // long text that a message can explain keeps the bound tight.
            var scale = Math.Min(1.0, TypicalSharedWeight / queryWeight);
            var scalePower = Math.Pow(scale, 1 - CoverageExponent);
            foreach (var d in touched)
            {
                var shared = overlap[d];
                var terms = sharedCount[d];
                overlap[d] = 0;
                sharedCount[d] = 0;
                if (terms < MinimumSharedTerms || shared < MinimumEvidence * 0.5) continue;
                var documentWeight = _documentWeights[d];
                foreach (var k in unsaid) documentWeight -= _documentContrastWeights[d][k];
                var coverage = Math.Min(1.0, shared / documentWeight);
                var explained = shared / queryWeight;
                var entry = _documentEntries[d];
                var evidence = Math.Min(1.0, shared / MinimumEvidence);
                var uncontrasted = ceiling * scalePower * (CoverageExponent * coverage + (1 - CoverageExponent) * explained / scale) * evidence;
                // The contrast factor is at most 1, so a bound that fails without it fails with it too.
                if (uncontrasted * (1 + 1e-9) < minimumScore || uncontrasted * (1 + 1e-9) < entryScore[entry]) continue;
                var contrast = ContrastFactor(queryContrasts, entry, d);
                var bound = uncontrasted * contrast * (1 + 1e-9);
                if (bound < minimumScore || bound < entryScore[entry]) continue;
                var score = ceiling * Math.Pow(coverage, CoverageExponent) * Math.Pow(explained, 1 - CoverageExponent) * evidence;
                score *= contrast;
                if (score > entryScore[entry])
                {
                    entryScore[entry] = score;
                    entryDocument[entry] = d;
                }
            }

            return queryContrasts;
        }

        /// <summary>
        /// The words of the text that the document shares, most distinctive first, as the user wrote
        /// them (Japanese pairs of one word joined again). <paramref name="hitIds"/> is what
        /// <see cref="Score"/> filled in for the same hits.
        /// </summary>
        public IReadOnlyList<string> SharedTerms(string normalized, List<ConceptHit> hits, List<int> hitIds, int document, int max)
        {
            var s = _scratch ??= new Scratch(_documentEntries.Length, _weights.Length);
            var concepts = _documentConcepts[document];
            // Each of the document's concepts counts its weight once, at its first hit.
            foreach (var id in concepts) s.TermState[id] = InDocument;
            var spans = s.Spans;
            spans.Clear();
            // Hits come in text order; a sort is needed only where one is out of it.
            var inOrder = true;
            for (var k = 0; k < hits.Count; k++)
            {
                var id = hitIds[k];
                if (id < 0 || s.TermState[id] == NotInDocument) continue;
                var weight = s.TermState[id] == InDocument ? _weights[id] : 0.0;
                s.TermState[id] = Counted;
                if (spans.Count > 0 && hits[k].Start < spans[spans.Count - 1].Start) inOrder = false;
                spans.Add((hits[k].Start, hits[k].Start + hits[k].Length, weight));
            }

            foreach (var id in concepts) s.TermState[id] = NotInDocument;
            if (!inOrder) spans.Sort((a, b) => a.Start.CompareTo(b.Start));
            var merged = s.Merged;
            merged.Clear();
            foreach (var span in spans)
            {
                if (merged.Count > 0 && span.Start < merged[merged.Count - 1].End)
                {
                    var last = merged[merged.Count - 1];
                    merged[merged.Count - 1] = (last.Start, Math.Max(last.End, span.End), last.Weight + span.Weight, last.Order);
                }
                else
                {
                    merged.Add((span.Start, span.End, span.Weight, merged.Count));
                }
            }

            merged.RemoveAll(m => m.Weight <= 0);
            merged.Sort((a, b) => a.Weight != b.Weight ? b.Weight.CompareTo(a.Weight) : a.Order.CompareTo(b.Order));
            var terms = new List<string>(Math.Min(max, merged.Count));
            foreach (var m in merged)
            {
                if (terms.Count >= max) break;
                var text = normalized.Substring(m.Start, m.End - m.Start).Trim();
                if (!terms.Contains(text)) terms.Add(text);
            }

            return terms;
        }

        /// <summary>How far the contrast terms lower a match of this document for a text naming <paramref name="query"/>.</summary>
        public double ContrastFactor(ulong query, int document) => ContrastFactor(query, _documentEntries[document], document);

        private double ContrastFactor(ulong query, int entryIndex, int documentIndex)
        {
            var entry = _entryContrasts[entryIndex];
            var document = _documentContrasts[documentIndex];
            var factor = 1.0;
            for (var k = 0; k < _contrastSets.Length; k++)
            {
                var set = _contrastSets[k];
                var q = query & set;
                var e = entry & set;
                if (q != 0 && e != 0 && (q & e) == 0) return ContrastPenalty;
                if (q == 0 && _unsaidLowers[k] && (document & set) != 0) factor = UnsaidContrastPenalty;
            }

            return factor;
        }

        // The error itself, without Azure's advice: before " - ", and the first sentence.
        private static IEnumerable<string> Heads(string message)
        {
            var dash = message.IndexOf(" - ", StringComparison.Ordinal);
            if (dash > 0) yield return message.Substring(0, dash).Trim();
            var head = dash > 0 ? message.Substring(0, dash) : message;
            var sentence = FirstSentenceEnd(head);
            if (sentence > 0 && sentence < head.Trim().Length - 1) yield return head.Substring(0, sentence + 1).Trim();
        }

        private static int FirstSentenceEnd(string s)
        {
            for (var i = 0; i < s.Length - 1; i++)
            {
                if (s[i] == '。') return i;
                if (s[i] == '.' && s[i + 1] == ' ') return i;
            }

            return -1;
        }

        // One thread's working state, indexed by document and by concept; left cleared between queries.
        private sealed class Scratch
        {
            public readonly double[] Overlap;
            public readonly int[] SharedCount;
            public readonly int[] SeenStamp;
            public readonly byte[] TermState;
            public readonly List<int> Touched = new List<int>();
            public readonly List<int> Query = new List<int>();
            public readonly List<int> Unsaid = new List<int>();
            // Concepts no message has, seen so far in this text.
            public readonly WordMemo Unknown = new WordMemo();
            public readonly List<(int Start, int End, double Weight)> Spans = new List<(int Start, int End, double Weight)>();
            public readonly List<(int Start, int End, double Weight, int Order)> Merged = new List<(int Start, int End, double Weight, int Order)>();
            private int _stamp;

            public Scratch(int documents, int concepts)
            {
                Overlap = new double[documents];
                SharedCount = new int[documents];
                SeenStamp = new int[concepts];
                TermState = new byte[concepts];
            }

            public int NextStamp()
            {
                if (++_stamp == int.MaxValue)
                {
                    Array.Clear(SeenStamp, 0, SeenStamp.Length);
                    _stamp = 1;
                }

                return _stamp;
            }
        }
    }
}
