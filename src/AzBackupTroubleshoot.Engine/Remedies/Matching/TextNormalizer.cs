using System.Text;
using System.Text.RegularExpressions;

namespace AzBackupTroubleshoot.Remedies.Matching
{
    /// <summary>
    /// Puts pasted error text and catalog messages into one form: full-width characters folded (NFKC),
    /// lower case, and the parts that differ from one occurrence to the next (links, resource ids,
    /// GUIDs, timestamps) removed so they neither help nor hurt a match.
    /// </summary>
    internal static class TextNormalizer
    {
        private static readonly Regex Volatile = new Regex(
            @"https?://\S+" +
            @"|www\.\S+" +
            @"|/subscriptions/[^\s""'`,;)\]}]+" +
            @"|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b" +
            @"|\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[t ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?" +
            @"|\b\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?[ap]m)?",
            RegexOptions.Compiled | RegexOptions.CultureInvariant);

        public static string Normalize(string text)
        {
            var s = text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
            s = s.ToLowerInvariant();
            if (s.IndexOf('/') >= 0 || s.IndexOf(':') >= 0 || s.IndexOf('-') >= 0 || s.IndexOf("www", System.StringComparison.Ordinal) >= 0)
            {
                s = Volatile.Replace(s, " ");
            }

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
    }
}
