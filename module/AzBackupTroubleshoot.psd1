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
        'Repair-VmSnapshotExtension',
        'Test-AzVmBackupReadiness'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Azure', 'Backup', 'AzureBackup', 'RecoveryServices', 'VM', 'Troubleshooting', 'Readiness', 'Report', 'Japanese', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/license/mit'
            ReleaseNotes = '0.1.0: Get-BackupErrorRemedy (offline bilingual catalog of 118 Azure VM backup, restore and job errors); Test-AzVmBackupReadiness (ARM-side and in-guest readiness checks for a VM, a resource group or a subscription, on your Az login); Export-BackupReadinessReport (one self-contained HTML report in English or Japanese); Repair-VmSnapshotExtension (removes a broken backup extension, restarts the agent, starts a backup and waits for its verdict). See CHANGELOG.md in the module folder.'
        }
    }
}
