<#
.SYNOPSIS
    Shows the module at work with no Azure account: the remedy catalog answers offline, and the
    readiness checks run against the ARM emulator serving demo/world (14 VMs with common failures).
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $WorldPath = "$PSScriptRoot/../../demo/world",
    [string] $Configuration = 'Release'
)

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

Write-Host "`n--- Test-AzVmBackupReadiness against the ARM emulator (demo/world) ---" -ForegroundColor Cyan
. "$PSScriptRoot/ArmEmulatorSession.ps1"
# Operations end at their first poll, so the repair's wait for its backup job takes no time.
$emulator = Start-ArmEmulatorSession -WorldPath $WorldPath -Configuration $Configuration -OperationPolls 0
try {
    Write-Host "Emulator at $($emulator.Url) serving $($emulator.Resources) resources; Get-AzContext and Get-AzAccessToken point at it." -ForegroundColor DarkGray

    Write-Host "`n--- Every VM of the resource group, one line each ---" -ForegroundColor Cyan
    $reports = Test-AzVmBackupReadiness -ResourceGroupName rg-demo -Language en
    $reports | Format-Table

    Write-Host "--- What failed, and the remedies (in Japanese) ---" -ForegroundColor Cyan
    $failed = $reports | ForEach-Object Findings | Where-Object Status -eq 'Fail'
    $failed | Format-Table
    $failed | Where-Object RemedyCode | Get-BackupErrorRemedy -Language ja | Format-Table -View Summary

    Write-Host "--- One VM by resource id, network checks only, with the evidence ---" -ForegroundColor Cyan
    Test-AzVmBackupReadiness -ResourceId '/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg-demo/providers/Microsoft.Compute/virtualMachines/app01' -Check Network.NsgOutbound, Network.ForcedTunneling |
        ForEach-Object Findings | Format-List CheckId, Status, Detail, Evidence, RemedyCode

    Write-Host "--- In-guest checks through Run Command: a Linux guest with Extensions.Enabled=n, a Windows guest with MSDTC misconfigured ---" -ForegroundColor Cyan
    foreach ($vm in 'lnx02', 'app02') {
        Test-AzVmBackupReadiness rg-demo $vm -InGuest -Language en | ForEach-Object Findings | Where-Object { $_.CheckId -like 'Guest.*' -and $_.Status -ne 'Pass' } | Format-Table
    }

    Write-Host "--- A VM that does not exist: a non-terminating error, the pipeline goes on ---" -ForegroundColor Cyan
    Test-AzVmBackupReadiness rg-demo no-such-vm -ErrorAction Continue

    Write-Host "--- Repair-VmSnapshotExtension -WhatIf: what it would write, and nothing written ---" -ForegroundColor Cyan
    Repair-VmSnapshotExtension rg-demo app02 -RestartGuestAgent -TriggerBackup -WhatIf -Language en

    Write-Host "--- Every VM whose backup extension check fails: repaired, backed up, verdict awaited ---" -ForegroundColor Cyan
    $reports | ForEach-Object Findings | Where-Object { $_.CheckId -eq 'BackupExtension.State' -and $_.Status -eq 'Fail' } |
        Repair-VmSnapshotExtension -RestartGuestAgent -TriggerBackup -Wait -Language en

    Write-Host "--- A backup that still fails after the repair, and its remedy ---" -ForegroundColor Cyan
    Repair-VmSnapshotExtension rg-demo app01 -TriggerBackup -Wait -Language ja | Where-Object RemedyCode | Get-BackupErrorRemedy -Language ja | Format-Table -View Summary
}
finally {
    Stop-ArmEmulatorSession
}
