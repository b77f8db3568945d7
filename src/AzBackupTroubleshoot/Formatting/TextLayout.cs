using System.Collections.Generic;
using System.Text;

namespace AzBackupTroubleshoot.Formatting
{
    /// <summary>
    /// Wraps sentences for the list views, so that causes and steps read whole at 80 columns instead
    /// of being cut mid-word (or mid-character) by the console. Counts console cells: Japanese and
    /// other wide characters take two. The format file calls these from its script blocks.
    /// </summary>
    public static class TextLayout
    {
        /// <summary>Cells the list views give a value: 80 columns less the widest label and " : ".</summary>
        public const int ListValueWidth = 70;

        /// <summary>Cells a value gets in a list view whose widest label is "ResourceGroup" (13 cells and " : ").</summary>
        public const int ListValueWidthAfterResourceGroup = 63;

        // Japanese line-breaking rule (kinsoku): these never start a line.
        private const string NoLineStart = "、。，．・：；？！ー」』）］｝〕〉》】ぁぃぅぇぉっゃゅょァィゥェォッャュョ々,.:;!?)]}%";

        public static string Wrap(string? text, int width) => string.Join("\n", WrapLines(text ?? string.Empty, width, string.Empty, string.Empty));

        /// <summary>"- cause" items, continuation lines indented under the text.</summary>
        public static string Bulleted(IEnumerable<string>? items, int width)
        {
            var lines = new List<string>();
            foreach (var item in items ?? new string[0]) lines.AddRange(WrapLines(item, width, "- ", "  "));
            return string.Join("\n", lines);
        }

        /// <summary>"1. step" items, continuation lines indented under the text.</summary>
        public static string Numbered(IEnumerable<string>? items, int width)
        {
            var lines = new List<string>();
            var n = 0;
            foreach (var item in items ?? new string[0])
            {
                var marker = (++n).ToString(System.Globalization.CultureInfo.InvariantCulture) + ". ";
                lines.AddRange(WrapLines(item, width, marker, new string(' ', marker.Length)));
            }

            return string.Join("\n", lines);
        }

        /// <summary>Items each starting at the margin, their continuation lines indented by <paramref name="indent"/> cells.</summary>
        public static string Hanging(IEnumerable<string>? items, int width, int indent)
        {
            var lines = new List<string>();
            foreach (var item in items ?? new string[0]) lines.AddRange(WrapLines(item, width, string.Empty, new string(' ', indent)));
            return string.Join("\n", lines);
        }

        public static int CellWidth(char c) => IsWide(c) ? 2 : 1;

        public static int CellWidth(string text)
        {
            var width = 0;
            foreach (var c in text) width += CellWidth(c);
            return width;
        }

        private static IEnumerable<string> WrapLines(string text, int width, string firstPrefix, string restPrefix)
        {
            if (width < 10) width = 10;
            var prefix = firstPrefix;
            var line = new StringBuilder(prefix);
            var cells = CellWidth(prefix);
            foreach (var token in Tokens(text.Replace("\r\n", "\n").Replace('\n', ' ')))
            {
                var tokenCells = CellWidth(token);
                var isSpace = token == " ";
                if (cells + tokenCells > width && line.Length > prefix.Length && !isSpace)
                {
                    yield return line.ToString().TrimEnd();
                    prefix = restPrefix;
                    line.Clear().Append(prefix);
                    cells = CellWidth(prefix);
                }

                // A space never starts a line, nor runs past its end: it is where the line breaks.
                if (isSpace && (line.Length == prefix.Length || cells + 1 > width)) continue;
                // A word longer than a line (a URL) is cut: nothing else fits it.
                foreach (var c in token)
                {
                    if (cells + CellWidth(c) > width && line.Length > prefix.Length)
                    {
                        yield return line.ToString().TrimEnd();
                        prefix = restPrefix;
                        line.Clear().Append(prefix);
                        cells = CellWidth(prefix);
                    }

                    line.Append(c);
                    cells += CellWidth(c);
                }
            }

            if (line.Length > prefix.Length || prefix == firstPrefix) yield return line.ToString().TrimEnd();
        }

        // Break opportunities: at spaces, and between wide characters (Japanese has no spaces),
        // keeping kinsoku characters with the character before them.
        private static IEnumerable<string> Tokens(string text)
        {
            var token = new StringBuilder();
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c == ' ')
                {
                    if (token.Length > 0) yield return token.ToString();
                    token.Clear();
                    yield return " ";
                    continue;
                }

                token.Append(c);
                var next = i + 1 < text.Length ? text[i + 1] : '\0';
                var breakAfter = next != '\0' && next != ' ' && NoLineStart.IndexOf(next) < 0 && (IsWide(c) || IsWide(next)) && !char.IsHighSurrogate(c);
                if (breakAfter)
                {
                    yield return token.ToString();
                    token.Clear();
                }
            }

            if (token.Length > 0) yield return token.ToString();
        }

        private static bool IsWide(char c) =>
            (c >= '\u1100' && c <= '\u115F') || (c >= '\u2E80' && c <= '\uA4CF') || (c >= '\uAC00' && c <= '\uD7A3') ||
            (c >= '\uF900' && c <= '\uFAFF') || (c >= '\uFE30' && c <= '\uFE4F') || (c >= '\uFF00' && c <= '\uFF60') || (c >= '\uFFE0' && c <= '\uFFE6');
    }
}
