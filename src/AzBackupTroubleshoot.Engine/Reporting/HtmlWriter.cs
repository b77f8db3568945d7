using System.Globalization;
using System.IO;

namespace AzBackupTroubleshoot.Reporting
{
    /// <summary>
    /// Writes markup and encoded text. Everything that comes from Azure or the user (names, ids,
    /// evidence, titles) goes through <see cref="Text"/>; only the report's own markup goes through
    /// <see cref="Raw"/>.
    /// </summary>
    internal sealed class HtmlWriter
    {
        private readonly TextWriter _out;

        public HtmlWriter(TextWriter output) => _out = output;

        public HtmlWriter Raw(string markup)
        {
            _out.Write(markup);
            return this;
        }

        public HtmlWriter Number(int value)
        {
            _out.Write(value.ToString(CultureInfo.InvariantCulture));
            return this;
        }

        public HtmlWriter Number(double value)
        {
            _out.Write(value.ToString("0.##", CultureInfo.InvariantCulture));
            return this;
        }

        /// <summary>Text content or an attribute value (always written in double quotes).</summary>
        public HtmlWriter Text(string? text)
        {
            if (string.IsNullOrEmpty(text)) return this;
            if (text!.IndexOfAny(Special) < 0 && !HasControl(text))
            {
                _out.Write(text);
                return this;
            }

            foreach (var c in text)
            {
                switch (c)
                {
                    case '&': _out.Write("&amp;"); break;
                    case '<': _out.Write("&lt;"); break;
                    case '>': _out.Write("&gt;"); break;
                    case '"': _out.Write("&quot;"); break;
                    case '\'': _out.Write("&#39;"); break;
                    // Control characters other than tab and newlines are not allowed in HTML text.
                    case var control when control < ' ' && control != '\t' && control != '\n' && control != '\r': _out.Write('\uFFFD'); break;
                    default: _out.Write(c); break;
                }
            }

            return this;
        }

        private static readonly char[] Special = { '&', '<', '>', '"', '\'' };

        private static bool HasControl(string text)
        {
            foreach (var c in text)
            {
                if (c < ' ' && c != '\t' && c != '\n' && c != '\r') return true;
            }

            return false;
        }

        /// <summary>An element with encoded text: &lt;tag class="cls"&gt;text&lt;/tag&gt;.</summary>
        public HtmlWriter Element(string tag, string? cssClass, string? text)
        {
            _out.Write('<');
            _out.Write(tag);
            if (cssClass != null)
            {
                _out.Write(" class=\"");
                _out.Write(cssClass);
                _out.Write('"');
            }

            _out.Write('>');
            Text(text);
            _out.Write("</");
            _out.Write(tag);
            _out.Write('>');
            return this;
        }
    }
}
