<#
.SYNOPSIS
    Test-AzVmBackupReadiness -SubscriptionId over a generated fleet, in this pwsh: when the first object comes out,
    when the last does, and how many ARM requests a `Select-Object -First 5` lets go out.
.DESCRIPTION
    Starts the fleet benchmark's emulator (the generated world of N VMs, 50 ms per request, ARM's read throttling,
    pages of -PageSize) in its own process, points a look-alike Az login at it, imports the built module and runs
    the cmdlet twice: once to the end (first and last object, VMs written), once cut short by Select-Object -First 5
    (requests the scan made, from the emulator's request log, read once the pipeline has stopped and again after
    another command's round trips). Build first: ./build.ps1 -Task Build and
    dotnet build -c Release bench/AzBackupTroubleshoot.Benchmarks.
.EXAMPLE
    dotnet pwsh bench/Measure-FleetFirstResult.ps1 -VmCount 10000
#>
param(
    [int] $VmCount = 10000,
    [int] $PageSize = 1000
)

$ErrorActionPreference = 'Stop'
$root = (Resolve-Path "$PSScriptRoot/..").Path
$bench = Join-Path $root 'bench/AzBackupTroubleshoot.Benchmarks/bin/Release/net10.0/AzBackupTroubleshoot.Benchmarks.dll'
$module = Get-ChildItem (Join-Path $root 'out/AzBackupTroubleshoot') -Filter AzBackupTroubleshoot.psd1 -Recurse | Select-Object -First 1
if (-not (Test-Path $bench) -or -not $module) { throw 'Build first: ./build.ps1 -Task Build; dotnet build -c Release bench/AzBackupTroubleshoot.Benchmarks' }
$subscription = '0b1f6471-1bf0-4dda-aec3-cb9272f09590'

function Start-Fleet {
    $start = New-Object System.Diagnostics.ProcessStartInfo 'dotnet'
    $start.Arguments = "`"$bench`" fleet-emulator $VmCount $PageSize"
    $start.RedirectStandardOutput = $true; $start.RedirectStandardInput = $true; $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    # The emulator prints "url thumbprint" once it listens: that line is the signal.
    $url, $thumbprint = $process.StandardOutput.ReadLine() -split ' '
    $env:AZBACKUPTROUBLESHOOT_TRUSTED_CERT_THUMBPRINT = $thumbprint
    $global:FleetUrl = $url
    $process
}

function global:Get-AzContext {
    param($DefaultProfile)
    [pscustomobject]@{
        Account = [pscustomobject]@{ Id = 'bench@contoso.example' }; Subscription = [pscustomobject]@{ Id = $subscription; Name = 'Fleet' }
        Tenant = [pscustomobject]@{ Id = '72f988bf-0000-0000-0000-000000000000' }
        Environment = [pscustomobject]@{ Name = 'ArmEmulator'; ResourceManagerUrl = $global:FleetUrl; ActiveDirectoryServiceEndpointResourceId = $global:FleetUrl }
    }
}

function global:Get-AzAccessToken {
    param([switch] $AsSecureString, $DefaultProfile, $ResourceUrl)
    $expires = [DateTimeOffset]::UtcNow.AddHours(1)
    $token = "emu.$($expires.ToUnixTimeSeconds()).bench"
    if ($AsSecureString) { $token = ConvertTo-SecureString $token -AsPlainText -Force }
    [pscustomobject]@{ Token = $token; ExpiresOn = $expires; TenantId = '72f988bf-0000-0000-0000-000000000000'; UserId = 'bench@contoso.example' }
}

function Get-FleetRequestCount([switch] $VmListingOnly) {
    $log = @((Invoke-RestMethod -Uri "$($global:FleetUrl)x-emulator/requests" -SkipCertificateCheck).value)
    if ($VmListingOnly) { $log = @($log | Where-Object route -eq '/subscriptions/{}/providers/Microsoft.Compute/virtualMachines') }
    $log.Count
}

Import-Module $module.FullName
$fleet = Start-Fleet
try {
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $first = $null; $count = 0
    Test-AzVmBackupReadiness -SubscriptionId $subscription -Language en | ForEach-Object {
        if ($null -eq $first) { $first = $watch.Elapsed.TotalSeconds }
        $count++
    }
    $last = $watch.Elapsed.TotalSeconds
    $requests = Get-FleetRequestCount
}
finally {
    $fleet.StandardInput.Close(); $fleet.WaitForExit(); $fleet.Dispose()
}

# A fresh emulator (a full bucket and an empty log) for the scan cut short.
$fleet = Start-Fleet
try {
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $five = @(Test-AzVmBackupReadiness -SubscriptionId $subscription -Language en | Select-Object -First 5)
    $fiveAt = $watch.Elapsed.TotalSeconds
    $atStop = Get-FleetRequestCount
    $listingAtStop = Get-FleetRequestCount -VmListingOnly
    # Another command's round trips (it reads no VM listing): a stopped scan that went on behind the pipeline would add listing pages.
    $null = Test-AzVmBackupReadiness -ResourceId "/subscriptions/$subscription/resourceGroups/rg-fleet-000/providers/Microsoft.Compute/virtualMachines/vm00000" -Language en
    $listingAfterOne = Get-FleetRequestCount -VmListingOnly
}
finally {
    $fleet.StandardInput.Close(); $fleet.WaitForExit(); $fleet.Dispose()
}

[pscustomobject]@{
    VMs = $VmCount; PageSize = $PageSize
    FirstObjectSeconds = [math]::Round($first, 1); LastObjectSeconds = [math]::Round($last, 1); ObjectsWritten = $count; Requests = $requests
    FirstFiveSeconds = [math]::Round($fiveAt, 1); FirstFiveObjects = $five.Count; RequestsWhenStopped = $atStop
    VmListingPagesWhenStopped = $listingAtStop; VmListingPagesAfterAnotherCommand = $listingAfterOne
    Load = (Get-Content /proc/loadavg -ErrorAction SilentlyContinue)
} | Format-List
