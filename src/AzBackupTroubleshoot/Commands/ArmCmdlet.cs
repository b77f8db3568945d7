using System.Management.Automation;

namespace AzBackupTroubleshoot.Commands
{
    /// <summary>What every cmdlet that talks to Azure Resource Manager takes: the language and the Az context.</summary>
    public abstract class ArmCmdlet : PSCmdlet
    {
        /// <summary>ja or en; by default the session's UI culture.</summary>
        [Parameter]
        [ValidateSet("ja", "en", IgnoreCase = true)]
        public string? Language { get; set; }

        /// <summary>An Az context (Get-AzContext) to use instead of the current one; passed on to Get-AzAccessToken.</summary>
        [Parameter]
        [Alias("AzContext", "AzureRmContext", "AzureCredential")]
        public object? DefaultProfile { get; set; }
    }
}
