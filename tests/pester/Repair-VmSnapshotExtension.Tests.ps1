#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Runs against the built module and a fresh ARM emulator per test (repairs change the world), in a
# non-interactive pwsh: a prompt nobody answers fails the test instead of hanging it.

BeforeAll {
    . "$PSScriptRoot/TestSupport.ps1"
    Import-Module (Get-TestModulePath) -Force
    . "$PSScriptRoot/ArmEmulatorSession.ps1"
    $sub = $DemoSubscription
    $world = "$PSScriptRoot/../../demo/world"

    function VmId([string] $Name) { "/subscriptions/$sub/resourceGroups/rg-demo/providers/Microsoft.Compute/virtualMachines/$Name" }

    # Every request but reads, in order, from the emulator's own log.
    function Get-WriteRequest {
        (Invoke-RestMethod -SkipCertificateCheck -Uri "$($ArmEmulator.Url)x-emulator/requests").value |
            Where-Object method -ne 'GET' | ForEach-Object { "$($_.method) $($_.path)" }
    }

    # A host that answers every ShouldProcess question with one choice and counts the questions: how a
    # user declining at the prompt is tried without a console.
    Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

public sealed class AnsweringHost : PSHost
{
    private readonly AnsweringHostUI _ui;
    public AnsweringHost(string answer) { _ui = new AnsweringHostUI(answer); }
    public List<string> Questions { get { return _ui.Questions; } }
    public override CultureInfo CurrentCulture { get { return CultureInfo.GetCultureInfo("en-US"); } }
    public override CultureInfo CurrentUICulture { get { return CultureInfo.GetCultureInfo("en-US"); } }
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override string Name { get { return "AnsweringHost"; } }
    public override PSHostUserInterface UI { get { return _ui; } }
    public override Version Version { get { return new Version(1, 0); } }
    public override void EnterNestedPrompt() { throw new NotSupportedException(); }
    public override void ExitNestedPrompt() { throw new NotSupportedException(); }
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) { }
}

public sealed class AnsweringHostUI : PSHostUserInterface
{
    private readonly string _answer;
    public AnsweringHostUI(string answer) { _answer = answer; }
    public List<string> Questions { get; } = new List<string>();
    public override PSHostRawUserInterface RawUI { get { return null; } }
    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        Questions.Add(message);
        for (var i = 0; i < choices.Count; i++) if (choices[i].Label.Replace("&", "") == _answer) return i;
        throw new InvalidOperationException("No choice labelled " + _answer);
    }
    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) { throw new NotSupportedException(); }
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) { throw new NotSupportedException(); }
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) { throw new NotSupportedException(); }
    public override string ReadLine() { throw new NotSupportedException(); }
    public override SecureString ReadLineAsSecureString() { throw new NotSupportedException(); }
    public override void Write(string value) { }
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) { }
    public override void WriteLine(string value) { }
    public override void WriteErrorLine(string value) { }
    public override void WriteDebugLine(string message) { }
    public override void WriteProgress(long sourceId, ProgressRecord record) { }
    public override void WriteVerboseLine(string message) { }
    public override void WriteWarningLine(string message) { }
}
'@

    # Runs a script in a runspace of this process whose host answers prompts with $Answer.
    function Invoke-WithAnswer {
        param([string] $Answer, [string] $Script)
        $answering = [AnsweringHost]::new($Answer)
        $runspace = [runspacefactory]::CreateRunspace($answering)
        $runspace.Open()
        try {
            $shell = [PowerShell]::Create()
            $shell.Runspace = $runspace
            $null = $shell.AddScript((Get-ArmEmulatorRunspacePrelude -ModulePath (Get-TestModulePath)) + "`n" + $Script)
            $output = $shell.Invoke()
            [pscustomobject]@{ Output = $output; Questions = $answering.Questions; Errors = @($shell.Streams.Error) }
        }
        finally {
            $runspace.Dispose()
        }
    }
}

AfterAll {
    Remove-Module AzBackupTroubleshoot -ErrorAction SilentlyContinue
}

