using System;
using System.Globalization;
using System.Text;

namespace AzBackupTroubleshoot.Remedies.Matching
{
    /// <summary>
    /// Puts pasted error text and catalog messages into one form: full-width characters folded (NFKC),
    /// lower case, and the parts that differ from one occurrence to the next (links, resource ids,
    /// GUIDs, timestamps) removed so they neither help nor hurt a match.
    /// </summary>
    /// <remarks>
    /// The volatile parts are found by one hand-written scan rather than a regular expression: on a pasted
    /// log of a few kilobytes the expression cost more than the rest of the normalising. What it removes,
    /// each replaced by one space, tried in this order at each position:
    /// <c>https?://\S+</c>, <c>www\.\S+</c>, <c>/subscriptions/[^\s"'`,;)\]}]+</c>,
    /// <c>\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b</c>,
    /// <c>\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[t ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?</c>,
    /// <c>\b\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?[ap]m)?</c>
    /// (tests hold the scan to these expressions).
    /// </remarks>
    internal static class TextNormalizer
    {
        [System.ThreadStatic] private static char[]? _buffer;
        [System.ThreadStatic] private static char[]? _lowerBuffer;

        public static string Normalize(string text)
        {
            var folded = text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
            // Lower-cased into a buffer and the volatile parts removed from there: one string made, not two.
            var lower = Buffer(ref _lowerBuffer, folded.Length);
            var length = folded.AsSpan().ToLowerInvariant(lower);
            var span = new ReadOnlySpan<char>(lower, 0, length);
            var s = span.IndexOf('/') >= 0 || span.IndexOf(':') >= 0 || span.IndexOf('-') >= 0 || span.IndexOf("www".AsSpan()) >= 0
                ? RemoveVolatile(span)
                : span.ToString();

            if (s.IndexOf('\'') >= 0 || s.IndexOf('\u2019') >= 0)
            {
                // "doesn't" and "does not" are the same words to a reader.
                s = s.Replace('\u2019', '\'')
                    .Replace("can't", "cannot")
                    .Replace("won't", "will not")
                    .Replace("n't", " not");
            }

            return s;
        }

        private static char[] Buffer(ref char[]? buffer, int length) =>
            buffer != null && buffer.Length >= length ? buffer : buffer = new char[Math.Max(256, length)];

        private static string RemoveVolatile(ReadOnlySpan<char> s)
        {
            // What is kept goes to a buffer at most as long as the text (each removed part leaves one space).
            char[]? kept = null;
            var length = 0;
            var copied = 0;
            // Every volatile part has its first anchor ('-', '/', ':' or '.') a fixed distance from its start
            // (see StartsBefore), with no anchor before it; so the anchors, found a vector at a time, say where
            // a part can start, and trying those starts anchor by anchor keeps the text order.
            var from = 0;
            while (from < s.Length)
            {
                var found = s.Slice(from).IndexOfAny(Anchors);
                if (found < 0) break;
                var anchor = from + found;
                from = anchor + 1;
                var offsets = StartsBefore(s[anchor]);
                for (var k = 0; k < offsets.Length; k++)
                {
                    var start = anchor - offsets[k];
                    if (start < copied || !CanStart(s, start)) continue;
                    var end = VolatileEnd(s, start);
                    if (end < 0) continue;
                    kept ??= Buffer(ref _buffer, s.Length);
                    s.Slice(copied, start - copied).CopyTo(new Span<char>(kept, length, start - copied));
                    length += start - copied;
                    kept[length++] = ' ';
                    copied = from = end;
                    break;
                }
            }

            if (kept == null) return s.ToString();
            s.Slice(copied).CopyTo(new Span<char>(kept, length, s.Length - copied));
            return new string(kept, 0, length + s.Length - copied);
        }

        private static readonly char[] Anchors = { '-', '/', ':', '.' };

        // How far before its first anchor each part starts, farthest first: a link's ':' is 4 or 5 in
        // ("http:", "https:"), a time's 1 or 2; a GUID's first '-' is 8 in; a date's first separator 4;
        // "/subscriptions/" starts at its '/'; "www." 3 before its '.'.
        private static readonly int[] ColonStarts = { 5, 4, 2, 1 };
        private static readonly int[] DashStarts = { 8, 4 };
        private static readonly int[] SlashStarts = { 4, 0 };
        private static readonly int[] DotStarts = { 4, 3 };

