using System;
using System.Text.RegularExpressions;

namespace AzBackupTroubleshoot.Guest
{
    /// <summary>What `waagent --version` says: the installed daemon and the goal state agent that actually runs extensions.</summary>
    public sealed class WaagentVersion
    {
        public WaagentVersion(Version? daemon, Version? goalState)
        {
            Daemon = daemon;
            GoalState = goalState;
        }

        public Version? Daemon { get; }
        /// <summary>The auto-updated agent handling extensions; what the supported minimum applies to.</summary>
        public Version? GoalState { get; }
        /// <summary>The goal state agent when reported, else the daemon.</summary>
        public Version? Effective => GoalState ?? Daemon;
    }

    /// <summary>
    /// Reads `waagent --version`, e.g. "WALinuxAgent-2.2.45 running on ubuntu 18.04" / "Python: 3.6.9" /
    /// "Goal state agent: 2.2.53.1". A last line without its line break may have been cut, so its version is not trusted.
    /// </summary>
    public static class WaagentVersionParser
    {
        private static readonly Regex DaemonLine = new Regex(@"WALinuxAgent-(?<v>\d+(?:\.\d+){1,3})\s+running\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
        private static readonly Regex GoalStateLine = new Regex(@"^\s*Goal state agent:\s*(?<v>\d+(?:\.\d+){1,3})\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        public static WaagentVersion Parse(string? text)
        {
            var lines = (text ?? "").Replace("\r\n", "\n").Split('\n');
            var complete = (text ?? "").EndsWith("\n", StringComparison.Ordinal);
            Version? daemon = null, goal = null;
            for (var i = 0; i < lines.Length; i++)
            {
                if (i == lines.Length - 1 && !complete) break;
                var d = DaemonLine.Match(lines[i]);
                if (d.Success && daemon == null) Version.TryParse(d.Groups["v"].Value, out daemon);
                var g = GoalStateLine.Match(lines[i]);
                if (g.Success && goal == null) Version.TryParse(g.Groups["v"].Value, out goal);
            }

            return new WaagentVersion(daemon, goal);
        }
    }
}
