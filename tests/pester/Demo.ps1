<#
.SYNOPSIS
    Shows the module at work with no Azure account: the remedy catalog answers offline.
#>
param([Parameter(Mandatory)] [string] $ModulePath)

Import-Module $ModulePath -Force

Write-Host "`n--- A message pasted from the portal (Japanese) ---" -ForegroundColor Cyan
'スナップショットの状態について VM エージェントと通信できませんでした' | Get-BackupErrorRemedy -Language ja | Format-List

Write-Host "--- A truncated English message, with runners-up ---" -ForegroundColor Cyan
Get-BackupErrorRemedy 'Backup failed with an internal error' -Top 3 -Language en | Format-Table -View Summary

Write-Host "--- A failed job, shaped like Get-AzRecoveryServicesBackupJob output ---" -ForegroundColor Cyan
[pscustomobject]@{
    JobId = '3c2b1a09-8f7e-4d6c-b5a4-93827160fedc'; WorkloadName = 'web-prod-01'; Status = 'Failed'
    ErrorDetails = @([pscustomobject]@{ ErrorCode = 400094; ErrorMessage = "An Azure virtual machine wasn't found."; Recommendations = @() })
} | Get-BackupErrorRemedy -Language en | Format-List

Write-Host "--- Text that is not a backup error ---" -ForegroundColor Cyan
Get-BackupErrorRemedy 'The subscription could not be found.' -ErrorAction Continue
