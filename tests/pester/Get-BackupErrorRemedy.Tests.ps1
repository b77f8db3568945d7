#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Runs on machines with pwsh or Windows PowerShell against the packaged module (build.ps1 -Task Test).

BeforeAll {
    $modulePath = $env:AZBT_MODULE_PATH
    if (-not $modulePath) {
        $version = ([xml](Get-Content "$PSScriptRoot/../../Directory.Build.props" -Raw)).Project.PropertyGroup.ModuleVersion | Where-Object { $_ } | Select-Object -First 1
        $modulePath = "$PSScriptRoot/../../out/AzBackupTroubleshoot/$version/AzBackupTroubleshoot.psd1"
    }
    Import-Module $modulePath -Force
}

AfterAll {
    Remove-Module AzBackupTroubleshoot -ErrorAction SilentlyContinue
}

Describe 'Module' {
    It 'exports exactly the cmdlets of its manifest' {
        (Get-Command -Module AzBackupTroubleshoot).Name | Sort-Object | Should -Be @('Get-BackupErrorRemedy', 'Test-AzVmBackupReadiness')
    }

    It 'keeps the engine out of the default load context on PowerShell 7' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
        $null = Get-BackupErrorRemedy -Code 320001
        $engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'AzBackupTroubleshoot.Engine' }
        $engine | Should -Not -BeNullOrEmpty
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($engine).Name | Should -Be 'AzBackupTroubleshoot'
    }

    It 'leaves Az.Accounts working when both are loaded' -Skip:(-not (Get-Module -ListAvailable Az.Accounts)) {
        Import-Module Az.Accounts
        $null = Get-BackupErrorRemedy -Code 320001
        { Get-AzContext -ErrorAction Stop } | Should -Not -Throw
    }
}

Describe 'Get-BackupErrorRemedy' {
    It 'answers an English message' {
        $r = Get-BackupErrorRemedy 'VM Agent unable to communicate with Azure Backup' -Language en
        $r.Code | Should -Be 'UserErrorGuestAgentStatusUnavailable'
        $r.PSObject.TypeNames[0] | Should -Be 'AzBackupTroubleshoot.BackupErrorRemedy'
        $r.Language | Should -Be 'en'
        $r.Steps.Count | Should -BeGreaterThan 0
        $r.DocumentationUrl | Should -Match '^https://learn\.microsoft\.com/en-us/'
    }

    It 'answers a Japanese message in Japanese' {
        $r = 'VSS ライターの状態が正しくないため、スナップショット操作に失敗しました' | Get-BackupErrorRemedy -Language ja
        $r.Code | Should -Be 'ExtensionFailedVssWriterInBadState'
        $r.Title | Should -Match '[\u3040-\u30ff\u4e00-\u9fff]'
        $r.DocumentationUrl | Should -Match '/ja-jp/'
    }

    It 'answers a numeric code' {
        (Get-BackupErrorRemedy -Code 320001).Code | Should -Be 'ResourceNotFound'
    }

    It 'reads a job piped from Get-AzRecoveryServicesBackupJob by its ErrorDetails' {
        $job = [pscustomobject]@{
            JobId        = '3c2b1a09-8f7e-4d6c-b5a4-93827160fedc'
            WorkloadName = 'web-prod-01'
            Operation    = 'Backup'
            Status       = 'Failed'
            ErrorDetails = @(
                [pscustomobject]@{ ErrorCode = 400094; ErrorMessage = "An Azure virtual machine wasn't found."; Recommendations = @('Recreate the VM') }
                [pscustomobject]@{ ErrorCode = 0; ErrorMessage = 'Snapshot operation failed due to COM+ error'; Recommendations = @() }
            )
        }
        $r = $job | Get-BackupErrorRemedy
        $r.Code | Should -Be @('BCMV2VMNotFound', 'ExtensionSnapshotFailedCOM')
        $r.JobId | Select-Object -Unique | Should -Be $job.JobId
        $r.WorkloadName | Select-Object -Unique | Should -Be 'web-prod-01'
    }

    It 'reads ErrorDetails items piped on their own' {
        $detail = [pscustomobject]@{ ErrorCode = 380008; ErrorMessage = 'Failed to install Microsoft Recovery Services extension as virtual machine is not running'; Recommendations = @() }
        ($detail | Get-BackupErrorRemedy).Code | Should -Be 'AzureVmOffline'
    }

    It 'writes a non-terminating ObjectNotFound error for unknown text and goes on' {
        $out = 'The subscription could not be found.', 'Snapshot operation failed due to COM+ error' |
            Get-BackupErrorRemedy -ErrorVariable failures -ErrorAction SilentlyContinue
        $out.Code | Should -Be 'ExtensionSnapshotFailedCOM'
        $failures.Count | Should -Be 1
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].FullyQualifiedErrorId | Should -Be 'RemedyNotFound,AzBackupTroubleshoot.Commands.GetBackupErrorRemedyCommand'
        $failures[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
    }

    It 'says when a code is unknown' {
        Get-BackupErrorRemedy -Code NoSuchCode -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Match '^RemedyCodeNotFound,'
    }

    It 'shows runners-up with -Top' {
        $r = Get-BackupErrorRemedy 'Backup failed with an internal error' -Top 3
        $r.Count | Should -BeGreaterOrEqual 2
        $r.Rank | Should -Be (1..$r.Count)
        $r.Code | Should -Contain 'BackUpOperationFailed'
        $r.Code | Should -Contain 'BackUpOperationFailedV2'
    }

    It 'lists the catalog with -All' {
        (Get-BackupErrorRemedy -All).Count | Should -BeGreaterOrEqual 118
    }

    It 'completes -Code from the catalog' {
        $completion = TabExpansion2 -inputScript 'Get-BackupErrorRemedy -Code UserErrorGuest' -cursorColumn 42
        $completion.CompletionMatches.CompletionText | Should -Contain 'UserErrorGuestAgentStatusUnavailable'
    }

    It 'formats for an 80-column console' {
        $text = Get-BackupErrorRemedy -Code 320001 | Out-String -Width 80
        $text | Should -Match 'ResourceNotFound \(320001\)'
        ($text -split "`r?`n" | Where-Object { $_.Length -gt 80 }) | Should -BeNullOrEmpty
    }
}
