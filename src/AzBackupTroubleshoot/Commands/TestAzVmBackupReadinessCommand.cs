using System;
using System.Management.Automation;
using AzBackupTroubleshoot.Hosting;

namespace AzBackupTroubleshoot.Commands
{
    /// <summary>
    /// Tests whether Azure Backup can back up one VM, a resource group's VMs or a subscription's, from
    /// what Azure Resource Manager shows, and returns one object per VM with its findings.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "AzVmBackupReadiness", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(VmBackupReadiness))]
    public sealed class TestAzVmBackupReadinessCommand : PSCmdlet, IDisposable
    {
        private const string NameSet = "Name";
        private const string ResourceGroupSet = "ResourceGroup";
        private const string ResourceIdSet = "ResourceId";
        private const string SubscriptionSet = "Subscription";

        private string _language = "en";
        // Typed as object so that PowerShell can reflect over this class before the engine loads.
        private IDisposable? _runner;

        /// <summary>The VM's resource group; alone, every VM in the group.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ResourceGroupSet)]
        [ValidateNotNullOrEmpty]
        public string ResourceGroupName { get; set; } = string.Empty;

        /// <summary>The VM's name.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
        [Alias("VMName")]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        /// <summary>The resource id of a VM, a resource group or a subscription.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ResourceIdSet)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string ResourceId { get; set; } = string.Empty;

        /// <summary>Every VM of this subscription; (Get-AzContext).Subscription.Id is the current one.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SubscriptionSet)]
        [ValidateNotNullOrEmpty]
        public string SubscriptionId { get; set; } = string.Empty;

        /// <summary>Only these checks (ids such as VmAgent.Status).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(CheckIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Check { get; set; }

        /// <summary>All checks but these.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(CheckIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? ExcludeCheck { get; set; }

        /// <summary>ja or en; by default the session's UI culture.</summary>
        [Parameter]
        [ValidateSet("ja", "en", IgnoreCase = true)]
        public string? Language { get; set; }

        /// <summary>An Az context (Get-AzContext) to use instead of the current one; passed on to Get-AzAccessToken.</summary>
        [Parameter]
        [Alias("AzContext", "AzureRmContext", "AzureCredential")]
        public object? DefaultProfile { get; set; }

        protected override void BeginProcessing()
        {
            _language = RemedyAdapter.ResolveLanguage(Language);
            var invalid = ReadinessRunner.ValidateChecks(Check, ExcludeCheck);
            if (invalid != null)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException(CmdletText.UnknownCheck(_language, invalid)), "UnknownCheckId", ErrorCategory.InvalidArgument, Check ?? ExcludeCheck));
            }

            try
            {
                _runner = ReadinessRunner.Start(this, DefaultProfile, Check, ExcludeCheck, _language);
            }
            catch (TerminatingLoginError ex)
            {
                ThrowTerminatingError(ex.Record);
            }
        }

        protected override void ProcessRecord()
        {
            var runner = (ReadinessRunner)_runner!;
            var scopeId = ParameterSetName switch
            {
                NameSet => $"/subscriptions/{runner.Login.SubscriptionId}/resourceGroups/{ResourceGroupName}/providers/Microsoft.Compute/virtualMachines/{Name}",
                ResourceGroupSet => $"/subscriptions/{runner.Login.SubscriptionId}/resourceGroups/{ResourceGroupName}",
                SubscriptionSet => "/subscriptions/" + SubscriptionId.Trim(),
                _ => ResourceId.Trim(),
            };
            var invalid = ReadinessRunner.ValidateResourceId(scopeId);
            if (invalid != null)
            {
                WriteError(new ErrorRecord(new ArgumentException(CmdletText.InvalidResourceId(_language, invalid)), "InvalidResourceId", ErrorCategory.InvalidArgument, scopeId)
                {
                    ErrorDetails = new ErrorDetails(CmdletText.InvalidResourceId(_language, invalid)) { RecommendedAction = CmdletText.InvalidResourceIdAction(_language) },
                });
                return;
            }

            runner.Enqueue(scopeId);
            Drain(untilDone: false);
        }

        protected override void EndProcessing() => Drain(untilDone: true);

        protected override void StopProcessing() => (_runner as ReadinessRunner)?.Cancel();

        public void Dispose()
        {
            _runner?.Dispose();
            _runner = null;
        }

        private void Drain(bool untilDone)
        {
            try
            {
                ((ReadinessRunner)_runner!).Drain(untilDone);
            }
            catch (TerminatingLoginError ex)
            {
                ThrowTerminatingError(ex.Record);
            }
        }
    }
}
