using System.Linq;
using System.Text.RegularExpressions;

namespace AzBackupTroubleshoot.Engine.Tests.Guest
{
    internal static class GuestText
    {
        /// <summary>Rewrites the end line's count after a test edited the facts, as the script would have printed it.</summary>
        public static string Reseal(string text)
        {
            var lines = text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
            var facts = lines.Count(l => Regex.IsMatch(l, "^[A-Za-z][A-Za-z0-9._-]*="));
            return string.Join("\n", lines.Select(l => l.StartsWith("AZBT-END ") ? "AZBT-END " + facts : l)) + "\n";
        }
    }
}
