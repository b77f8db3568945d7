using System.Collections.Generic;

namespace AzBackupTroubleshoot.Remedies.Matching
{
    /// <summary>
    /// A frozen map from a 64-bit feature hash to a number (0 or more): open addressing with linear
    /// probing. Reading a long paste looks up a couple of thousand hashes; this does each in a few
    /// nanoseconds, where a Dictionary pays for its comparer and its buckets. Immutable once built.
    /// </summary>
    internal sealed class HashIdMap
    {
        private const ulong Fibonacci = 0x9E3779B97F4A7C15UL;

        private readonly ulong[] _keys;
        // -1 marks an empty slot, so every value stored is 0 or more.
        private readonly int[] _values;
        private readonly int _mask;
        private readonly int _shift;

        public HashIdMap(IReadOnlyDictionary<ulong, int> entries)
        {
            var bits = 4;
            while ((1 << bits) < entries.Count * 2) bits++;
            _keys = new ulong[1 << bits];
            _values = new int[1 << bits];
            _mask = (1 << bits) - 1;
            _shift = 64 - bits;
            for (var i = 0; i < _values.Length; i++) _values[i] = -1;
            foreach (var e in entries)
            {
                if (e.Value < 0) throw new System.ArgumentOutOfRangeException(nameof(entries), "Values must be 0 or more.");
                var slot = Slot(e.Key);
                while (_values[slot] >= 0) slot = (slot + 1) & _mask;
                _keys[slot] = e.Key;
                _values[slot] = e.Value;
            }

            Count = entries.Count;
        }

        public int Count { get; }

        /// <summary>A set: every key maps to 0.</summary>
        public static HashIdMap Set(IEnumerable<ulong> keys)
        {
            var entries = new Dictionary<ulong, int>();
            foreach (var k in keys) entries[k] = 0;
            return new HashIdMap(entries);
        }

        // On the path of every word of a text: inlined, though it loops.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public bool Contains(ulong key) => TryGetValue(key, out _);

        // On the path of every word of a text: inlined, though it loops.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public bool TryGetValue(ulong key, out int value)
        {
            var slot = Slot(key);
            while (true)
            {
                var v = _values[slot];
                if (v < 0 || _keys[slot] == key)
                {
                    value = v;
                    return v >= 0;
                }

                slot = (slot + 1) & _mask;
            }
        }

        // On the path of every word of a text: inlined, though it loops.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private int Slot(ulong key) => (int)((key * Fibonacci) >> _shift);
    }
}