        private static int[] StartsBefore(char anchor) => anchor == ':' ? ColonStarts : anchor == '-' ? DashStarts : anchor == '/' ? SlashStarts : DotStarts;

        // A cheap test before VolatileEnd: the first character fits some part, and GUIDs, dates and times
        // (everything but links) start at a word boundary.
        private static bool CanStart(ReadOnlySpan<char> s, int i)
        {
            if (i < 0) return false;
            var c = s[i];
            if (c < '\u0080' && !CanStartVolatile[c]) return false;
            return c == 'h' || c == 'w' || c == '/' || i == 0 || s[i - 1] >= '\u0080' || !IsAsciiWordChar[s[i - 1]];
        }

        // Where the volatile part starting at i ends, or -1 when none starts there.
        private static int VolatileEnd(ReadOnlySpan<char> s, int i)
        {
            var c = s[i];
            if (c == 'h') return Url(s, i);
            if (c == 'w') return At(s, i, "www.") ? NonSpaceRun(s, i + 4) : -1;
            if (c == '/') return At(s, i, "/subscriptions/") ? ResourcePathRun(s, i + 15) : -1;
            if (!IsDigit(c) && !IsHex(c)) return -1;
            // \b before: the character before is not a word character (c itself is one).
            if (i > 0 && IsBoundaryWordChar(s[i - 1])) return -1;
            var end = Guid(s, i);
            if (end < 0 && IsDigit(c)) end = Date(s, i);
            if (end < 0 && IsDigit(c)) end = Time(s, i);
            return end;
        }

        private static int Url(ReadOnlySpan<char> s, int i)
        {
            if (!At(s, i, "http")) return -1;
            var k = i + 4;
            if (k < s.Length && s[k] == 's') k++;
            return At(s, k, "://") ? NonSpaceRun(s, k + 3) : -1;
        }

        // \S+ from k: the end of the run, or -1 when it is empty.
        private static int NonSpaceRun(ReadOnlySpan<char> s, int k)
        {
            var start = k;
            while (k < s.Length && !char.IsWhiteSpace(s[k])) k++;
            return k > start ? k : -1;
        }

        // [^\s"'`,;)\]}]+ from k.
        private static int ResourcePathRun(ReadOnlySpan<char> s, int k)
        {
            var start = k;
            while (k < s.Length)
            {
                var c = s[k];
                if (char.IsWhiteSpace(c) || c == '"' || c == '\'' || c == '`' || c == ',' || c == ';' || c == ')' || c == ']' || c == '}') break;
                k++;
            }

            return k > start ? k : -1;
        }

        private static int Guid(ReadOnlySpan<char> s, int i)
        {
            var k = i;
            foreach (var group in GuidGroups)
            {
                if (k != i)
                {
                    if (k >= s.Length || s[k] != '-') return -1;
                    k++;
                }

                for (var n = 0; n < group; n++, k++)
                {
                    if (k >= s.Length || !IsHex(s[k])) return -1;
                }
            }

            // \b after.
            return k < s.Length && IsBoundaryWordChar(s[k]) ? -1 : k;
        }

        private static readonly bool[] CanStartVolatile = BuildStarts();
        private static readonly bool[] IsAsciiWordChar = BuildWordChars();

        private static bool[] BuildWordChars()
        {
            var word = new bool[128];
            for (var c = 0; c < 128; c++) word[c] = IsBoundaryWordChar((char)c);
            return word;
        }

        private static bool[] BuildStarts()
        {
            var starts = new bool[128];
            foreach (var c in "hw/0123456789abcdef") starts[c] = true;
            return starts;
        }

        private static readonly int[] GuidGroups = { 8, 4, 4, 4, 12 };

