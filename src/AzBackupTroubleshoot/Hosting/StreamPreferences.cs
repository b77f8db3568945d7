using System.Management.Automation;

namespace AzBackupTroubleshoot.Hosting
{
    /// <summary>What the caller asked to see, decided once on the pipeline thread.</summary>
    internal static class StreamPreferences
    {
        /// <summary>
        /// Whether per-request verbose records are wanted. -Debug alone is not a yes: pwsh 7.6 turns
        /// every verbose and warning record of a cmdlet run with -Debug into a "Continue?" prompt
        /// (tried in 7.6.9), so a scan would ask once per ARM request.
        /// </summary>
        public static bool WantsVerbose(PSCmdlet cmdlet)
        {
            var bound = cmdlet.MyInvocation.BoundParameters;
            if (bound.TryGetValue("Verbose", out var verbose)) return verbose is SwitchParameter s ? s.IsPresent : verbose is bool b && b;
            if (bound.ContainsKey("Debug")) return false;
            return cmdlet.GetVariableValue("VerbosePreference") is ActionPreference p && p != ActionPreference.SilentlyContinue && p != ActionPreference.Ignore;
        }

        public static bool WantsDebug(PSCmdlet cmdlet) =>
            cmdlet.MyInvocation.BoundParameters.TryGetValue("Debug", out var debug) && (debug is SwitchParameter s ? s.IsPresent : debug is bool b && b);
    }
}
