using System;
using System.Collections.Generic;

namespace AzBackupTroubleshoot.Guest
{
    public enum FileSystemState
    {
        Unknown,
        Clean,
        NotClean,
        WithErrors,
    }

    /// <summary>Reads `tune2fs -l` output: "Name:   value" lines, and the file system state among them.</summary>
    public static class Tune2fsParser
    {
        public const string StateField = "Filesystem state";

        /// <summary>Every "Name: value" line; a value cut at the end of the text is kept as it arrived.</summary>
        public static IReadOnlyDictionary<string, string> Parse(string? text)
        {
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var raw in (text ?? "").Replace("\r\n", "\n").Split('\n'))
            {
                var colon = raw.IndexOf(':');
                if (colon <= 0) continue;
                var name = raw.Substring(0, colon).Trim();
                if (name.Length == 0 || fields.ContainsKey(name)) continue;
                fields[name] = raw.Substring(colon + 1).Trim();
            }

            return fields;
        }

        /// <summary>The state of a whole `tune2fs -l` output or of its "Filesystem state:" line alone.</summary>
        public static FileSystemState ReadState(string? text)
        {
            var fields = Parse(text);
            return fields.TryGetValue(StateField, out var state) ? Classify(state) : FileSystemState.Unknown;
        }

        /// <summary>"clean", "not clean", "clean with errors", "not clean with errors"; anything else is Unknown.</summary>
        public static FileSystemState Classify(string? state)
        {
            var s = (state ?? "").Trim().ToLowerInvariant();
            if (s.EndsWith("with errors", StringComparison.Ordinal)) return FileSystemState.WithErrors;
            if (s == "not clean") return FileSystemState.NotClean;
            if (s == "clean") return FileSystemState.Clean;
            return FileSystemState.Unknown;
        }
    }
}