        // \d{4}[-/.]\d{1,2}[-/.]\d{1,2} and an optional time: [t ]HH:MM[:SS[.f]][z|±HH[:]MM].
        private static int Date(ReadOnlySpan<char> s, int i)
        {
            var k = Digits(s, i, 4, 4);
            if (k < 0 || !IsDateSeparator(s, k)) return -1;
            k = Digits(s, k + 1, 1, 2);
            if (k < 0 || !IsDateSeparator(s, k)) return -1;
            k = Digits(s, k + 1, 1, 2);
            if (k < 0) return -1;
            if (k < s.Length && (s[k] == 't' || s[k] == ' '))
            {
                var clock = Clock(s, k + 1);
                if (clock >= 0)
                {
                    k = clock;
                    if (k < s.Length && s[k] == 'z')
                    {
                        k++;
                    }
                    else if (k < s.Length && (s[k] == '+' || s[k] == '-'))
                    {
                        var zone = Digits(s, k + 1, 2, 2);
                        if (zone >= 0)
                        {
                            var minutes = zone < s.Length && s[zone] == ':' ? Digits(s, zone + 1, 2, 2) : -1;
                            if (minutes < 0) minutes = Digits(s, zone, 2, 2);
                            if (minutes >= 0) k = minutes;
                        }
                    }
                }
            }

            return k;
        }

        // \d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?[ap]m)?
        private static int Time(ReadOnlySpan<char> s, int i)
        {
            var k = Clock(s, i);
            if (k < 0) return -1;
            var meridiem = k < s.Length && char.IsWhiteSpace(s[k]) ? Meridiem(s, k + 1) : -1;
            if (meridiem < 0) meridiem = Meridiem(s, k);
            return meridiem >= 0 ? meridiem : k;
        }

        // \d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)? from k, or -1.
        private static int Clock(ReadOnlySpan<char> s, int k)
        {
            k = Digits(s, k, 1, 2);
            if (k < 0 || k >= s.Length || s[k] != ':') return -1;
            k = Digits(s, k + 1, 2, 2);
            if (k < 0) return -1;
            if (k < s.Length && s[k] == ':')
            {
                var seconds = Digits(s, k + 1, 2, 2);
                if (seconds >= 0)
                {
                    k = seconds;
                    if (k < s.Length && s[k] == '.')
                    {
                        var fraction = Digits(s, k + 1, 1, int.MaxValue);
                        if (fraction >= 0) k = fraction;
                    }
                }
            }

            return k;
        }

        private static int Meridiem(ReadOnlySpan<char> s, int k) =>
            k + 1 < s.Length && (s[k] == 'a' || s[k] == 'p') && s[k + 1] == 'm' ? k + 2 : -1;

        // Between min and max digits from k, as many as there are: the end, or -1 when fewer than min.
        // Where a pattern needs a separator after \d{1,2}, taking fewer digits never helps (the next one
        // is a digit), so the longest run is the only one worth trying.
        private static int Digits(ReadOnlySpan<char> s, int k, int min, int max)
        {
            var n = 0;
            while (n < max && k + n < s.Length && IsDigit(s[k + n])) n++;
            return n >= min ? k + n : -1;
        }

        private static bool IsDateSeparator(ReadOnlySpan<char> s, int k) => k < s.Length && (s[k] == '-' || s[k] == '/' || s[k] == '.');

        private static bool At(ReadOnlySpan<char> s, int k, string literal)
        {
            if (k + literal.Length > s.Length) return false;
            for (var n = 0; n < literal.Length; n++)
            {
                if (s[k + n] != literal[n]) return false;
            }

            return true;
        }

        // \d is any Unicode decimal digit, as in .NET's regular expressions.
        private static bool IsDigit(char c) => c >= '0' && c <= '9' || (c > '\u007F' && char.IsDigit(c));

        private static bool IsHex(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');

        // What \b takes for a word character: letters, digits, non-spacing marks, connector punctuation,
        // and the zero-width joiners.
        private static bool IsBoundaryWordChar(char c)
        {
            if (c < '\u0080') return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (c == '\u200C' || c == '\u200D') return true;
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.UppercaseLetter:
                case UnicodeCategory.LowercaseLetter:
                case UnicodeCategory.TitlecaseLetter:
                case UnicodeCategory.ModifierLetter:
                case UnicodeCategory.OtherLetter:
                case UnicodeCategory.NonSpacingMark:
                case UnicodeCategory.DecimalDigitNumber:
                case UnicodeCategory.ConnectorPunctuation:
                    return true;
                default:
                    return false;
            }
        }
    }
}
