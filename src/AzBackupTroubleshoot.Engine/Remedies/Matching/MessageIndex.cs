using System;
using System.Collections.Generic;

namespace AzBackupTroubleshoot.Remedies.Matching
{
    /// <summary>
    /// Inverted index over every catalog message and phrase, with inverse-document-frequency weights,
    /// so that distinctive words ("VSS", "BitLocker", "フリーズ") count for more than common ones.
    /// Immutable after construction; safe to query from many threads.
    /// </summary>
    internal sealed class MessageIndex
    {
        private readonly Dictionary<ulong, int> _featureIds = new Dictionary<ulong, int>();
        private readonly int[][] _postings;
        private readonly double[] _featureWeights;
        private readonly double[] _documentWeights;
        private readonly int[] _documentEntries;
        private readonly string[] _documentTexts;
        private readonly HashSet<ulong>[] _documentAdjacentPairs;

        [ThreadStatic] private static double[]? _overlapScratch;
        [ThreadStatic] private static List<int>? _touchedScratch;

        public MessageIndex(IReadOnlyList<KeyValuePair<int, string>> documents)
        {
            var documentFeatures = new List<int[]>(documents.Count);
            var postingLists = new List<List<int>>();
            var buffer = new List<ulong>();
            _documentEntries = new int[documents.Count];
            _documentTexts = new string[documents.Count];
            _documentAdjacentPairs = new HashSet<ulong>[documents.Count];

            for (var d = 0; d < documents.Count; d++)
            {
                _documentEntries[d] = documents[d].Key;
                _documentTexts[d] = documents[d].Value;
                buffer.Clear();
                TextFeatures.Extract(TextNormalizer.Normalize(documents[d].Value), buffer, null);
                _documentAdjacentPairs[d] = new HashSet<ulong>();
                for (var k = 1; k < buffer.Count; k++) _documentAdjacentPairs[d].Add(AdjacentPair(buffer[k - 1], buffer[k]));
                var ids = new HashSet<int>();
                foreach (var f in buffer)
                {
                    if (!_featureIds.TryGetValue(f, out var id))
                    {
                        id = postingLists.Count;
                        _featureIds.Add(f, id);
                        postingLists.Add(new List<int>());
                    }

                    if (ids.Add(id)) postingLists[id].Add(d);
                }

                documentFeatures.Add(new List<int>(ids).ToArray());
            }

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
        /// How much of the query reads as one unbroken piece of the document: the longest run of the
        /// query's neighbouring features that are neighbours in the document too, as a share of the
        /// query. A truncated paste scores about 1; text that only shares common words or endings
        /// ("バックアップ" + "に失敗しました") scores low.
        /// </summary>
        public double Contiguity(int document, List<ulong> orderedFeatures)
        {
            if (orderedFeatures.Count < 2) return 1.0;
            var pairs = _documentAdjacentPairs[document];
            int run = 0, longest = 0;
            for (var k = 1; k < orderedFeatures.Count; k++)
            {
                if (pairs.Contains(AdjacentPair(orderedFeatures[k - 1], orderedFeatures[k])))
                {
                    run++;
                    if (run > longest) longest = run;
                }
                else
                {
                    run = 0;
                }
            }

            return longest / (double)(orderedFeatures.Count - 1);
        }

        /// <summary>
        /// How much of the document appears in the query in its own order: the share of the document's
        /// neighbouring features that are neighbours in the query. A message pasted inside other text
        /// scores about 1; a short message whose words are scattered through unrelated text scores low.
        /// </summary>
        public double Containment(int document, HashSet<ulong> queryPairs)
        {
            var pairs = _documentAdjacentPairs[document];
            if (pairs.Count == 0) return 1.0;
            var found = 0;
            foreach (var pair in pairs)
            {
                if (queryPairs.Contains(pair)) found++;
            }

            return found / (double)pairs.Count;
        }

        public static void AdjacentPairs(List<ulong> orderedFeatures, HashSet<ulong> into)
        {
            into.Clear();
            for (var k = 1; k < orderedFeatures.Count; k++) into.Add(AdjacentPair(orderedFeatures[k - 1], orderedFeatures[k]));
        }

        private static ulong AdjacentPair(ulong a, ulong b) => (a * 31UL) ^ ((b << 17) | (b >> 47));

        /// <summary>
        /// Scores every document that shares a feature with the query. <paramref name="distinctFeatures"/>
        /// must be free of duplicates. Calls <paramref name="report"/> with
        /// (document, overlap weight, document weight, query weight).
        /// </summary>
        public void Score(List<ulong> distinctFeatures, Action<int, double, double, double> report)
        {
            var overlap = _overlapScratch ??= new double[_documentEntries.Length];
            var touched = _touchedScratch ??= new List<int>();
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

            foreach (var d in touched)
            {
                report(d, overlap[d], _documentWeights[d], queryWeight);
                overlap[d] = 0;
            }
        }
    }
}
