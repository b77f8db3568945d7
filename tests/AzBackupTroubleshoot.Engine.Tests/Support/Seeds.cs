using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace AzBackupTroubleshoot.Engine.Tests.Support
{
    /// <summary>Error messages quoted by the two seed articles, read from the articles themselves.</summary>
    internal static class Seeds
    {
        /// <summary>First column of every error table (backup, jobs, restore) of the troubleshooting article.</summary>
        public static IReadOnlyList<string> TroubleshootingTableMessages()
        {
            var text = File.ReadAllText(SharedMaterial.Path("seeds", "002_45325719b4c15c94.txt"));
            var messages = new List<string>();
            foreach (var line in text.Split('\n'))
            {
                if (!line.StartsWith("|") || line.StartsWith("| ---") || line.Contains("エラーの詳細")) continue;
                var cell = line.Split('|')[1].Trim();
                // One row lists two wordings separated by "<br>または<br>".
                foreach (var part in Regex.Split(cell, @"\s*<br>または<br>\s*"))
                {
                    var message = part.Trim().Trim('"').Trim();
                    if (message.Length > 0) messages.Add(message);
                }
            }

            return messages;
        }

        /// <summary>The symptom message (in bold) of the snapshot-timeout article.</summary>
        public static string SnapshotTimeoutSymptom()
        {
            var text = File.ReadAllText(SharedMaterial.Path("seeds", "000_b475908297022339.txt"));
            var symptom = text.Substring(text.IndexOf("name=\"symptom\"", System.StringComparison.Ordinal));
            return Regex.Match(symptom, @"\*\*(.+?)\*\*").Groups[1].Value;
        }
    }
}
