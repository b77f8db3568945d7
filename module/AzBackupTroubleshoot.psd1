@{
    RootModule           = 'AzBackupTroubleshoot.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f1c3b0e-2d4a-4b8e-9a57-3c1e7d2b9f40'
    Author               = 'AzBackupTroubleshoot contributors'
    CompanyName          = 'AzBackupTroubleshoot'
    Copyright            = '(c) AzBackupTroubleshoot contributors. MIT License.'
    Description          = 'Finds out why Azure VM backups fail, says what to do about it in Japanese or English, and repairs what can be repaired. Offline remedy catalog of Azure Backup errors; builds on your Az login.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('AzBackupTroubleshoot.Format.ps1xml')
    CmdletsToExport      = @(
        'Export-BackupReadinessReport',
        'Get-BackupErrorRemedy',
        'Test-AzVmBackupReadiness'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Azure', 'Backup', 'AzureBackup', 'RecoveryServices', 'VM', 'Troubleshooting', 'Japanese', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ReleaseNotes = 'Get-BackupErrorRemedy: offline bilingual catalog of Azure VM backup, restore and job errors. Test-AzVmBackupReadiness: ARM-side readiness checks for one VM, a resource group or a subscription, on your Az login.'
        }
    }
}
