using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace AzBackupTroubleshoot.Guest
{
    /// <summary>One writer of `vssadmin list writers`.</summary>
    public sealed class VssWriter
    {
        public VssWriter(string name, int? stateCode, string? stateText, string? lastError)
        {
            Name = name;
            StateCode = stateCode;
            StateText = stateText;
            LastError = lastError;
        }

        public string Name { get; }
        /// <summary>The number in "State: [n] ...": the same in every display language; 1 is Stable.</summary>
        public int? StateCode { get; }
        public string? StateText { get; }
        public string? LastError { get; }

        public bool IsStable => StateCode == 1;

        /// <summary>"No error" in English or Japanese output; other languages count as an error only when the state is not Stable.</summary>
        public bool HasError => LastError != null && !VssAdminParser.IsNoError(LastError);

        /// <summary>State and last error both read: the writer's block was not cut.</summary>
        public bool IsKnown => StateCode.HasValue && LastError != null;

        public override string ToString() => $"{Name}: [{StateCode}] {StateText} / {LastError}";
    }

    /// <summary>Reads `vssadmin list writers` output (English or Japanese), whole or cut at either end.</summary>
    public static class VssAdminParser
    {
        private static readonly Regex NameLine = new Regex(@":\s*'(?<name>.+)'\s*$", RegexOptions.CultureInvariant);
        private static readonly Regex StateLine = new Regex(@":\s*\[(?<code>\d+)\]\s*(?<text>.*)$", RegexOptions.CultureInvariant);
        private static readonly string[] NoErrorTexts = { "No error", "エラーなし" };

        internal static bool IsNoError(string text) => NoErrorTexts.Any(t => text.Trim().EndsWith(t, StringComparison.OrdinalIgnoreCase));

        /// <summary>The writers found; a writer whose block was cut has no state or no last error (see <see cref="VssWriter.IsKnown"/>).</summary>
        public static IReadOnlyList<VssWriter> Parse(string? text)
        {
            var writers = new List<VssWriter>();
            string? name = null;
            int? code = null;
            string? stateText = null, lastError = null;
            var afterState = false;

            void Flush()
            {
                if (name != null) writers.Add(new VssWriter(name, code, stateText, lastError));
                name = null;
                code = null;
                stateText = lastError = null;
                afterState = false;
            }

            foreach (var raw in (text ?? "").Replace("\r\n", "\n").Split('\n'))
            {
                var line = raw.Trim();
                if (line.Length == 0) continue;
                var n = NameLine.Match(line);
                if (n.Success)
                {
                    Flush();
                    name = n.Groups["name"].Value;
                    continue;
                }

                if (name == null) continue;
                var s = StateLine.Match(line);
                if (s.Success && code == null)
                {
                    code = int.Parse(s.Groups["code"].Value, CultureInfo.InvariantCulture);
                    stateText = s.Groups["text"].Value.Trim();
                    afterState = true;
                    continue;
                }

                // The line after the state line is the last error ("Last error: No error").
                if (afterState && lastError == null)
                {
                    var colon = line.IndexOf(':');
                    lastError = colon >= 0 ? line.Substring(colon + 1).Trim() : line;
                    afterState = false;
                }
            }

            Flush();
            return writers;
        }
    }
}