Describe 'Repair-VmSnapshotExtension' {
    BeforeEach {
        $null = Start-ArmEmulatorSession -WorldPath $world -OperationPolls 0
    }

    AfterEach {
        Stop-ArmEmulatorSession
    }

    Context 'binding' {
        It 'takes -ResourceGroupName and -Name, by name and by position' {
            $r = Repair-VmSnapshotExtension -ResourceGroupName rg-demo -Name web01 -Language en
            $r.PSObject.TypeNames[0] | Should -Be 'AzBackupTroubleshoot.VmSnapshotRepair'
            $r.Id | Should -Be (VmId web01)
            (Repair-VmSnapshotExtension rg-demo db01, file01 -Language en).Name | Should -Be @('db01', 'file01')
        }

        It 'binds Get-AzVM output by its Id, and plain id strings by value' {
            ('db01', 'web01' | ForEach-Object { New-AzVmLookalike -Name $_ } | Repair-VmSnapshotExtension -Language en).Name | Should -Be @('db01', 'web01')
            (VmId tl01 | Repair-VmSnapshotExtension -Language en).Name | Should -Be 'tl01'
            (Repair-VmSnapshotExtension -Id (VmId file01) -Language en).Name | Should -Be 'file01'
        }

        It 'binds readiness reports (Where-Object Status -eq Fail) and repairs each failing VM once' {
            $failing = Test-AzVmBackupReadiness -ResourceGroupName rg-demo -Language en -WarningAction SilentlyContinue | Where-Object Status -eq Fail | Where-Object Name -ne 'retired01'
            $repaired = $failing | Repair-VmSnapshotExtension -Language en
            $repaired.Name | Should -Be $failing.Name
            # Findings carry VmId: several findings of one VM make one repair.
            $findings = $failing.Findings | Where-Object { $_.Status -eq 'Fail' -and $_.VmName -in 'app02', 'lnx02' }
            $findings.Count | Should -BeGreaterThan 2
            ($findings | Repair-VmSnapshotExtension -Language en).Name | Should -Be @('app02', 'lnx02')
        }
    }

    Context 'what it writes' {
        It 'deletes only the backup extension, restarts the agent and starts the backup' {
            $r = Repair-VmSnapshotExtension -ResourceGroupName rg-demo -Name app02 -RestartGuestAgent -TriggerBackup -Wait -Language en
            $r.Status | Should -Be 'Done'
            ($r.Steps | ForEach-Object { "$($_.Step)=$($_.Outcome)" }) | Should -Be @('RemoveExtension=Done', 'RestartGuestAgent=Done', 'TriggerBackup=Done', 'WaitForBackup=Done')
            $r.BackupJob.Status | Should -Be 'Completed'
            $writes = Get-WriteRequest
            $writes[0] | Should -Be "DELETE $(VmId app02)/extensions/VMSnapshot"
            $writes[1] | Should -Be "POST $(VmId app02)/runCommand"
            $writes[2] | Should -BeLike "POST /subscriptions/$sub/resourceGroups/rg-demo-backup/providers/Microsoft.RecoveryServices/vaults/*/protectedItems/VM;iaasvmcontainerv2;rg-demo;app02/backup"
            $writes.Count | Should -Be 3
        }

        It 'writes nothing with -WhatIf, and says what it would do' {
            $r = Repair-VmSnapshotExtension -ResourceGroupName rg-demo -Name app02, web01 -RestartGuestAgent -TriggerBackup -WhatIf -Language en
            $r.Status | Should -Be @('WhatIf', 'WhatIf')
            ($r[0].Steps | Where-Object Outcome -eq 'WhatIf').Step | Should -Be @('RemoveExtension', 'RestartGuestAgent', 'TriggerBackup')
            Get-WriteRequest | Should -BeNullOrEmpty
        }

        It 'writes nothing when every question is declined at -Confirm, and asks once per write' {
            $run = Invoke-WithAnswer -Answer 'No' -Script 'Repair-VmSnapshotExtension -ResourceGroupName rg-demo -Name app02 -TriggerBackup -Confirm -Language en'
            $run.Errors | Should -BeNullOrEmpty
            $run.Questions.Count | Should -Be 2
            $run.Output[0].Steps.Outcome | Should -Be @('Skipped', 'Skipped')
            $run.Output[0].Steps[0].Reason | Should -BeLike 'Declined:*'
            Get-WriteRequest | Should -BeNullOrEmpty
        }

        It 'asks nothing with -Force, even with -Confirm' {
            $run = Invoke-WithAnswer -Answer 'No' -Script 'Repair-VmSnapshotExtension -ResourceGroupName rg-demo -Name app02 -Confirm -Force -Language en'
            $run.Questions.Count | Should -Be 0
            $run.Output[0].Status | Should -Be 'Done'
            Get-WriteRequest | Should -Be @("DELETE $(VmId app02)/extensions/VMSnapshot")
        }

        It 'deletes nothing where there is no extension, and the backup still starts' {
            $r = Repair-VmSnapshotExtension -ResourceGroupName rg-demo -Name big01 -TriggerBackup -Language en
            $r.Steps[0].Outcome | Should -Be 'Skipped'
            $r.BackupJob.Status | Should -Be 'InProgress'
            Get-WriteRequest | Where-Object { $_ -like 'DELETE*' } | Should -BeNullOrEmpty
        }
    }

    Context 'what it cannot do' {
        It 'reports an extension stuck in deletion with its remedy, without touching it' {
            $r = Repair-VmSnapshotExtension -ResourceGroupName rg-demo -Name lnx02 -Language en
            $r.Status | Should -Be 'Failed'
            $r.RemedyCode | Should -Be 'ExtensionStuckInDeletionState'
            ($r | Get-BackupErrorRemedy -Language en).Code | Should -Be 'ExtensionStuckInDeletionState'
            Get-WriteRequest | Should -BeNullOrEmpty
        }

        It 'warns that a deallocated VM gets its extension back only with a backup of a running VM' {
            $r = Repair-VmSnapshotExtension -ResourceGroupName rg-demo -Name stopped01 -Language en -WarningVariable warned -WarningAction SilentlyContinue
            "$warned" | Should -BeLike '*not running*'
            $r.Warnings | Should -Not -BeNullOrEmpty
            $r.Steps[0].Outcome | Should -Be 'Done'
        }

        It 'skips the agent restart with the reason when the agent is not Ready' {
            $r = Repair-VmSnapshotExtension -ResourceGroupName rg-demo -Name web02 -RestartGuestAgent -Language en
            $step = $r.Steps | Where-Object Step -eq 'RestartGuestAgent'
            $step.Outcome | Should -Be 'Skipped'
            $step.Reason | Should -BeLike '*Not Ready*'
            Get-WriteRequest | Where-Object { $_ -like '*/runCommand' } | Should -BeNullOrEmpty
        }

        It 'returns a failed backup job with the remedies of its errors' {
            $r = Repair-VmSnapshotExtension -ResourceGroupName rg-demo -Name app01 -TriggerBackup -Wait -Language en
            $r.Status | Should -Be 'Failed'
            $r.BackupJob.Status | Should -Be 'Failed'
            $r.BackupJob.RemedyCodes | Should -Contain 'ExtensionSnapshotFailedNoNetwork'
            $r.RemedyCode | Should -Be 'ExtensionSnapshotFailedNoNetwork'
        }

        It 'stops waiting for a backup job at -TimeoutSeconds and says it goes on' {
            $r = Repair-VmSnapshotExtension -ResourceGroupName rg-demo -Name db02 -TriggerBackup -Wait -TimeoutSeconds 1 -Language en
            $wait = $r.Steps | Where-Object Step -eq 'WaitForBackup'
            $wait.Outcome | Should -Be 'Failed'
            $wait.Reason | Should -BeLike '*still InProgress*'
            $r.BackupJob.Status | Should -Be 'InProgress'
        }
    }

    Context 'errors' {
        It 'refuses an id that is not a VM, and goes on with the next' {
            $r = Repair-VmSnapshotExtension -ResourceId "/subscriptions/$sub/resourceGroups/rg-demo", (VmId web01) -Language en -ErrorVariable errs -ErrorAction SilentlyContinue
            $r.Name | Should -Be 'web01'
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidResourceId,*'
            $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        }

        It 'says a VM that does not exist is not found' {
            Repair-VmSnapshotExtension rg-demo nosuchvm -Language en -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'VmNotReadable,*'
            $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }

        It 'refuses -Wait and -RetainUntil without -TriggerBackup, and a retention date in the past' {
            { Repair-VmSnapshotExtension rg-demo web01 -Wait -ErrorAction Stop } | Should -Throw -ErrorId 'OptionNeedsTriggerBackup,*'
            { Repair-VmSnapshotExtension rg-demo web01 -TriggerBackup -RetainUntil (Get-Date).AddDays(-1) -ErrorAction Stop } | Should -Throw -ErrorId 'RetainUntilInPast,*'
            Get-WriteRequest | Should -BeNullOrEmpty
        }

        It 'keeps the recovery point until -RetainUntil' {
            $until = [datetime]::new(2030, 1, 31, 0, 0, 0, [DateTimeKind]::Utc)
            $r = Repair-VmSnapshotExtension rg-demo big01 -TriggerBackup -RetainUntil $until -Language en
            ($r.Steps | Where-Object Step -eq 'TriggerBackup').Reason | Should -BeLike '*2030-01-31*'
        }
    }

    Context 'output' {
        It 'fits the view in 80 columns in both languages, with every step whole' {
            foreach ($language in 'en', 'ja') {
                $r = Repair-VmSnapshotExtension -ResourceGroupName rg-demo -Name app01, lnx02 -RestartGuestAgent -TriggerBackup -Wait -Language $language
                $lines = ($r | Out-String -Width 80) -split "`r?`n"
                $lines | Where-Object { [AzBackupTroubleshoot.Formatting.TextLayout]::CellWidth($_) -gt 80 } | Should -BeNullOrEmpty
                # Wrapping only adds line breaks and indents: without white space, every reason reads whole.
                $flat = ($lines -join '') -replace '\s', ''
                foreach ($step in $r.Steps) {
                    $flat.Contains(($step.Reason -replace '\s', '')) | Should -BeTrue -Because "$($step.Step) reads whole in $language"
                }
            }
        }

        It 'stays rich for ConvertTo-Json and flat for Export-Csv' {
            $r = Repair-VmSnapshotExtension -ResourceGroupName rg-demo -Name app01 -TriggerBackup -Wait -Language en
            $json = $r | ConvertTo-Json -Depth 4 | ConvertFrom-Json
            $json.Steps.Step | Should -Contain 'WaitForBackup'
            $json.BackupJob.RemedyCodes | Should -Contain 'ExtensionSnapshotFailedNoNetwork'
            $csv = $r | ConvertTo-Csv | ConvertFrom-Csv
            $csv.BackupJob | Should -BeLike '* (Failed)'
            $csv.Warnings | Should -Not -BeLike 'System.*'
            $csv.Steps | Should -BeLike 'RemoveExtension: Skipped; TriggerBackup: Done; WaitForBackup: Failed'
        }
    }
}
