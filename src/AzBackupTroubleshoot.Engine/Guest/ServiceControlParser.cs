using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace AzBackupTroubleshoot.Guest
{
    public enum ServiceStart
    {
        Unknown,
        Automatic,
        Manual,
        Disabled,
        /// <summary>Boot or system start (drivers).</summary>
        Other,
    }

    public enum ServiceRunState
    {
        Unknown,
        Running,
        Stopped,
        /// <summary>Start, stop, continue or pause pending.</summary>
        Pending,
        Paused,
    }

    /// <summary>A Windows service as the guest reported it.</summary>
    public sealed class GuestService
    {
        public GuestService(string name, bool? exists, ServiceRunState state, ServiceStart start, string? account)
        {
            Name = name;
            Exists = exists;
            State = state;
            Start = start;
            Account = account;
        }

        public string Name { get; }
        /// <summary>False when the service is not installed; null when that is not known.</summary>
        public bool? Exists { get; }
        public ServiceRunState State { get; }
        public ServiceStart Start { get; }
        /// <summary>The log-on account (SERVICE_START_NAME, Win32_Service.StartName).</summary>
        public string? Account { get; }

        /// <summary>From Win32_Service values: State "Running", StartMode "Auto", StartName "LocalSystem"; "Missing" for no service.</summary>
        public static GuestService FromCim(string name, string state, string startMode, string account)
        {
            if (state.Equals("Missing", StringComparison.OrdinalIgnoreCase)) return new GuestService(name, false, ServiceRunState.Unknown, ServiceStart.Unknown, null);
            var s = state.Trim().ToLowerInvariant() switch
            {
                "running" => ServiceRunState.Running,
                "stopped" => ServiceRunState.Stopped,
                "paused" => ServiceRunState.Paused,
                var p when p.EndsWith("pending", StringComparison.Ordinal) => ServiceRunState.Pending,
                _ => ServiceRunState.Unknown,
            };
            var m = startMode.Trim().ToLowerInvariant() switch
            {
                "auto" => ServiceStart.Automatic,
                "automatic" => ServiceStart.Automatic,
                "manual" => ServiceStart.Manual,
                "disabled" => ServiceStart.Disabled,
                "boot" => ServiceStart.Other,
                "system" => ServiceStart.Other,
                _ => ServiceStart.Unknown,
            };
            return new GuestService(name, true, s, m, account.Trim().Length == 0 ? null : account.Trim());
        }
    }

    /// <summary>
    /// Reads `sc query NAME` and `sc qc NAME` output (together or apart, whole or cut) by the numbers
    /// sc prints before each state and start type, which do not depend on the display language.
    /// </summary>
    public static class ServiceControlParser
    {
        private static readonly Regex StateLine = new Regex(@"^\s*STATE\s*:\s*(?<n>\d+)\b", RegexOptions.CultureInvariant);
        private static readonly Regex StartLine = new Regex(@"^\s*START_TYPE\s*:\s*(?<n>\d+)\b", RegexOptions.CultureInvariant);
        private static readonly Regex AccountLine = new Regex(@"^\s*SERVICE_START_NAME\s*:\s*(?<a>\S.*?)\s*$", RegexOptions.CultureInvariant);
        // 1060: the service does not exist.
        private static readonly Regex Missing = new Regex(@"FAILED\s+1060\b", RegexOptions.CultureInvariant);

        public static GuestService Parse(string name, string? text) => Parse(name, (text ?? "").Replace("\r\n", "\n").Split('\n'));

        public static GuestService Parse(string name, IEnumerable<string> lines)
        {
            var state = ServiceRunState.Unknown;
            var start = ServiceStart.Unknown;
            string? account = null;
            var missing = false;
            var any = false;
            foreach (var line in lines)
            {
                if (Missing.IsMatch(line)) missing = true;
                var s = StateLine.Match(line);
                if (s.Success)
                {
                    any = true;
                    state = int.Parse(s.Groups["n"].Value, CultureInfo.InvariantCulture) switch
                    {
                        1 => ServiceRunState.Stopped,
                        4 => ServiceRunState.Running,
                        7 => ServiceRunState.Paused,
                        2 or 3 or 5 or 6 => ServiceRunState.Pending,
                        _ => ServiceRunState.Unknown,
                    };
                }

                var t = StartLine.Match(line);
                if (t.Success)
                {
                    any = true;
                    start = int.Parse(t.Groups["n"].Value, CultureInfo.InvariantCulture) switch
                    {
                        2 => ServiceStart.Automatic,
                        3 => ServiceStart.Manual,
                        4 => ServiceStart.Disabled,
                        0 or 1 => ServiceStart.Other,
                        _ => ServiceStart.Unknown,
                    };
                }

                var a = AccountLine.Match(line);
                if (a.Success)
                {
                    any = true;
                    account = a.Groups["a"].Value;
                }
            }

            bool? exists = missing && !any ? false : any ? true : (bool?)null;
            return new GuestService(name, exists, state, start, account);
        }
    }
}
