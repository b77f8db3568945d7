using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using AzBackupTroubleshoot.Localization;

namespace AzBackupTroubleshoot.Guest
{
    /// <summary>One "key=value" line of a guest script; multi-part values are separated by '|'.</summary>
    public sealed class GuestFact
    {
        public GuestFact(string key, string value)
        {
            Key = key;
            Value = value;
        }

        public string Key { get; }
        public string Value { get; }

        /// <summary>The value cut at '|' into at most <paramref name="count"/> parts (the last keeps the rest).</summary>
        public string[] Fields(int count) => Value.Split(new[] { '|' }, count);

        /// <summary>Part <paramref name="index"/> of the value, or "" when it has fewer parts.</summary>
        public string Field(int index, int count)
        {
            var f = Fields(count);
            return index < f.Length ? f[index].Trim() : "";
        }

        public override string ToString() => Key + "=" + Value;
    }

    /// <summary>What a guest script printed, read line by line; says whether it arrived whole.</summary>
    public sealed class GuestOutput
    {
        internal GuestOutput(int? formatVersion, string? os, bool hasHeader, int? declaredCount, IReadOnlyList<GuestFact> facts, IReadOnlyList<string> garbled, string tail)
        {
            FormatVersion = formatVersion;
            Os = os;
            HasHeader = hasHeader;
            DeclaredCount = declaredCount;
            Facts = facts;
            Garbled = garbled;
            Tail = tail;
        }

        public int? FormatVersion { get; }
        /// <summary>"windows" or "linux" as the header says.</summary>
        public string? Os { get; }
        public bool HasHeader { get; }
        public bool HasEnd => DeclaredCount.HasValue;
        /// <summary>The number of facts the end line says were printed.</summary>
        public int? DeclaredCount { get; }
        public IReadOnlyList<GuestFact> Facts { get; }
        /// <summary>Lines between header and end that are not facts.</summary>
        public IReadOnlyList<string> Garbled { get; }
        /// <summary>The end of the raw output (at most 300 characters), for evidence.</summary>
        public string Tail { get; }

        /// <summary>Header, end line, fact count and format all as expected: no line was lost or mangled.</summary>
        public bool IsComplete => HasHeader && HasEnd && FormatVersion == GuestScripts.FormatVersion && DeclaredCount == Facts.Count && Garbled.Count == 0;

        public bool IsSupportedFormat => FormatVersion == GuestScripts.FormatVersion;

        /// <summary>Why the output cannot be trusted whole, or null when <see cref="IsComplete"/>.</summary>
        public LocalizedText? Problem
        {
            get
            {
                if (Facts.Count == 0 && !HasHeader && !HasEnd)
                    return new LocalizedText("The guest script printed nothing recognisable.", "ゲスト スクリプトの出力に読み取れる内容がありません。");
                if (HasHeader && !IsSupportedFormat)
                    return new LocalizedText($"The guest script printed output format {FormatVersion?.ToString(CultureInfo.InvariantCulture) ?? "?"}, which this version does not read.", $"ゲスト スクリプトの出力形式 {FormatVersion?.ToString(CultureInfo.InvariantCulture) ?? "?"} はこのバージョンでは読めません。");
                if (!HasHeader)
                    return new LocalizedText("The start of the guest output is missing (Run Command keeps only the last 4,096 bytes).", "ゲスト出力の先頭が欠けています (Run Command は最後の 4,096 バイトしか返しません)。");
                if (!HasEnd)
                    return new LocalizedText("The guest script stopped before its end line.", "ゲスト スクリプトが終了行の前で止まりました。");
                if (Garbled.Count > 0)
                    return new LocalizedText($"{Garbled.Count} line(s) of the guest output could not be read.", $"ゲスト出力の {Garbled.Count} 行を読み取れませんでした。");
                if (DeclaredCount != Facts.Count)
                    return new LocalizedText($"The guest script printed {DeclaredCount} facts but {Facts.Count} arrived.", $"ゲスト スクリプトは {DeclaredCount} 件を出力しましたが、届いたのは {Facts.Count} 件です。");
                return null;
            }
        }

        public GuestFact? First(string key) => Facts.FirstOrDefault(f => f.Key.Equals(key, StringComparison.OrdinalIgnoreCase));

        public string? Value(string key) => First(key)?.Value;

        public IEnumerable<GuestFact> All(string key) => Facts.Where(f => f.Key.Equals(key, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Reads the output of the guest scripts. Never throws on bad input: it reports what is wrong.</summary>
    public static class GuestOutputParser
    {
        private static readonly Regex Header = new Regex(@"^AZBT-GUEST\s+(\d+)\s*(\S*)\s*$", RegexOptions.CultureInvariant);
        private static readonly Regex End = new Regex(@"^AZBT-END\s+(\d+)\s*$", RegexOptions.CultureInvariant);
        private static readonly Regex FactLine = new Regex(@"^([A-Za-z][A-Za-z0-9._-]*)=(.*)$", RegexOptions.CultureInvariant);

        public static GuestOutput Parse(string? text)
        {
            text ??= "";
            var lines = text.Replace("\r\n", "\n").Split('\n');
            var facts = new List<GuestFact>();
            var garbled = new List<string>();
            int? version = null, declared = null;
            string? os = null;
            var hasHeader = false;
            // Run Command keeps the end of the output: without a header the first line may be cut in the middle.
            var start = 0;
            var headerAt = Array.FindLastIndex(lines, l => l.StartsWith("AZBT-GUEST", StringComparison.Ordinal));
            if (headerAt >= 0)
            {
                var m = Header.Match(lines[headerAt].Trim());
                hasHeader = true;
                if (m.Success)
                {
                    version = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                    os = m.Groups[2].Value.Length == 0 ? null : m.Groups[2].Value.ToLowerInvariant();
                }
                else
                {
                    garbled.Add(lines[headerAt]);
                }

                start = headerAt + 1;
            }
            else if (lines.Length > 0)
            {
                start = 1;
            }

            // A last line without its line break may have been cut in the middle: not a fact.
            var end0 = lines.Length;
            if (lines.Length > 0 && lines[lines.Length - 1].Length > 0 && !lines[lines.Length - 1].StartsWith("AZBT-END", StringComparison.Ordinal))
            {
                garbled.Add(lines[lines.Length - 1]);
                end0 = lines.Length - 1;
            }

            for (var i = start; i < end0; i++)
            {
                var line = lines[i];
                if (line.Trim().Length == 0) continue;
                if (declared.HasValue)
                {
                    garbled.Add(line);
                    continue;
                }

                var end = End.Match(line.Trim());
                if (end.Success)
                {
                    declared = int.TryParse(end.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
                    continue;
                }

                var fact = FactLine.Match(line);
                if (fact.Success) facts.Add(new GuestFact(fact.Groups[1].Value, fact.Groups[2].Value.Trim()));
                else garbled.Add(line);
            }

            var tail = text.TrimEnd();
            if (tail.Length > 300) tail = "..." + tail.Substring(tail.Length - 300);
            return new GuestOutput(version, os, hasHeader, declared, facts, garbled, tail);
        }
    }
}
