#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# The Azure Automation runbook in docs/runbooks, run as Automation would run it, against the ARM
# emulator with a look-alike Connect-AzAccount -Identity, in a new non-interactive pwsh (no host UI).

BeforeAll {
    . "$PSScriptRoot/TestSupport.ps1"
    . "$PSScriptRoot/ArmEmulatorSession.ps1"
    $null = Start-ArmEmulatorSession -WorldPath "$RepositoryRoot/demo/world"
    $runbook = "$RepositoryRoot/docs/runbooks/Test-BackupReadiness.Runbook.ps1"
}

AfterAll {
    Stop-ArmEmulatorSession
}

Describe 'The readiness runbook' {
    It 'signs in with the managed identity, writes the report and outputs the failing VMs' {
        $reportPath = Join-Path $TestDrive 'nightly.html'
        $modulePath = Split-Path (Split-Path (Split-Path (Get-TestModulePath)))
        $lines = Invoke-NewPwsh -Script @"
`$env:PSModulePath = '$modulePath' + [System.IO.Path]::PathSeparator + `$env:PSModulePath
$(Get-ArmEmulatorRunspacePrelude -ModulePath (Get-TestModulePath))
function global:Connect-AzAccount { param([switch] `$Identity) if (-not `$Identity) { throw 'the runbook must sign in with -Identity' }; [pscustomobject]@{ Context = Get-AzContext } }
`$failing = & '$runbook' -ReportPath '$reportPath' -Language ja 2>`$null
`$failing | ForEach-Object { '{0}|{1}|{2}' -f `$_.PSObject.TypeNames[0], `$_.Name, `$_.Status }
"@
        $rows = $lines | Where-Object { $_ -like 'AzBackupTroubleshoot.*' }
        $rows | Should -Not -BeNullOrEmpty
        $rows | ForEach-Object { $_ | Should -BeLike 'AzBackupTroubleshoot.VmBackupReadiness|*|Fail' }
        ($rows | ForEach-Object { ($_ -split '\|')[1] }) | Should -Contain 'web02'
        ($rows | ForEach-Object { ($_ -split '\|')[1] }) | Should -Not -Contain 'web01'
        $html = Get-Content $reportPath -Raw -Encoding utf8
        $html | Should -Match 'web02'
        $html | Should -Match '[\u3040-\u30ff]'
    }
}
