using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;
using AzBackupTroubleshoot.Remedies.Matching;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Remedies.Matching
{
    /// <summary>
    /// The normalizer removes links, resource ids, GUIDs and timestamps with a hand-written scan; these
    /// tests hold it to the regular expression it replaced, on real pastes and on random text built
    /// from the characters where the two could part (digits, separators, hex letters, word characters
    /// of other scripts, spaces of other kinds).
    /// </summary>
    public class TextNormalizerTests
    {
        private static readonly Regex Volatile = new Regex(
            @"https?://\S+" +
            @"|www\.\S+" +
            @"|/subscriptions/[^\s""'`,;)\]}]+" +
            @"|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b" +
            @"|\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[t ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?" +
            @"|\b\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?[ap]m)?",
            RegexOptions.CultureInvariant);

        private static string ByRegex(string text)
        {
            var s = text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
            s = s.ToLowerInvariant();
            if (s.IndexOf('/') >= 0 || s.IndexOf(':') >= 0 || s.IndexOf('-') >= 0 || s.IndexOf("www", StringComparison.Ordinal) >= 0) s = Volatile.Replace(s, " ");
            if (s.IndexOf('\'') >= 0 || s.IndexOf('\u2019') >= 0)
            {
                s = s.Replace('\u2019', '\'').Replace("can't", "cannot").Replace("won't", "will not").Replace("n't", " not");
            }

            return s;
        }

        [Theory]
        [InlineData("Backup failed at 2026-11-20T03:14:07.123+09:00 for 7c0d6b1e-3f9a-4e1b-9c55-2b8e1d7a4f10 (see https://aka.ms/AB-AA4dwtr)")]
        [InlineData("/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg/providers/x, then www.example.com/a")]
        [InlineData("Started 11/20/2026 3:14 PM, retried 03:14:07 am and 2026.11.20 23:59:59.5z; doesn't help")]
        [InlineData("ids 7c0d6b1e-3f9a-4e1b-9c55-2b8e1d7a4f10x and x7c0d6b1e-3f9a-4e1b-9c55-2b8e1d7a4f10 stay, 12345:67 too")]
        [InlineData("２０２６－１１－２０ １２：３０ に失敗しました (full-width digits fold first)")]
        // A spacing mark (U+0903) is no word character to \b; Arabic-Indic digits are digits to \d.
        [InlineData("\u0903" + "5:\u06602026-h")]
        public void Real_pastes_normalize_as_the_expression_did(string text) => Assert.Equal(ByRegex(text), TextNormalizer.Normalize(text));

        [Fact]
        public void Random_text_normalizes_as_the_expression_did()
        {
            // Digits of two scripts, every separator the patterns use, hex and other letters, word
            // characters of other kinds (underscore, combining marks, ZWJ), and several kinds of space.
            const string alphabet = "0123456789٠٣abcdefhmpstwxyzT.:-/+ \t\u00A0\u3000_\u0301\u0903\u200D'\"`,;)]}é漢ア";
            var fragments = new[] { "http://", "https://", "www.", "/subscriptions/", "2026-", "11/", "t", " am", "pm", "z", "+09:", "7c0d6b1e-", "3f9a-" };
            var random = new Random(20261202);
            for (var n = 0; n < 20000; n++)
            {
                var b = new StringBuilder();
                var length = random.Next(1, 40);
                while (b.Length < length)
                {
                    if (random.Next(4) == 0) b.Append(fragments[random.Next(fragments.Length)]);
                    else b.Append(alphabet[random.Next(alphabet.Length)]);
                }

                var text = b.ToString();
                Assert.True(ByRegex(text) == TextNormalizer.Normalize(text), $"differs for: {Escape(text)}\n expression: {Escape(ByRegex(text))}\n scan:       {Escape(TextNormalizer.Normalize(text))}");
            }
        }

        private static string Escape(string s)
        {
            var b = new StringBuilder();
            foreach (var c in s) b.Append(c < 0x20 || c > 0x7E ? $"\\u{(int)c:X4}" : c.ToString());
            return b.ToString();
        }
    }

    public class HashIdMapTests
    {
        [Fact]
        public void Finds_every_key_it_holds_and_no_other()
        {
            var random = new Random(7);
            var entries = new Dictionary<ulong, int>();
            // Keys that collide in their low and high bits as well as random ones.
            for (var i = 0; i < 3000; i++) entries[(ulong)random.Next() << 32 | (uint)random.Next()] = i;
            for (var i = 0; i < 200; i++) entries[(ulong)i << 40] = 5000 + i;
            entries[0] = 42;
            var map = new HashIdMap(entries);
            foreach (var e in entries)
            {
                Assert.True(map.TryGetValue(e.Key, out var value));
                Assert.Equal(e.Value, value);
            }

            for (var i = 0; i < 20000; i++)
            {
                var key = (ulong)random.Next() << 32 | (uint)random.Next();
                Assert.Equal(entries.ContainsKey(key), map.Contains(key));
            }

            Assert.False(new HashIdMap(new Dictionary<ulong, int>()).Contains(0));
        }
    }
}
