using System;
using System.Collections.Generic;

namespace AzBackupTroubleshoot.Remedies.Matching
{
    /// <summary>What one document shares with a query: feature weight, and how much of it is in the document's order.</summary>
    internal readonly struct DocumentOverlap
    {
        public DocumentOverlap(int document, double overlap, double documentWeight, double containment, double contiguity)
        {
            Document = document;
            Overlap = overlap;
            DocumentWeight = documentWeight;
            Containment = containment;
            Contiguity = contiguity;
        }

        public int Document { get; }
        public double Overlap { get; }
        public double DocumentWeight { get; }

        /// <summary>
        /// How much of the document appears in the query in its own order: the share of the document's
        /// neighbouring features that are neighbours in the query. A message pasted inside other text
        /// scores about 1; a short message whose words are scattered through unrelated text scores low.
        /// </summary>
        public double Containment { get; }

        /// <summary>
        /// How much of the query reads as one unbroken piece of the document: the longest run of the
        /// query's neighbouring features that are neighbours in the document too, as a share of the
        /// query. A truncated paste scores about 1; text that only shares common words or endings
        /// ("バックアップ" + "に失敗しました") scores low.
        /// </summary>
        public double Contiguity { get; }
    }

    /// <summary>
    /// Inverted index over every catalog message and phrase, with inverse-document-frequency weights,
    /// so that distinctive words ("VSS", "BitLocker", "フリーズ") count for more than common ones.
    /// Neighbouring feature pairs are indexed the same way, so word order is checked by walking the
    /// query's pairs once rather than each document's pairs. Immutable after construction; safe to
    /// query from many threads.
    /// </summary>
    internal sealed class MessageIndex
    {
        private readonly HashIdMap _featureIds;
        private readonly int[][] _postings;
        private readonly double[] _featureWeights;
        private readonly double[] _documentWeights;
        private readonly int[] _documentEntries;
        private readonly string[] _documentTexts;
        private readonly HashIdMap _pairIds;
        private readonly int[][] _pairPostings;
        private readonly int[] _documentPairCounts;

        [ThreadStatic] private static Scratch? _scratch;

        public MessageIndex(IReadOnlyList<KeyValuePair<int, string>> documents)
        {
            var featureIds = new Dictionary<ulong, int>();
            var pairIds = new Dictionary<ulong, int>();
            var documentFeatures = new List<int[]>(documents.Count);
            var postingLists = new List<List<int>>();
            var pairLists = new List<List<int>>();
            var buffer = new List<ulong>();
            _documentEntries = new int[documents.Count];
            _documentTexts = new string[documents.Count];
            _documentPairCounts = new int[documents.Count];

            for (var d = 0; d < documents.Count; d++)
            {
                _documentEntries[d] = documents[d].Key;
                _documentTexts[d] = documents[d].Value;
                buffer.Clear();
                TextFeatures.Extract(TextNormalizer.Normalize(documents[d].Value), buffer, null);
                for (var k = 1; k < buffer.Count; k++)
                {
                    var pair = AdjacentPair(buffer[k - 1], buffer[k]);
                    if (!pairIds.TryGetValue(pair, out var pid))
                    {
                        pid = pairLists.Count;
                        pairIds.Add(pair, pid);
                        pairLists.Add(new List<int>());
                    }

                    var list = pairLists[pid];
                    if (list.Count > 0 && list[list.Count - 1] == d) continue;
                    list.Add(d);
                    _documentPairCounts[d]++;
                }

                var ids = new HashSet<int>();
                foreach (var f in buffer)
                {
                    if (!featureIds.TryGetValue(f, out var id))
                    {
                        id = postingLists.Count;
                        featureIds.Add(f, id);
                        postingLists.Add(new List<int>());
                    }

                    if (ids.Add(id)) postingLists[id].Add(d);
                }

                documentFeatures.Add(new List<int>(ids).ToArray());
            }

            _featureIds = new HashIdMap(featureIds);
            _pairIds = new HashIdMap(pairIds);
            _pairPostings = new int[pairLists.Count][];
            for (var p = 0; p < pairLists.Count; p++) _pairPostings[p] = pairLists[p].ToArray();
            _postings = new int[postingLists.Count][];
            _featureWeights = new double[postingLists.Count];
            var n = (double)documents.Count;
            for (var f = 0; f < postingLists.Count; f++)
            {
                _postings[f] = postingLists[f].ToArray();
                _featureWeights[f] = Math.Log(1 + n / postingLists[f].Count);
            }

            UnknownFeatureWeight = Math.Log(1 + n);
            _documentWeights = new double[documents.Count];
            for (var d = 0; d < documents.Count; d++)
            {
                foreach (var f in documentFeatures[d]) _documentWeights[d] += _featureWeights[f];
            }
        }

