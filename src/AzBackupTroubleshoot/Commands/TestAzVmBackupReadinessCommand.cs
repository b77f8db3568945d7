using System;
using System.Linq;
using System.Management.Automation;
using AzBackupTroubleshoot.Hosting;

namespace AzBackupTroubleshoot.Commands
{
    /// <summary>
    /// Tests whether Azure Backup can back up one VM, a resource group's VMs, a subscription's, or those of many
    /// subscriptions or management groups (through Azure Resource Graph), from what Azure Resource Manager shows,
    /// and returns one object per VM with its findings.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "AzVmBackupReadiness", DefaultParameterSetName = ResourceGroupSet)]
    [OutputType(typeof(VmBackupReadiness))]
    public sealed class TestAzVmBackupReadinessCommand : ArmCmdlet, IDisposable
    {
        // Binding, as tried in pwsh 7.6.9 (pinned by tests/pester): the default set has no mandatory
        // parameter, so the command alone scans the current subscription; Get-AzVM output binds
        // ResourceGroupName and Name, Get-AzResourceGroup output ResourceGroupName alone; plain id
        // strings bind -ResourceId by value.
        private const string ResourceGroupSet = "ResourceGroup";
        private const string ResourceIdSet = "ResourceId";
        private const string SubscriptionSet = "Subscription";
        private const string ManagementGroupSet = "ManagementGroup";

        private string _language = "en";
        // Typed as object so that PowerShell can reflect over this class before the engine loads.
        private IDisposable? _runner;

        /// <summary>The resource group; alone, every VM in it. Without it (and without -Name), the current subscription.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ResourceGroupSet)]
        [ArgumentCompleter(typeof(ResourceGroupNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string? ResourceGroupName { get; set; }

        /// <summary>The names of VMs in the resource group.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = ResourceGroupSet)]
        [Alias("VMName")]
        [ArgumentCompleter(typeof(VmNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        /// <summary>Resource ids of VMs, resource groups or subscriptions (strings pipe in here).</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ResourceIdSet)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[] ResourceId { get; set; } = new string[0];

        /// <summary>Every VM of these subscriptions (GUIDs). One is scanned through ARM; several through Azure Resource Graph.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SubscriptionSet)]
        [ValidateNotNullOrEmpty]
        public string[] SubscriptionId { get; set; } = new string[0];

        /// <summary>Every VM of the subscriptions under these management groups (names or ids), through Azure Resource Graph.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ManagementGroupSet)]
        [ValidateNotNullOrEmpty]
        public string[] ManagementGroupId { get; set; } = new string[0];

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

        /// <summary>Also run the in-guest checks (Guest.*) through Run Command on VMs whose agent is Ready.</summary>
        [Parameter]
        public SwitchParameter InGuest { get; set; }

        protected override void BeginProcessing()
        {
            _language = RemedyAdapter.ResolveLanguage(Language);
            var invalid = ReadinessRunner.ValidateChecks(Check, ExcludeCheck);
            if (invalid != null)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException(CmdletText.UnknownCheck(_language, invalid)), ErrorIds.UnknownCheckId, ErrorCategory.InvalidArgument, Check ?? ExcludeCheck));
            }

            // Guest checks change nothing in the VM but do run a script in it: only on request (-InGuest), never implied by -Check.
            var guestOnly = ReadinessRunner.GuestChecksNamed(Check, ExcludeCheck);
            if (!InGuest.IsPresent && guestOnly != null)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException(CmdletText.GuestCheckNeedsInGuest(_language, guestOnly)), ErrorIds.GuestCheckNeedsInGuest, ErrorCategory.InvalidArgument, Check ?? ExcludeCheck));
            }

            try
            {
                _runner = ReadinessRunner.Start(this, DefaultProfile, Check, ExcludeCheck, _language, InGuest.IsPresent);
            }
            catch (TerminatingLoginError ex)
            {
                ThrowTerminatingError(ex.Record);
            }
        }

        protected override void ProcessRecord()
        {
            var runner = (ReadinessRunner)_runner!;
            if (ParameterSetName == ManagementGroupSet)
            {
                runner.EnqueueManagementGroups(ManagementGroupId);
                Drain(untilDone: false);
                return;
            }

            // Several subscriptions go to Resource Graph in one scan; one keeps the ARM scan.
            var scopes = ScopeIds(runner.Login.SubscriptionId).ToList();
            if (ParameterSetName == SubscriptionSet && scopes.Count(s => s != null) > 1)
            {
                runner.EnqueueSubscriptions(scopes.Where(s => s != null).Select(s => s!.Substring("/subscriptions/".Length)).ToArray());
                Drain(untilDone: false);
                return;
            }

            foreach (var scopeId in scopes)
            {
                if (scopeId == null) continue;
                var invalid = ReadinessRunner.ValidateResourceId(scopeId);
                if (invalid != null)
                {
                    WriteInvalidArgument(CmdletText.InvalidResourceId(_language, invalid), CmdletText.InvalidResourceIdAction(_language), ErrorIds.InvalidResourceId, scopeId);
                    continue;
                }

                runner.Enqueue(scopeId);
            }

            Drain(untilDone: false);
        }

        /// <summary>The scopes this input names; null for an input that was refused with an error.</summary>
        private System.Collections.Generic.IEnumerable<string?> ScopeIds(string currentSubscription)
        {
            switch (ParameterSetName)
            {
                case SubscriptionSet:
                    foreach (var id in SubscriptionId)
                    {
                        var trimmed = id.Trim();
                        if (Guid.TryParse(trimmed, out _)) yield return "/subscriptions/" + trimmed;
                        else
                        {
                            WriteInvalidArgument(CmdletText.InvalidSubscriptionId(_language, id), CmdletText.InvalidSubscriptionIdAction(_language), ErrorIds.InvalidSubscriptionId, id);
                            yield return null;
                        }
                    }

                    break;
                case ResourceIdSet:
                    foreach (var id in ResourceId) yield return id.Trim();
                    break;
                default:
                    var group = ResourceGroupName;
                    if (string.IsNullOrWhiteSpace(group))
                    {
                        if (Name != null && Name.Length > 0)
                        {
                            WriteInvalidArgument(CmdletText.NameWithoutGroup(_language, string.Join(", ", Name)), CmdletText.NameWithoutGroupAction(_language), ErrorIds.NameWithoutResourceGroup, Name);
                            yield return null;
                            break;
                        }

                        yield return "/subscriptions/" + currentSubscription;
                        break;
                    }

                    var groupId = $"/subscriptions/{currentSubscription}/resourceGroups/{group!.Trim()}";
                    if (Name == null || Name.Length == 0) yield return groupId;
                    else foreach (var name in Name) yield return groupId + "/providers/Microsoft.Compute/virtualMachines/" + name.Trim();
                    break;
            }
        }

        private void WriteInvalidArgument(string message, string action, string errorId, object target) =>
            WriteError(new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = action },
            });

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
