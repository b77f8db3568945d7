<#
.SYNOPSIS
    Starts the ARM emulator on a world folder and makes the session's Az login point at it.
.DESCRIPTION
    Dot-source this file, then call Start-ArmEmulatorSession. It waits for the emulator's first output
    line (its URL, certificate thumbprint and a token), pins that certificate for loopback use, and
    defines global Get-AzContext and Get-AzAccessToken functions that answer as Az.Accounts would.
    The module finds these before any Az.Accounts command, exactly as it would a user's own function.
#>

function Start-ArmEmulatorSession {
    param(
        [Parameter(Mandatory)] [string] $WorldPath,
        [string] $RepositoryRoot = (Resolve-Path "$PSScriptRoot/../..").Path,
        [string] $Configuration = 'Release',
        [int] $LatencyMilliseconds = 0,
        # Polls a long-running operation or backup job answers "in progress"; 0 ends them at once.
        [int] $OperationPolls = 1,
        # Scopes that answer 403 (a subscription id such as /subscriptions/{id}); Resource Graph leaves their rows out.
        [string[]] $DenyScope = @()
    )

    # The built emulator, run directly: one process to stop, on Windows PowerShell 5.1 and PowerShell 7 alike.
    $emulatorDll = Join-Path $RepositoryRoot "tests/AzBackupTroubleshoot.ArmEmulator/bin/$Configuration/net10.0/AzBackupTroubleshoot.ArmEmulator.dll"
    if (-not (Test-Path $emulatorDll)) { throw "Build first (./build.ps1): $emulatorDll is missing." }
    $start = New-Object System.Diagnostics.ProcessStartInfo 'dotnet'
    $start.Arguments = "`"$emulatorDll`" --world `"$((Resolve-Path $WorldPath).Path)`" --latency-ms $LatencyMilliseconds --operation-polls $OperationPolls" + (($DenyScope | ForEach-Object { " --deny-scope `"$_`"" }) -join '')
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)

    # The emulator prints one JSON line once it listens: that line is the signal, no polling or sleeping.
    $line = $process.StandardOutput.ReadLine()
    if (-not $line) {
        $err = $process.StandardError.ReadToEnd()
        throw "The ARM emulator did not start: $err"
    }

    $emulator = $line | ConvertFrom-Json
    $env:AZBACKUPTROUBLESHOOT_TRUSTED_CERT_THUMBPRINT = $emulator.thumbprint
    # TokenLifetime and TokenCalls let tests hand out short-lived tokens and count refreshes.
    $global:ArmEmulator = [pscustomobject]@{ Process = $process; Url = $emulator.url; Token = $emulator.token; Resources = $emulator.resources; TokenLifetime = [TimeSpan]::FromHours(1); TokenCalls = 0 }

    function global:Get-AzContext {
        param($DefaultProfile)
        [pscustomobject]@{
            Account      = [pscustomobject]@{ Id = 'demo@contoso.example' }
            Subscription = [pscustomobject]@{ Id = '0b1f6471-1bf0-4dda-aec3-cb9272f09590'; Name = 'Demo' }
            Tenant       = [pscustomobject]@{ Id = '72f988bf-0000-0000-0000-000000000000' }
            Environment  = [pscustomobject]@{ Name = 'ArmEmulator'; ResourceManagerUrl = $global:ArmEmulator.Url; ActiveDirectoryServiceEndpointResourceId = $global:ArmEmulator.Url }
        }
    }

    function global:Get-AzAccessToken {
        param([switch] $AsSecureString, $DefaultProfile, $ResourceUrl)
        $global:ArmEmulator.TokenCalls++
        $token = if ($AsSecureString) { ConvertTo-SecureString $global:ArmEmulator.Token -AsPlainText -Force } else { $global:ArmEmulator.Token }
        [pscustomobject]@{ Token = $token; ExpiresOn = [DateTimeOffset]::UtcNow.Add($global:ArmEmulator.TokenLifetime); TenantId = '72f988bf-0000-0000-0000-000000000000'; UserId = 'demo@contoso.example' }
    }

    $global:ArmEmulator
}

<#
.SYNOPSIS
    The lines that give another runspace of this process the module and this session's look-alike login.
#>
function Get-ArmEmulatorRunspacePrelude {
    param(
        [Parameter(Mandatory)] [string] $ModulePath,
        # The look-alikes as Start-ArmEmulatorSession defined them, for tests that have since replaced them.
        [scriptblock] $Context = ${function:global:Get-AzContext},
        [scriptblock] $Token = ${function:global:Get-AzAccessToken}
    )
    @"
Import-Module '$ModulePath'
`$global:ArmEmulator = [pscustomobject]@{ Url = '$($global:ArmEmulator.Url)'; Token = '$($global:ArmEmulator.Token)'; TokenLifetime = [TimeSpan]::FromHours(1); TokenCalls = 0 }
function global:Get-AzContext { $Context }
function global:Get-AzAccessToken { $Token }
"@
}

function Stop-ArmEmulatorSession {
    if ($global:ArmEmulator) {
        if (-not $global:ArmEmulator.Process.HasExited) { $global:ArmEmulator.Process.Kill() }
        $global:ArmEmulator.Process.Dispose()
        Remove-Variable -Name ArmEmulator -Scope Global
    }

    Remove-Item Function:\Get-AzContext, Function:\Get-AzAccessToken -ErrorAction SilentlyContinue
    Remove-Item Env:\AZBACKUPTROUBLESHOOT_TRUSTED_CERT_THUMBPRINT -ErrorAction SilentlyContinue
}
