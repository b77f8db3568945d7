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

        [ThreadStatic] private static double[]? _overlapScratch;
        [ThreadStatic] private static List<int>? _touchedScratch;

        public MessageIndex(IReadOnlyList<KeyValuePair<int, string>> documents)
        {
            var documentFeatures = new List<int[]>(documents.Count);
            var postingLists = new List<List<int>>();
            var buffer = new List<ulong>();
            _documentEntries = new int[documents.Count];
            _documentTexts = new string[documents.Count];

            for (var d = 0; d < documents.Count; d++)
            {
                _documentEntries[d] = documents[d].Key;
                _documentTexts[d] = documents[d].Value;
                buffer.Clear();
                TextFeatures.Extract(TextNormalizer.Normalize(documents[d].Value), buffer, null);
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
