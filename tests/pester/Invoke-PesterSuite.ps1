<#
.SYNOPSIS
    Runs the Pester tests in this folder against the built module and writes their counts as JSON.
    build.ps1 -Task Test starts it in a new, non-interactive pwsh: a prompt fails a test, never hangs it.
#>
param(
    [Parameter(Mandatory)] [string] $SummaryPath,
    [string] $Filter = $(if ($env:AZBT_PESTER_FILTER) { $env:AZBT_PESTER_FILTER } else { '*' })
)

$ErrorActionPreference = 'Stop'
Import-Module Pester -MinimumVersion 5.9.1
$config = New-PesterConfiguration
$config.Run.Path = @(Get-ChildItem $PSScriptRoot -Filter "$Filter.Tests.ps1" | ForEach-Object FullName)
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.Output.RenderMode = 'Plaintext'
$result = Invoke-Pester -Configuration $config
# A container that fails in BeforeAll counts its tests as failed, never as passed.
[pscustomobject]@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount
} | ConvertTo-Json | Set-Content -Path $SummaryPath -Encoding utf8
