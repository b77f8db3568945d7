<#
.SYNOPSIS
    Azure Automation runbook: the backup readiness of every VM the Automation account's managed
    identity can read, written as an HTML report, with the VMs that fail as the job's output.
.DESCRIPTION
    Import AzBackupTroubleshoot (and Az.Accounts) into the Automation account, give its managed
    identity Reader on the subscriptions and Backup Reader on the vaults, and schedule this runbook.
    Windows PowerShell 5.1 and PowerShell 7 runtimes both run it.

    A VM that cannot be read is a non-terminating error in the job's error stream; the others are
    still tested. Nothing is repaired: the job only reads.
.PARAMETER SubscriptionId
    The subscriptions to scan; by default the identity's current one.
.PARAMETER ReportPath
    Where the HTML report is written; by default the sandbox's temporary folder. Copy it on to a
    storage account or mail it from there.
.PARAMETER Language
    ja or en, for the report and the findings.
#>
param(
    [string[]] $SubscriptionId,
    [string] $ReportPath = (Join-Path ([System.IO.Path]::GetTempPath()) ('backup-readiness-{0:yyyyMMdd}.html' -f (Get-Date))),
    [ValidateSet('ja', 'en')] [string] $Language = 'en'
)

$ErrorActionPreference = 'Stop'
Import-Module AzBackupTroubleshoot

Connect-AzAccount -Identity | Out-Null

$scan = @{ Language = $Language; ErrorAction = 'Continue' }
if ($SubscriptionId) { $scan['SubscriptionId'] = $SubscriptionId }
$reports = @(Test-AzVmBackupReadiness @scan)

$report = $reports | Export-BackupReadinessReport -Path $ReportPath -Language $Language -Force -PassThru
Write-Verbose ('{0} VM(s) tested; report: {1} ({2:N0} bytes)' -f $reports.Count, $report.FullName, $report.Length)

# The failing VMs are the job's output: each with its findings and their remedy codes.
$reports | Where-Object Status -eq 'Fail'
