<#
.SYNOPSIS
    Builds, tests, packages and demonstrates AzBackupTroubleshoot. A thin wrapper: dotnet does the work.
.DESCRIPTION
    Every tool comes from the project's own files: PowerShell from .config/dotnet-tools.json, Pester from
    build/PowerShellModules.proj (NuGet), PlatyPS from PSModulePath (../shared/tools/modules is added
    when it exists). Run it with the PowerShell the tool manifest pins:

        dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
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
    [string] $Configuration = 'Release',

    # Test: only the Pester tests whose file name matches (for a quick loop; CI runs all).
    [string] $PesterFilter = '*',

    # Test, Package, Demo: use what the last build laid out instead of building again.
    [switch] $NoBuild
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$solution = Join-Path $root 'AzBackupTroubleshoot.sln'
$modulesCache = Join-Path $root 'out/modules'

function Get-ModuleVersion {
    (Select-Xml -Path (Join-Path $root 'Directory.Build.props') -XPath '//ModuleVersion').Node.InnerText
}

function Get-ModuleOutputPath {
    Join-Path $root "out/AzBackupTroubleshoot/$(Get-ModuleVersion)"
}

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

# Pester from NuGet (its tools/ folder is the module), laid out as a module folder on PSModulePath;
# PlatyPS from ../shared/tools/modules where that exists. Both are put first on PSModulePath, which
# child processes inherit.
function Initialize-Tools {
    $pesterVersion = (Select-Xml -Path (Join-Path $root 'build/PowerShellModules.proj') -XPath "//PackageDownload[@Include='Pester']").Node.Version.Trim('[', ']')
    $pesterModule = Join-Path $modulesCache "Pester/$pesterVersion"
    if (-not (Test-Path (Join-Path $pesterModule 'Pester.psd1'))) {
        $packages = Join-Path $root 'out/packages'
        Invoke-Dotnet restore (Join-Path $root 'build/PowerShellModules.proj') --packages $packages
        $null = New-Item -ItemType Directory -Force $pesterModule
        Copy-Item -Recurse -Force (Join-Path $packages "pester/$pesterVersion/tools/*") $pesterModule
    }

    $paths = @($modulesCache)
    $sharedModules = Join-Path $root '../shared/tools/modules'
    if (Test-Path $sharedModules) { $paths += (Resolve-Path $sharedModules).Path }
    $separator = [IO.Path]::PathSeparator
    $rest = @($env:PSModulePath -split [regex]::Escape($separator)) | Where-Object { $_ -and $paths -notcontains $_ }
    $env:PSModulePath = (@($paths) + @($rest)) -join $separator
}

# The report test renders pages in headless Chromium (Debian's chromium, with Noto CJK for the
# Japanese text). Installed here when missing on a Debian-like Linux; anywhere else the test itself
# fails with a clear message when it finds no browser.
function Initialize-Chromium {
    if (-not $IsLinux -or (Test-Path '/usr/bin/chromium')) { return }
    if (-not (Get-Command apt-get -ErrorAction SilentlyContinue)) {
        Write-Warning 'chromium is not installed and apt-get is missing: the report rendering test will fail.'
        return
    }

    Write-Host 'Installing chromium and fonts-noto-cjk for the report rendering test (apt-get)...'
    $env:DEBIAN_FRONTEND = 'noninteractive'
    & apt-get install -y --no-install-recommends chromium fonts-noto-cjk
    if ($LASTEXITCODE -ne 0) {
        # The package lists may be missing on a fresh machine: update them once and try again.
        & apt-get update
        & apt-get install -y --no-install-recommends chromium fonts-noto-cjk
    }

    if ($LASTEXITCODE -ne 0) { Write-Warning "apt-get install chromium failed with exit code ${LASTEXITCODE}: the report rendering test will fail." }
}

# MAML help for Get-Help, from the PlatyPS markdown in docs/<culture>/, into the module folder.
function Build-Help {
    param([switch] $Required)
    $platyPS = Get-Module -ListAvailable Microsoft.PowerShell.PlatyPS | Sort-Object Version -Descending | Select-Object -First 1
    if (-not $platyPS) {
        $message = 'Microsoft.PowerShell.PlatyPS is not on PSModulePath: the module has no MAML help (Install-PSResource Microsoft.PowerShell.PlatyPS).'
        if ($Required) { throw $message }
        Write-Warning $message
        return
    }

    Import-Module $platyPS
    $out = Get-ModuleOutputPath
    foreach ($culture in 'en-US', 'ja-JP') {
        $staging = Join-Path $root "out/help/$culture"
        $pages = Get-ChildItem (Join-Path $root "docs/$culture") -Filter '*-*.md'
        $null = $pages | ForEach-Object { Import-MarkdownCommandHelp -Path $_.FullName } | Export-MamlCommandHelp -OutputFolder $staging -Force
        $target = Join-Path $out $culture
        $null = New-Item -ItemType Directory -Force $target
        Copy-Item (Join-Path $staging 'AzBackupTroubleshoot/AzBackupTroubleshoot.dll-Help.xml') $target -Force
        Get-ChildItem (Join-Path $root "docs/$culture") -Filter 'about_*.help.txt' | Copy-Item -Destination $target -Force
    }
}

