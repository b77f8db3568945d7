#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# The module's life in a session: imports, removal, runspaces, and another Azure.Core beside it.
# Each case runs in a new pwsh, so that what one loads cannot help or hurt another.

BeforeAll {
    . "$PSScriptRoot/TestSupport.ps1"
    $modulePath = Get-TestModulePath
    $version = (Select-Xml -Path "$RepositoryRoot/build/PowerShellModules.proj" -XPath "//PackageDownload[@Include='Azure.Core']").Node.Version.Trim('[', ']')
    $script:otherAzureCore = "$RepositoryRoot/out/packages/azure.core/$version/lib/netstandard2.0/Azure.Core.dll"
    $script:lookup = "(Get-BackupErrorRemedy -Code 320001).Code"
}

Describe 'Module' {
    It 'exports exactly the cmdlets of its manifest' {
        Import-Module $modulePath -Force
        (Get-Command -Module AzBackupTroubleshoot).Name | Sort-Object | Should -Be @('Export-BackupReadinessReport', 'Get-BackupErrorRemedy', 'Repair-VmSnapshotExtension', 'Test-AzVmBackupReadiness')
    }

    It 'keeps the engine out of the default load context on PowerShell 7' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
        $out = Invoke-NewPwsh -Script @"
Import-Module '$modulePath'
`$null = $lookup
`$engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'AzBackupTroubleshoot.Engine' }
[System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$engine).Name
[System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies | Where-Object { `$_.GetName().Name -eq 'Azure.Core' } | Measure-Object | ForEach-Object Count
"@
        $out | Should -Be @('AzBackupTroubleshoot', '0')
    }

    It 'imports twice, with -Force, after Remove-Module, and in a new runspace' {
        $out = Invoke-NewPwsh -Script @"
Import-Module '$modulePath'; $lookup
Import-Module '$modulePath'; $lookup
Import-Module '$modulePath' -Force; $lookup
Remove-Module AzBackupTroubleshoot; Import-Module '$modulePath'; $lookup
`$shell = [PowerShell]::Create(); `$null = `$shell.AddScript("Import-Module '$modulePath'; $lookup"); `$shell.Invoke(); `$shell.Dispose()
"@
        $out | Should -Be @('ResourceNotFound', 'ResourceNotFound', 'ResourceNotFound', 'ResourceNotFound', 'ResourceNotFound')
    }

    It 'works beside another Azure.Core loaded first into the default context, as Az.Accounts loads it' {
        Test-Path $otherAzureCore | Should -BeTrue
        $out = Invoke-NewPwsh -Script @"
`$other = [System.Reflection.Assembly]::LoadFrom('$otherAzureCore')
Import-Module '$modulePath'
. '$PSScriptRoot/ArmEmulatorSession.ps1'
`$null = Start-ArmEmulatorSession -WorldPath '$RepositoryRoot/demo/world'
try { (Test-AzVmBackupReadiness rg-demo web01).Status; $lookup } finally { Stop-ArmEmulatorSession }
# The other Azure.Core still works for its own users.
[Azure.Core.HttpHeader+Names]::Authorization
`$other.GetName().Version.ToString(2)
"@
        $out | Should -Be @('Pass', 'ResourceNotFound', 'Authorization', ($otherAzureCore -replace '.*/azure.core/(\d+\.\d+).*', '$1'))
    }

    It 'leaves another Azure.Core loadable after it' {
        $out = Invoke-NewPwsh -Script @"
Import-Module '$modulePath'
$lookup
`$other = [System.Reflection.Assembly]::LoadFrom('$otherAzureCore')
[Azure.Core.HttpHeader+Names]::Authorization
"@
        $out | Should -Be @('ResourceNotFound', 'Authorization')
    }

    It 'runs in a thread job' -Skip:(-not (Get-Command Start-ThreadJob -ErrorAction SilentlyContinue)) {
        Import-Module $modulePath -Force
        $job = Start-ThreadJob -ScriptBlock { Import-Module $using:modulePath; (Get-BackupErrorRemedy -Code 320001).Code }
        $job | Wait-Job | Receive-Job | Should -Be 'ResourceNotFound'
        $job | Remove-Job
    }
}
