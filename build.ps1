<#
.SYNOPSIS
    Builds, tests, packages and demonstrates AzBackupTroubleshoot. A thin wrapper: dotnet does the work.
.EXAMPLE
    ./build.ps1 -Task Test
.EXAMPLE
    ./build.ps1 -Task Package -Configuration Release
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Demo')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$solution = Join-Path $root 'AzBackupTroubleshoot.sln'

function Get-ModuleOutputPath {
    $version = ([xml](Get-Content (Join-Path $root 'Directory.Build.props') -Raw)).Project.PropertyGroup.ModuleVersion | Where-Object { $_ } | Select-Object -First 1
    Join-Path $root "out/AzBackupTroubleshoot/$version"
}

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

switch ($Task) {
    'Build' {
        # Building the cmdlet project lays out out/AzBackupTroubleshoot/<version>/ (see its LayoutModule target).
        Invoke-Dotnet build $solution -c $Configuration
    }
    'Test' {
        Invoke-Dotnet test $solution -c $Configuration
        $pester = Get-Module -ListAvailable Pester | Where-Object Version -ge '5.0.0' | Sort-Object Version -Descending | Select-Object -First 1
        if ($pester) {
            Import-Module $pester
            $env:AZBT_MODULE_PATH = Join-Path (Get-ModuleOutputPath) 'AzBackupTroubleshoot.psd1'
            $config = New-PesterConfiguration
            $config.Run.Path = Join-Path $root 'tests/pester'
            $config.Run.Exit = $true
            $config.Output.Verbosity = 'Detailed'
            Invoke-Pester -Configuration $config
        }
        else {
            Write-Warning 'Pester 5 is not installed: the xunit tests ran, the Pester tests did not (Install-Module Pester -MinimumVersion 5.0).'
        }
    }
    'Package' {
        Invoke-Dotnet build $solution -c Release
        $out = Get-ModuleOutputPath
        $platyPS = Get-Module -ListAvailable platyPS | Sort-Object Version -Descending | Select-Object -First 1
        if ($platyPS) {
            Import-Module $platyPS
            foreach ($culture in 'en-US', 'ja-JP') {
                New-ExternalHelp -Path (Join-Path $root "docs/$culture") -OutputPath (Join-Path $out $culture) -Force | Out-Null
            }
        }
        else {
            Write-Warning 'platyPS is not installed: the package has no MAML help (Install-Module platyPS).'
        }
        Test-ModuleManifest (Join-Path $out 'AzBackupTroubleshoot.psd1') | Format-List Name, Version, ExportedCmdlets
        "Package ready in $out (Publish-Module -Path '$out' -NuGetApiKey ...)"
    }
    'Demo' {
        Invoke-Dotnet build $solution -c $Configuration
        & (Join-Path $root 'tests/pester/Demo.ps1') -ModulePath (Join-Path (Get-ModuleOutputPath) 'AzBackupTroubleshoot.psd1') -Configuration $Configuration
    }
}