        public int DocumentCount => _documentEntries.Length;

        /// <summary>A feature no catalog message has counts as fully distinctive: it is text the catalog cannot explain.</summary>
        public double UnknownFeatureWeight { get; }

        public int EntryOf(int document) => _documentEntries[document];

        public string TextOf(int document) => _documentTexts[document];

        /// <summary>
        /// Every document that shares a feature with the query, in the order the query's features
        /// first reach them. <paramref name="distinctFeatures"/> must be free of duplicates;
        /// <paramref name="orderedFeatures"/> are the same features in text order, duplicates kept.
        /// </summary>
        /// <returns>The query's weight: its known features' weights plus the unknown feature weight for each other feature.</returns>
        public double Score(List<ulong> distinctFeatures, List<ulong> orderedFeatures, List<DocumentOverlap> into)
        {
            var s = _scratch ??= new Scratch(_documentEntries.Length, _pairPostings.Length);
            // The scratch arrays in locals: a store to one array would otherwise make the JIT reload every field.
            var overlap = s.Overlap;
            var pairsFound = s.PairsFound;
            var run = s.Run;
            var longestRun = s.LongestRun;
            var lastPair = s.LastPair;
            var pairStamp = s.PairStamp;
            var touched = s.Touched;
            touched.Clear();

            var queryWeight = 0.0;
            foreach (var feature in distinctFeatures)
            {
                if (!_featureIds.TryGetValue(feature, out var id))
                {
                    queryWeight += UnknownFeatureWeight;
                    continue;
                }

                var w = _featureWeights[id];
                queryWeight += w;
                foreach (var d in _postings[id])
                {
                    if (overlap[d] == 0) touched.Add(d);
                    overlap[d] += w;
                }
            }

            // Word order: a document holding a pair also holds both its features, so it is among the touched.
            var stamp = s.NextStamp();
            for (var k = 1; k < orderedFeatures.Count; k++)
            {
                if (!_pairIds.TryGetValue(AdjacentPair(orderedFeatures[k - 1], orderedFeatures[k]), out var pid)) continue;
                var firstTime = pairStamp[pid] != stamp;
                pairStamp[pid] = stamp;
                foreach (var d in _pairPostings[pid])
                {
                    if (firstTime) pairsFound[d]++;
                    var length = lastPair[d] == k - 1 ? run[d] + 1 : 1;
                    run[d] = length;
                    lastPair[d] = k;
                    if (length > longestRun[d]) longestRun[d] = length;
                }
            }

            foreach (var d in touched)
            {
                var pairs = _documentPairCounts[d];
                var containment = pairs == 0 ? 1.0 : pairsFound[d] / (double)pairs;
                var contiguity = orderedFeatures.Count < 2 ? 1.0 : longestRun[d] / (double)(orderedFeatures.Count - 1);
                into.Add(new DocumentOverlap(d, overlap[d], _documentWeights[d], containment, contiguity));
                s.Reset(d);
            }

            return queryWeight;
        }

        private static ulong AdjacentPair(ulong a, ulong b) => (a * 31UL) ^ ((b << 17) | (b >> 47));

        // One thread's working arrays, indexed by document (and pair); left zeroed between queries.
        private sealed class Scratch
        {
            public readonly double[] Overlap;
            public readonly int[] PairsFound;
            public readonly int[] Run;
            public readonly int[] LongestRun;
            public readonly int[] LastPair;
            public readonly int[] PairStamp;
            public readonly List<int> Touched = new List<int>();
            private int _stamp;

            public Scratch(int documents, int pairs)
            {
                Overlap = new double[documents];
                PairsFound = new int[documents];
                Run = new int[documents];
                LongestRun = new int[documents];
                LastPair = new int[documents];
                PairStamp = new int[pairs];
                for (var d = 0; d < documents; d++) LastPair[d] = -1;
            }

            public int NextStamp()
            {
                if (++_stamp == int.MaxValue)
                {
                    Array.Clear(PairStamp, 0, PairStamp.Length);
                    _stamp = 1;
                }

                return _stamp;
            }

            public void Reset(int d)
            {
                Overlap[d] = 0;
                PairsFound[d] = 0;
                Run[d] = 0;
                LongestRun[d] = 0;
                LastPair[d] = -1;
            }
        }
    }
}
