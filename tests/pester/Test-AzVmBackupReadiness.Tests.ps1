#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Runs against the packaged module and the ARM emulator serving demo/world (build.ps1 -Task Test).

BeforeAll {
    $modulePath = $env:AZBT_MODULE_PATH
    if (-not $modulePath) {
        $version = ([xml](Get-Content "$PSScriptRoot/../../Directory.Build.props" -Raw)).Project.PropertyGroup.ModuleVersion | Where-Object { $_ } | Select-Object -First 1
        $modulePath = "$PSScriptRoot/../../out/AzBackupTroubleshoot/$version/AzBackupTroubleshoot.psd1"
    }
    Import-Module $modulePath -Force
    . "$PSScriptRoot/ArmEmulatorSession.ps1"
    $null = Start-ArmEmulatorSession -WorldPath "$PSScriptRoot/../../demo/world"
    $sub = '0b1f6471-1bf0-4dda-aec3-cb9272f09590'
    $script:groupReports = Test-AzVmBackupReadiness -ResourceGroupName rg-demo -Language en
}

AfterAll {
    Stop-ArmEmulatorSession
    Remove-Module AzBackupTroubleshoot -ErrorAction SilentlyContinue
}

Describe 'Test-AzVmBackupReadiness' {
    It 'returns one typed report per VM of the group' {
        $groupReports | Should -Not -BeNullOrEmpty
        $groupReports | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'AzBackupTroubleshoot.VmBackupReadiness' }
        ($groupReports | Where-Object Name -eq 'web01').Status | Should -Be 'Pass'
        ($groupReports | Where-Object Name -eq 'web02').Status | Should -Be 'Fail'
    }

    It 'reports a deleted but protected VM' {
        ($groupReports | Where-Object Name -eq 'retired01').Findings.RemedyCode | Should -Contain 'BCMV2VMNotFound'
    }

    It 'pipes every finding into Get-BackupErrorRemedy, passing ones included' {
        $remedies = $groupReports | ForEach-Object Findings | Get-BackupErrorRemedy -Language en -ErrorAction Stop
        $remedies.Code | Should -Contain 'UserErrorGuestAgentStatusUnavailable'
        $remedies.Code | Should -Contain 'ExtensionStuckInDeletionState'
    }

    It 'takes Get-AzVM-shaped objects by property name, in input order' {
        $vms = 'db01', 'web01', 'lnx02' | ForEach-Object { [pscustomobject]@{ ResourceGroupName = 'rg-demo'; Name = $_; Id = "/subscriptions/$sub/resourceGroups/rg-demo/providers/Microsoft.Compute/virtualMachines/$_" } }
        ($vms | Test-AzVmBackupReadiness).Name | Should -Be @('db01', 'web01', 'lnx02')
    }

    It 'takes a resource id, a group id and a subscription' {
        (Test-AzVmBackupReadiness -ResourceId "/subscriptions/$sub/resourceGroups/rg-demo/providers/Microsoft.Compute/virtualMachines/app01").Name | Should -Be 'app01'
        @(Test-AzVmBackupReadiness -Id "/subscriptions/$sub/resourceGroups/rg-demo").Count | Should -Be $groupReports.Count
        @(Test-AzVmBackupReadiness -SubscriptionId $sub).Count | Should -Be $groupReports.Count
    }

    It 'runs only the checks asked for' {
        $report = Test-AzVmBackupReadiness rg-demo app01 -Check Network.NsgOutbound
        $report.Findings.CheckId | Should -Be @('Network.NsgOutbound')
        $report.Findings[0].RemedyCode | Should -Be 'ExtensionSnapshotFailedNoNetwork'
        (Test-AzVmBackupReadiness rg-demo app01 -ExcludeCheck Network.NsgOutbound).Findings.CheckId | Should -Not -Contain 'Network.NsgOutbound'
    }

    It 'speaks Japanese' {
        (Test-AzVmBackupReadiness rg-demo web02 -Language ja -Check VmAgent.Status).Findings[0].Detail | Should -Match '[\u3040-\u30ff]'
    }

    It 'writes a non-terminating ObjectNotFound error for a missing VM and goes on' {
        $reports = 'no-such-vm', 'web01' | ForEach-Object { [pscustomobject]@{ ResourceGroupName = 'rg-demo'; Name = $_ } } |
            Test-AzVmBackupReadiness -ErrorVariable errs -ErrorAction SilentlyContinue
        $reports.Name | Should -Be @('web01')
        $errs.Count | Should -Be 1
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'VmNotReadable,*'
        $errs[0].TargetObject | Should -BeLike '*/virtualMachines/no-such-vm'
    }

    It 'refuses an unknown check id before reading anything' {
        { Test-AzVmBackupReadiness rg-demo web01 -Check No.Such.Check -ErrorAction Stop } | Should -Throw -ErrorId 'UnknownCheckId,*'
    }

    It 'refuses an id that is not a VM, group or subscription' {
        Test-AzVmBackupReadiness -ResourceId 'vm01' -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidResourceId,*'
    }

    It 'writes the ARM requests to the verbose stream without the token' {
        $verbose = Test-AzVmBackupReadiness rg-demo web01 -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $verbose | Should -Not -BeNullOrEmpty
        ($verbose.Message -join "`n") | Should -Not -Match ([regex]::Escape($global:ArmEmulator.Token))
    }

    It 'says to run Connect-AzAccount when there is no Az login' {
        $saved = ${function:global:Get-AzContext}
        try {
            Remove-Item Function:\Get-AzContext
            if (Get-Command Get-AzContext -ErrorAction SilentlyContinue) { Set-ItResult -Skipped -Because 'Az.Accounts is installed here' }
            { Test-AzVmBackupReadiness rg-demo web01 -ErrorAction Stop } | Should -Throw -ErrorId 'AzAccountsNotFound,*'
        }
        finally {
            Set-Item Function:\global:Get-AzContext $saved
        }
    }

    It 'says to run Connect-AzAccount when the context has no account' {
        $saved = ${function:global:Get-AzContext}
        try {
            function global:Get-AzContext { param($DefaultProfile) $null }
            { Test-AzVmBackupReadiness rg-demo web01 -ErrorAction Stop } | Should -Throw -ErrorId 'AzNotSignedIn,*'
        }
        finally {
            Set-Item Function:\global:Get-AzContext $saved
        }
    }
}
