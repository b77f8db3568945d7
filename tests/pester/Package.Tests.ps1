#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# The Gallery package as a user gets it: build.ps1 -Task Package publishes the built module folder to
# a folder repository; here it is installed with Install-PSResource into an empty module path,
# imported by name in a new pwsh that sees only that path and PowerShell's own modules, and every
# exported cmdlet runs against the ARM emulator. The package's file list is checked against the
# module folder.

BeforeAll {
    . "$PSScriptRoot/TestSupport.ps1"
    $moduleFolder = Split-Path (Get-TestModulePath)
    $version = Split-Path $moduleFolder -Leaf
    $configuration = if ($env:AZBT_CONFIGURATION) { $env:AZBT_CONFIGURATION } else { 'Release' }
    # Packs exactly the module folder under test (no build).
    $null = Invoke-NewPwsh -Script "& '$RepositoryRoot/build.ps1' -Task Package -NoBuild -Configuration $configuration"
    $script:package = Join-Path $RepositoryRoot "out/gallery/AzBackupTroubleshoot.$version.nupkg"

    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $zip = [IO.Compression.ZipFile]::OpenRead($package)
    try {
        $script:entries = @($zip.Entries | ForEach-Object { [Uri]::UnescapeDataString($_.FullName) })
        $reader = [IO.StreamReader]::new(($zip.Entries | Where-Object FullName -eq 'AzBackupTroubleshoot.nuspec').Open())
        $script:nuspec = [xml] $reader.ReadToEnd()
        $reader.Dispose()
    }
    finally {
        $zip.Dispose()
    }

    # What each exported cmdlet does in the installed module, run in the new pwsh with the
    # emulator's look-alike login. A cmdlet exported without a case here fails the test below.
    $script:cases = [ordered]@{
        'Get-BackupErrorRemedy'        = "(Get-BackupErrorRemedy -Code 320001 -Language en).Code"
        'Test-AzVmBackupReadiness'     = "(Test-AzVmBackupReadiness rg-demo web01, web02 -Language en | ForEach-Object { `"`$(`$_.Name)=`$(`$_.Status)`" }) -join ','"
        'Export-BackupReadinessReport' = "`$file = Test-AzVmBackupReadiness rg-demo -Language en | Export-BackupReadinessReport -Path (Join-Path `$scratch 'report.html') -Language ja -PassThru; (Get-Content `$file -Raw) -match '対応が必要な VM'"
        'Repair-VmSnapshotExtension'   = "(Repair-VmSnapshotExtension rg-demo app02 -TriggerBackup -WhatIf -Language en).Status"
    }
    $script:expected = @{
        'Get-BackupErrorRemedy'        = 'ResourceNotFound'
        'Test-AzVmBackupReadiness'     = 'web01=Pass,web02=Fail'
        'Export-BackupReadinessReport' = 'True'
        'Repair-VmSnapshotExtension'   = 'WhatIf'
    }
}

