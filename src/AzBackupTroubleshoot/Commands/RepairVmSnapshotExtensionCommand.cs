using System;
using System.Management.Automation;
using AzBackupTroubleshoot.Hosting;

namespace AzBackupTroubleshoot.Commands
{
    /// <summary>
    /// Removes a VM's backup extension (VMSnapshot, VMSnapshotLinux) so that the next backup reinstalls
    /// it; on request restarts the guest agent and starts an on-demand backup, and waits for its result.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Repair, "VmSnapshotExtension", DefaultParameterSetName = ResourceIdSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(VmSnapshotRepair))]
    public sealed class RepairVmSnapshotExtensionCommand : ArmCmdlet, IDisposable
    {
        // Binding, as tried in pwsh 7.6.9 (pinned by tests/pester): objects with an Id (Get-AzVM output,
        // readiness reports) bind -ResourceId by property name, so the VM's own subscription is used;
        // readiness findings bind it through VmId; plain id strings bind by value.
        private const string ResourceIdSet = "ResourceId";
        private const string ResourceGroupSet = "ResourceGroup";

        private string _language = "en";
        // Typed as object so that PowerShell can reflect over this class before the engine loads.
        private IDisposable? _runner;

        /// <summary>The VM's resource group (the current subscription's).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ResourceGroupSet)]
        [ArgumentCompleter(typeof(ResourceGroupNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string? ResourceGroupName { get; set; }

        /// <summary>The names of VMs in the resource group.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = ResourceGroupSet)]
        [Alias("VMName")]
        [ArgumentCompleter(typeof(VmNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        /// <summary>Resource ids of VMs (strings pipe in here).</summary>
        // No position: "rg vm" must bind the resource group set (tried in pwsh 7.6.9).
        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ResourceIdSet)]
        [Alias("Id", "VmId")]
        [ValidateNotNullOrEmpty]
        public string[] ResourceId { get; set; } = new string[0];

        /// <summary>Also restart the guest agent through Run Command, when the agent reports Ready.</summary>
        [Parameter]
        public SwitchParameter RestartGuestAgent { get; set; }

        /// <summary>Also start an on-demand backup of the VM's protected item.</summary>
        [Parameter]
        public SwitchParameter TriggerBackup { get; set; }

        /// <summary>Until when the on-demand recovery point is kept; by default 30 days from now.</summary>
        [Parameter]
        public DateTime? RetainUntil { get; set; }

        /// <summary>Wait for the backup job that -TriggerBackup starts, and report its result.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>Longest wait for each VM, for the extension's removal, Run Command and the backup job together.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSeconds { get; set; } = 1800;

        /// <summary>Make the changes without asking, even with -Confirm; -WhatIf still makes none.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void BeginProcessing()
        {
            _language = RemedyAdapter.ResolveLanguage(Language);
            if (!TriggerBackup.IsPresent && (Wait.IsPresent || RetainUntil.HasValue))
            {
                var option = Wait.IsPresent ? "-Wait" : "-RetainUntil";
                ThrowInvalidArgument(CmdletText.OptionNeedsTriggerBackup(_language, option), ErrorIds.OptionNeedsTriggerBackup, option);
            }

            DateTimeOffset? retainUntil = null;
            if (RetainUntil.HasValue)
            {
                // A DateTime without a kind (Get-Date '2027-01-31') is the user's local time.
                var value = RetainUntil.Value;
                retainUntil = new DateTimeOffset(value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Local).ToUniversalTime());
                if (retainUntil <= DateTimeOffset.UtcNow)
                {
                    ThrowInvalidArgument(CmdletText.RetainUntilInPast(_language, value), ErrorIds.RetainUntilInPast, value);
                }
            }

            try
            {
                _runner = RepairRunner.Start(this, DefaultProfile, _language, RestartGuestAgent.IsPresent, TriggerBackup.IsPresent, retainUntil,
                    Wait.IsPresent, TimeoutSeconds, Force.IsPresent, WhatIfRequested());
            }
            catch (TerminatingLoginError ex)
            {
                ThrowTerminatingError(ex.Record);
            }
        }

        protected override void ProcessRecord()
        {
            var runner = (RepairRunner)_runner!;
            foreach (var vmId in VmIds(runner.Login.SubscriptionId))
            {
                var invalid = RepairRunner.ValidateVmId(vmId);
                if (invalid != null)
                {
                    var message = CmdletText.NotAVmId(_language, invalid);
                    WriteError(new ErrorRecord(new ArgumentException(message), ErrorIds.InvalidResourceId, ErrorCategory.InvalidArgument, vmId)
                    {
                        ErrorDetails = new ErrorDetails(message) { RecommendedAction = CmdletText.NotAVmIdAction(_language) },
                    });
                    continue;
                }

                Run(() => runner.Repair(vmId));
            }
        }

        protected override void EndProcessing() => Run(() => ((RepairRunner)_runner!).Drain(untilDone: true));

        protected override void StopProcessing() => (_runner as RepairRunner)?.Cancel();

        public void Dispose()
        {
            _runner?.Dispose();
            _runner = null;
        }

        private System.Collections.Generic.IEnumerable<string> VmIds(string currentSubscription)
        {
            if (ParameterSetName == ResourceIdSet)
            {
                foreach (var id in ResourceId) yield return id.Trim();
                yield break;
            }

            foreach (var name in Name ?? new string[0])
            {
                yield return $"/subscriptions/{currentSubscription}/resourceGroups/{ResourceGroupName!.Trim()}/providers/Microsoft.Compute/virtualMachines/{name.Trim()}";
            }
        }

        // -WhatIf on the command line or $WhatIfPreference in the session: no write may reach ARM.
        private bool WhatIfRequested()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound)) return bound is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(bound);
            return LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
        }

        private void Run(Action work)
        {
            try
            {
                work();
            }
            catch (TerminatingLoginError ex)
            {
                ThrowTerminatingError(ex.Record);
            }
        }

        private void ThrowInvalidArgument(string message, string errorId, object target) =>
            ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target)
            {
                ErrorDetails = new ErrorDetails(message),
            });
    }
}
