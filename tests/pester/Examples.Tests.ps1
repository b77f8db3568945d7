#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Every PowerShell example of the README and of docs/ runs, against the ARM emulator serving the demo
# estate, so that the front door cannot drift from the code. Examples that need a real Azure login
# run with look-alike Az commands (below); the few that cannot run here are listed with the reason.

BeforeDiscovery {
    $root = (Resolve-Path "$PSScriptRoot/../..").Path
    $files = @(Get-Item "$root/README.md") + @(Get-ChildItem "$root/docs" -Recurse -Filter '*.md')
    $script:examples = foreach ($file in $files) {
        $text = Get-Content $file.FullName -Raw
        $n = 0
        foreach ($match in [regex]::Matches($text, '(?ms)^```powershell\r?\n(.*?)^```')) {
            $n++
            @{ File = $file.FullName.Substring($root.Length + 1); Number = $n; Code = $match.Groups[1].Value }
        }
    }
}

BeforeAll {
    . "$PSScriptRoot/TestSupport.ps1"
    Import-Module (Get-TestModulePath) -Force
    . "$PSScriptRoot/ArmEmulatorSession.ps1"
    # Operations end at their first poll, so examples with -Wait need no pause.
    $null = Start-ArmEmulatorSession -WorldPath "$RepositoryRoot/demo/world" -OperationPolls 0
    $world = "$RepositoryRoot/demo/world"

    # What cannot run here, and why. Anything else must run.
    $notRunnable = @{
        'Install-Module'         = 'installs from the PowerShell Gallery, which this machine cannot reach'
        './build.ps1 -Task Demo' = 'runs the whole demo, tested on its own by the Demo test below'
    }

    # Look-alike Az commands, answering from the demo estate as Az would.
    function global:Connect-AzAccount { param([switch] $Identity) [pscustomobject]@{ Context = Get-AzContext } }
    function global:Get-AzVM {
        param([string] $ResourceGroupName, [string] $Name)
        Get-ChildItem "$world/virtualMachines" -Filter *.json | ForEach-Object { Get-Content $_.FullName -Raw | ConvertFrom-Json } |
            Where-Object { (-not $ResourceGroupName -or $_.id -match "/resourceGroups/$ResourceGroupName/") -and (-not $Name -or $_.name -eq $Name) } |
            ForEach-Object { New-AzVmLookalike -ResourceGroupName ($_.id -split '/')[4] -Name $_.name }
    }
    function global:Get-AzResourceGroup { param([string] $Name = 'rg-demo') New-AzResourceGroupLookalike $Name }
    function global:Get-AzSubscription { [pscustomobject]@{ Id = $DemoSubscription; Name = 'Demo'; State = 'Enabled' } }
    function global:Get-AzRecoveryServicesBackupJob {
        param($VaultId, [string] $Status, $From, $To)
        Get-ChildItem "$world/backupJobs" -Filter *.json | ForEach-Object { (Get-Content $_.FullName -Raw | ConvertFrom-Json).properties } |
            Where-Object { -not $Status -or $_.status -eq $Status } |
            ForEach-Object { New-AzBackupJobLookalike -WorkloadName $_.entityFriendlyName -Errors @($_.errorDetails | ForEach-Object { @{ Code = $_.errorCode; Message = $_.errorString } }) }
    }
    $global:vault = [pscustomobject]@{ ID = "/subscriptions/$DemoSubscription/resourceGroups/rg-demo-backup/providers/Microsoft.RecoveryServices/vaults/rsv-demo-jpe"; Name = 'rsv-demo-jpe' }

    # Examples run in a scratch folder (they write files), where ./out is the built module's.
    $scratch = Join-Path ([IO.Path]::GetTempPath()) "azbt-examples-$PID"
    $null = New-Item -ItemType Directory -Force $scratch
    $null = New-Item -ItemType SymbolicLink -Path "$scratch/out" -Target "$RepositoryRoot/out" -ErrorAction SilentlyContinue
    "/subscriptions/$DemoSubscription/resourceGroups/rg-demo/providers/Microsoft.Compute/virtualMachines/web01" | Set-Content "$scratch/vm-ids.txt"
}

AfterAll {
    Stop-ArmEmulatorSession
    # The README imports the module from ./out of the scratch folder: leave none of it behind.
    Remove-Module AzBackupTroubleshoot -ErrorAction SilentlyContinue
    Remove-Item Function:\Connect-AzAccount, Function:\Get-AzVM, Function:\Get-AzResourceGroup, Function:\Get-AzSubscription, Function:\Get-AzRecoveryServicesBackupJob -ErrorAction SilentlyContinue
    Remove-Item -Recurse -Force $scratch -ErrorAction SilentlyContinue
}

Describe 'Examples' {
    It '<File> example <Number> runs' -ForEach $examples {
        $reason = $notRunnable.Keys | Where-Object { $Code.Contains($_) } | ForEach-Object { $notRunnable[$_] } | Select-Object -First 1
        if ($reason) { Set-ItResult -Skipped -Because $reason; return }
        Push-Location $scratch
        try {
            # Errors an example means to show say so with -ErrorAction Continue.
            $output = & ([scriptblock]::Create($Code)) *>&1 | ForEach-Object { $_ }
            $errors = @($output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            if ($Code -notmatch '-ErrorAction Continue') { $errors | ForEach-Object { "$_" } | Should -BeNullOrEmpty }
        }
        finally {
            Pop-Location
        }
    }
}

Describe 'Demo' {
    It 'runs build.ps1 -Task Demo to the end and shows the demo estate''s failures' {
        $out = Invoke-NewPwsh -Script "& '$RepositoryRoot/build.ps1' -Task Demo -NoBuild -Configuration $(if ($env:AZBT_CONFIGURATION) { $env:AZBT_CONFIGURATION } else { 'Release' })"
        $text = $out -join "`n"
        foreach ($vm in 'web02', 'app01', 'big01', 'retired01') { $text | Should -Match "\b$vm\b" }
        $text | Should -Match 'UserErrorGuestAgentStatusUnavailable'
        $text | Should -Match 'no-such-vm'
    }
}