Describe 'The Gallery package' {
    It 'carries the metadata the Gallery shows' {
        $metadata = $nuspec.package.metadata
        $metadata.id | Should -Be 'AzBackupTroubleshoot'
        $metadata.version | Should -Be $version
        $metadata.version | Should -Match '^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$'
        $metadata.description | Should -Not -BeNullOrEmpty
        $metadata.releaseNotes | Should -Match ([regex]::Escape($version))
        $metadata.licenseUrl | Should -Match '^https://'
        $tags = $metadata.tags -split ' '
        foreach ($tag in 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS', 'Azure', 'Backup') { $tags | Should -Contain $tag }
        Get-Content "$RepositoryRoot/CHANGELOG.md" -Raw | Should -Match "## $([regex]::Escape($version))\b"
    }

    It 'holds exactly the module folder: binaries, private dependencies, help in both cultures, no build or test files' {
        $packaging = '^(_rels/|package/|\[Content_Types\]\.xml$|AzBackupTroubleshoot\.nuspec$)'
        $inPackage = @($entries | Where-Object { $_ -notmatch $packaging -and -not $_.EndsWith('/') } | Sort-Object)
        $inFolder = @(Get-ChildItem $moduleFolder -Recurse -File | ForEach-Object { [IO.Path]::GetRelativePath($moduleFolder, $_.FullName) -replace '\\', '/' } | Sort-Object)
        $inPackage | Should -Be $inFolder

        foreach ($file in 'AzBackupTroubleshoot.psd1', 'AzBackupTroubleshoot.dll', 'AzBackupTroubleshoot.LoadContext.dll', 'AzBackupTroubleshoot.Format.ps1xml', 'LICENSE',
            'en-US/AzBackupTroubleshoot.dll-Help.xml', 'ja-JP/AzBackupTroubleshoot.dll-Help.xml',
            'lib/AzBackupTroubleshoot.Engine.dll', 'lib/Azure.Core.dll', 'lib/Azure.ResourceManager.dll', 'lib/System.Text.Json.dll') {
            $inPackage | Should -Contain $file
        }

        $inPackage | Where-Object { $_ -match '\.(pdb|deps\.json|runtimeconfig\.json|cs|csproj|props|Tests\.ps1|nupkg)$|Tests?\b|ArmEmulator|Benchmarks|Pester|System\.Management\.Automation\.dll|(^|/)(obj|bin)/' } | Should -BeNullOrEmpty
        # The only XML files are the MAML help.
        $inPackage | Where-Object { $_ -like '*.xml' } | Should -Be @('en-US/AzBackupTroubleshoot.dll-Help.xml', 'ja-JP/AzBackupTroubleshoot.dll-Help.xml')
        (Get-Item $package).Length | Should -BeLessThan 10MB
    }

    It 'installs with Install-PSResource into an empty module path and every exported cmdlet works, imported by name' -Skip:(-not $IsLinux) {
        $home_ = Join-Path ([IO.Path]::GetTempPath()) "azbt-package-$PID"
        $null = New-Item -ItemType Directory -Force $home_
        $saved = @{ HOME = $env:HOME; XDG_DATA_HOME = $env:XDG_DATA_HOME }
        try {
            # On Linux the CurrentUser scope lives under HOME and PSResourceGet's repository list
            # under XDG_DATA_HOME: both pointed at an empty folder, neither the user's modules nor
            # their repositories take part.
            # (.NET answers an empty data folder when the folder does not exist: create it first.)
            $env:HOME = $home_
            $env:XDG_DATA_HOME = (New-Item -ItemType Directory -Force (Join-Path $home_ '.local/share')).FullName
            $installed = Invoke-NewPwsh -Script @"
`$ErrorActionPreference = 'Stop'
if ([Environment]::GetFolderPath('LocalApplicationData') -ne '$env:XDG_DATA_HOME') { throw 'PSResourceGet would use the real user data folder' }
Register-PSResourceRepository -Name LocalGallery -Uri '$(Split-Path $package)' -Trusted
Install-PSResource -Name AzBackupTroubleshoot -Version '$version' -Repository LocalGallery -Scope CurrentUser -TrustRepository -Quiet
(Get-InstalledPSResource -Name AzBackupTroubleshoot -Scope CurrentUser).InstalledLocation
"@
            $modules = Join-Path $home_ '.local/share/powershell/Modules'
            ($installed | Select-Object -Last 1) | Should -Be $modules
            Test-Path (Join-Path $modules "AzBackupTroubleshoot/$version/AzBackupTroubleshoot.psd1") | Should -BeTrue

            $run = ($cases.GetEnumerator() | ForEach-Object { "'CASE:$($_.Key)=' + `$($($_.Value))" }) -join "`n"
            $out = Invoke-NewPwsh -Script @"
`$ErrorActionPreference = 'Stop'
`$env:PSModulePath = '$modules' + [IO.Path]::PathSeparator + (Join-Path `$PSHOME 'Modules')
Import-Module AzBackupTroubleshoot
'PATH:' + (Get-Module AzBackupTroubleshoot).ModuleBase
'EXPORTED:' + (((Get-Command -Module AzBackupTroubleshoot).Name | Sort-Object) -join ',')
'HELP:' + (Get-Help Export-BackupReadinessReport).Synopsis
. '$PSScriptRoot/ArmEmulatorSession.ps1'
`$null = Start-ArmEmulatorSession -WorldPath '$RepositoryRoot/demo/world' -Configuration $(if ($env:AZBT_CONFIGURATION) { $env:AZBT_CONFIGURATION } else { 'Release' })
`$scratch = '$home_'
try {
$run
}
finally { Stop-ArmEmulatorSession }
"@
            ($out | Where-Object { $_ -like 'PATH:*' }) | Should -Be "PATH:$(Join-Path $modules "AzBackupTroubleshoot/$version")"
            ($out | Where-Object { $_ -like 'HELP:*' }) | Should -Match '^HELP:\S.{20,}'
            $exported = (($out | Where-Object { $_ -like 'EXPORTED:*' }) -replace '^EXPORTED:') -split ','
            $exported | Should -Be @($cases.Keys | Sort-Object) -Because 'every exported cmdlet needs a case here, and every case an exported cmdlet'
            foreach ($name in $cases.Keys) {
                ($out | Where-Object { $_ -like "CASE:$name=*" }) | Should -Be "CASE:$name=$($expected[$name])"
            }
        }
        finally {
            foreach ($name in $saved.Keys) {
                if ($saved[$name]) { Set-Item "Env:\$name" $saved[$name] } else { Remove-Item "Env:\$name" -ErrorAction SilentlyContinue }
            }
            Remove-Item -Recurse -Force $home_ -ErrorAction SilentlyContinue
        }
    }
}
