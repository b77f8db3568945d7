using System.Collections.Generic;

namespace AzBackupTroubleshoot.Inventory
{
    /// <summary>
    /// One instance of each equal value a listing repeats (a subnet's or policy's id on thousands of entries, the same
    /// provisioning and agent statuses on most VMs), so what a scan keeps of a listing grows with its distinct values,
    /// not a copy per entry. Lives as long as the listing it is read with; safe for listings read side by side.
    /// </summary>
    internal sealed class SharedValues
    {
        private readonly Dictionary<string, string> _strings = new Dictionary<string, string>();
        private readonly Dictionary<(string?, string?, string?, string?), StatusEntry> _statuses = new Dictionary<(string?, string?, string?, string?), StatusEntry>();

        public string? Share(string? value)
        {
            if (value == null) return null;
            lock (_strings)
            {
                if (_strings.TryGetValue(value, out var shared)) return shared;
                _strings[value] = value;
                return value;
            }
        }

        /// <summary>The one entry with these four values (a status entry never changes once read).</summary>
        public StatusEntry Status(string? code, string? level, string? displayStatus, string? message)
        {
            var key = (Share(code), Share(level), Share(displayStatus), Share(message));
            lock (_statuses)
            {
                if (_statuses.TryGetValue(key, out var shared)) return shared;
                var entry = new StatusEntry(key.Item1, key.Item2, key.Item3, key.Item4);
                _statuses[key] = entry;
                return entry;
            }
        }
    }
}
