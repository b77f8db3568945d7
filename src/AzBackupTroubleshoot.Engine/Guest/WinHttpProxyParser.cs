using System;
using System.Text.RegularExpressions;

namespace AzBackupTroubleshoot.Guest
{
    /// <summary>The WinHTTP proxy of the system account, as `netsh winhttp show proxy` reports it.</summary>
    public sealed class WinHttpProxy
    {
        public WinHttpProxy(bool? direct, string? server, string? bypass)
        {
            IsDirect = direct;
            Server = server;
            Bypass = bypass;
        }

        /// <summary>True for direct access, false when a proxy is set, null when the text could not be read.</summary>
        public bool? IsDirect { get; }
        public string? Server { get; }
        public string? Bypass { get; }
    }

    /// <summary>
    /// Reads `netsh winhttp show proxy` (English or Japanese), raw or as the Windows script compacts it
    /// (lines after the title joined with " ; ").
    /// </summary>
    public static class WinHttpProxyParser
    {
        private static readonly Regex DirectText = new Regex(@"Direct access|直接アクセス", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
        // "Proxy Server(s) :  10.0.0.4:3128": the label ends at the first colon followed by a blank.
        private static readonly Regex Setting = new Regex(@"^(?<label>[^:]+?)\s*:\s+(?<value>\S.*?)\s*$", RegexOptions.CultureInvariant);

        public static WinHttpProxy Parse(string? text)
        {
            var t = text ?? "";
            if (DirectText.IsMatch(t)) return new WinHttpProxy(true, null, null);
            string? server = null, bypass = null;
            // Lines, or the " ; " the Windows script joins them with (a bypass list has bare ';' of its own).
            foreach (var part in Regex.Split(t, @"\r?\n| ; "))
            {
                var m = Setting.Match(part.Trim());
                if (!m.Success) continue;
                var label = m.Groups["label"].Value;
                // The title line ends in a colon with nothing after it, so it never matches.
                if (label.IndexOf("Bypass", StringComparison.OrdinalIgnoreCase) >= 0 || label.IndexOf("バイパス", StringComparison.Ordinal) >= 0) bypass = m.Groups["value"].Value;
                else if (server == null) server = m.Groups["value"].Value;
            }

            return server == null ? new WinHttpProxy(null, null, bypass) : new WinHttpProxy(false, server, bypass);
        }

        /// <summary>Whether a proxy bypass list (";" or "," separated, with * wildcards) lets 168.63.129.16 go direct.</summary>
        public static bool BypassesWireServer(string? bypass)
        {
            if (string.IsNullOrWhiteSpace(bypass)) return false;
            foreach (var entry in bypass!.Split(new[] { ';', ',', ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var e = entry.Trim();
                if (e == "*") return true;
                var pattern = "^" + Regex.Escape(e).Replace(@"\*", ".*") + "$";
                if (Regex.IsMatch("168.63.129.16", pattern, RegexOptions.CultureInvariant)) return true;
            }

            return false;
        }
    }
}
