<#
.SYNOPSIS
    Measures what a user feels first: Import-Module in a new pwsh (cold, then warm), the first
    Get-BackupErrorRemedy call, and the process's working set after a readiness scan of the demo
    estate. Writes a markdown table to bench/results/startup.md.
.EXAMPLE
    dotnet pwsh bench/Measure-ModuleStartup.ps1 -Runs 10
#>
param(
    [int] $Runs = 10,
    [string] $ModulePath
)

$ErrorActionPreference = 'Stop'
$root = (Resolve-Path "$PSScriptRoot/..").Path
. "$root/tests/pester/TestSupport.ps1"
if (-not $ModulePath) { $ModulePath = Get-TestModulePath }

$probe = @"
`$clock = [Diagnostics.Stopwatch]::StartNew()
Import-Module '$ModulePath'
`$import = `$clock.Elapsed.TotalMilliseconds
`$clock.Restart()
`$null = Get-BackupErrorRemedy 'VM Agent unable to communicate with Azure Backup'
`$first = `$clock.Elapsed.TotalMilliseconds
`$clock.Restart()
`$null = Get-BackupErrorRemedy 'VSS ライターの状態が正しくないため、スナップショット操作に失敗しました'
`$second = `$clock.Elapsed.TotalMilliseconds
. '$root/tests/pester/ArmEmulatorSession.ps1'
`$null = Start-ArmEmulatorSession -WorldPath '$root/demo/world'
`$clock.Restart()
`$reports = Test-AzVmBackupReadiness rg-demo
`$scan = `$clock.Elapsed.TotalMilliseconds
Stop-ArmEmulatorSession
[GC]::Collect()
`$ws = [Diagnostics.Process]::GetCurrentProcess().WorkingSet64 / 1MB
'{0:0.0} {1:0.0} {2:0.0} {3:0.0} {4:0.0} {5}' -f `$import, `$first, `$second, `$scan, `$ws, `$reports.Count
"@

$samples = foreach ($i in 0..$Runs) {
    $line = (Invoke-NewPwsh -Script $probe | Select-Object -Last 1) -split ' '
    [pscustomobject]@{ Run = $i; Import = [double]$line[0]; First = [double]$line[1]; Second = [double]$line[2]; Scan = [double]$line[3]; WorkingSetMB = [double]$line[4]; Vms = [int]$line[5] }
}

function Get-Median([double[]] $values) { $sorted = $values | Sort-Object; $sorted[[int][math]::Floor($sorted.Count / 2)] }
$cold = $samples[0]
$warm = $samples | Select-Object -Skip 1
$table = @(
    '| What | Cold (first process) | Warm (median of {0}) |' -f $warm.Count
    '| --- | --- | --- |'
    '| Import-Module in a new pwsh | {0:0} ms | {1:0} ms |' -f $cold.Import, (Get-Median $warm.Import)
    '| First Get-BackupErrorRemedy (catalog load + match) | {0:0} ms | {1:0} ms |' -f $cold.First, (Get-Median $warm.First)
    '| Second Get-BackupErrorRemedy (Japanese) | {0:0.0} ms | {1:0.0} ms |' -f $cold.Second, (Get-Median $warm.Second)
    '| Test-AzVmBackupReadiness of the demo group ({2} VMs, emulator) | {0:0} ms | {1:0} ms |' -f $cold.Scan, (Get-Median $warm.Scan), $cold.Vms
    '| Working set after the scan | {0:0} MB | {1:0} MB |' -f $cold.WorkingSetMB, (Get-Median $warm.WorkingSetMB)
)
$header = "Measured $(Get-Date -Format 'yyyy-MM-dd') on $([Environment]::ProcessorCount) cores, pwsh $($PSVersionTable.PSVersion), with ``dotnet pwsh bench/Measure-ModuleStartup.ps1 -Runs $Runs``."
$null = New-Item -ItemType Directory -Force "$root/bench/results"
@($header, '', $table) | Set-Content "$root/bench/results/startup.md" -Encoding utf8
$table
