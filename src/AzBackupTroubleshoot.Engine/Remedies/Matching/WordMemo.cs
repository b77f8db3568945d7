namespace AzBackupTroubleshoot.Remedies.Matching
{
    /// <summary>
    /// What one reading of a text has already worked out for a word, by the word's hash: pasted JSON
    /// and logs repeat their words (keys, "null", "status"), and stemming and typo folding each only
    /// once per distinct word halves the work on them. Also serves as a set of hashes seen in one text.
    /// Emptied for each text in constant time (by stamp).
    /// </summary>
    internal sealed class WordMemo
    {
        private const ulong Fibonacci = 0x9E3779B97F4A7C15UL;

        private ulong[] _keys = new ulong[512];
        private ulong[] _values = new ulong[512];
        private int[] _stamps = new int[512];
        private int _shift = 64 - 9;
        private int _stamp;
        private int _count;

        /// <summary>Forgets every word.</summary>
        public void Clear()
        {
            _count = 0;
            if (++_stamp == int.MaxValue)
            {
                System.Array.Clear(_stamps, 0, _stamps.Length);
                _stamp = 1;
            }
        }

        // On the path of every word of a text: inlined, though it loops.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public bool TryGet(ulong word, out ulong value)
        {
            var mask = _keys.Length - 1;
            var slot = Slot(word);
            while (_stamps[slot] == _stamp)
            {
                if (_keys[slot] == word)
                {
                    value = _values[slot];
                    return true;
                }

                slot = (slot + 1) & mask;
            }

            value = 0;
            return false;
        }

        /// <summary>Remembers a word not yet remembered since <see cref="Clear"/>.</summary>
        public void Add(ulong word, ulong value)
        {
            if (2 * (_count + 1) > _keys.Length) Grow();
            Put(word, value);
            _count++;
        }

        private void Put(ulong word, ulong value)
        {
            var mask = _keys.Length - 1;
            var slot = Slot(word);
            while (_stamps[slot] == _stamp) slot = (slot + 1) & mask;
            _keys[slot] = word;
            _values[slot] = value;
            _stamps[slot] = _stamp;
        }

        private void Grow()
        {
            var keys = _keys;
            var values = _values;
            var stamps = _stamps;
            var stamp = _stamp;
            _keys = new ulong[keys.Length * 2];
            _values = new ulong[keys.Length * 2];
            _stamps = new int[keys.Length * 2];
            _shift--;
            for (var i = 0; i < keys.Length; i++)
            {
                if (stamps[i] == stamp) Put(keys[i], values[i]);
            }
        }

        // On the path of every word of a text: inlined, though it loops.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private int Slot(ulong word) => (int)((word * Fibonacci) >> _shift);
    }
}