# The Gallery package (.nupkg), made as the Gallery would receive it: Publish-PSResource (PSResourceGet
# ships with PowerShell 7.4 and later) of the module folder to a repository registered, for the
# duration of the publish only, on the folder out/gallery.
function Build-Package {
    $out = Get-ModuleOutputPath
    $null = Test-ModuleManifest (Join-Path $out 'AzBackupTroubleshoot.psd1')
    $feed = Get-PackageFeedPath
    $null = New-Item -ItemType Directory -Force $feed
    $version = Get-ModuleVersion
    Remove-Item (Join-Path $feed "AzBackupTroubleshoot.$version.nupkg") -ErrorAction SilentlyContinue
    Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop
    $repository = "AzBackupTroubleshootBuild$PID"
    Register-PSResourceRepository -Name $repository -Uri $feed -Trusted
    try {
        Publish-PSResource -Path $out -Repository $repository
    }
    finally {
        Unregister-PSResourceRepository -Name $repository
    }

    Get-Item (Join-Path $feed "AzBackupTroubleshoot.$version.nupkg")
}

function Get-PackageFeedPath { Join-Path $root 'out/gallery' }

function Build-Module {
    # Building the cmdlet project lays out out/AzBackupTroubleshoot/<version>/ (see its LayoutModule target).
    Invoke-Dotnet build $solution -c $Configuration
    Build-Help -Required:($Task -eq 'Test' -or $Task -eq 'Package')
}

# Runs xunit (dotnet test) and Pester (in a new, non-interactive pwsh), then prints one line that
# counts both: "N passed, N failed".
function Invoke-Tests {
    $passed = 0
    $failed = 0
    & dotnet test $solution -c $Configuration --no-build 2>&1 | ForEach-Object {
        $line = "$_"
        Write-Host $line
        if ($line -match '(Passed|Failed)! +- +Failed: +(\d+), +Passed: +(\d+)') {
            $script:xunitFailed += [int]$Matches[2]
            $script:xunitPassed += [int]$Matches[3]
        }
    }
    $xunitExit = $LASTEXITCODE
    $passed += $script:xunitPassed
    $failed += $script:xunitFailed
    if ($script:xunitPassed + $script:xunitFailed -eq 0) { $failed += 1; Write-Host 'dotnet test ran no test' }
    elseif ($xunitExit -ne 0 -and $script:xunitFailed -eq 0) { $failed += 1; Write-Host "dotnet test exited with $xunitExit" }

    $env:AZBT_MODULE_PATH = Join-Path (Get-ModuleOutputPath) 'AzBackupTroubleshoot.psd1'
    $env:AZBT_CONFIGURATION = $Configuration
    $summary = Join-Path $root 'out/pester-summary.json'
    Remove-Item $summary -ErrorAction SilentlyContinue
    # The filter travels in the environment: pwsh on Unix would expand a '*' argument to file names.
    $env:AZBT_PESTER_FILTER = $PesterFilter
    & ([Environment]::ProcessPath) @(Get-PwshArguments) -NoProfile -NonInteractive -File (Join-Path $root 'tests/pester/Invoke-PesterSuite.ps1') -SummaryPath $summary
    if (Test-Path $summary) {
        $pester = Get-Content $summary -Raw | ConvertFrom-Json
        $passed += $pester.Passed
        $failed += $pester.Failed
    }
    else {
        $failed += 1
        Write-Host 'The Pester run ended without a summary.'
    }

    Write-Host ''
    Write-Host "xunit: $($script:xunitPassed) passed, $($script:xunitFailed) failed"
    if (Test-Path $summary) { Write-Host "pester: $($pester.Passed) passed, $($pester.Failed) failed" }
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

# How to start this same PowerShell again: pwsh itself, or `dotnet pwsh.dll` when it runs as a .NET tool.
function Get-PwshArguments {
    if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { @(Join-Path $PSHOME 'pwsh.dll') } else { @() }
}

$script:xunitPassed = 0
$script:xunitFailed = 0
Initialize-Tools

switch ($Task) {
    'Build' {
        Build-Module
    }
    'Test' {
        if (-not $NoBuild) { Build-Module }
        Initialize-Chromium
        Invoke-Tests
    }
    'Package' {
        if (-not $NoBuild) { Build-Module }
        $package = Build-Package
        $package | Format-List Name, Length, FullName
    }
    'Demo' {
        if (-not $NoBuild) { Build-Module }
        & (Join-Path $root 'tests/pester/Demo.ps1') -ModulePath (Join-Path (Get-ModuleOutputPath) 'AzBackupTroubleshoot.psd1') -Configuration $Configuration
    }
}
