<#
.SYNOPSIS
    Shared helpers for the Pester tests: where the built module is, how to start a new pwsh, and
    objects shaped like Az's outputs (PSVirtualMachine, PSResourceGroup, Recovery Services jobs).
#>

$script:RepositoryRoot = (Resolve-Path "$PSScriptRoot/../..").Path
$script:DemoSubscription = '0b1f6471-1bf0-4dda-aec3-cb9272f09590'

function Get-TestModulePath {
    if ($env:AZBT_MODULE_PATH) { return $env:AZBT_MODULE_PATH }
    $version = (Select-Xml -Path "$script:RepositoryRoot/Directory.Build.props" -XPath '//ModuleVersion').Node.InnerText
    "$script:RepositoryRoot/out/AzBackupTroubleshoot/$version/AzBackupTroubleshoot.psd1"
}

<#
.SYNOPSIS
    Runs a script in a new, non-interactive pwsh and returns its output lines; throws when it fails.
#>
function Invoke-NewPwsh {
    param(
        [Parameter(Mandatory)] [string] $Script,
        [string] $Culture,
        [string] $WorkingDirectory = $script:RepositoryRoot
    )

    $prelude = ''
    if ($Culture) { $prelude = "[System.Globalization.CultureInfo]::CurrentUICulture = '$Culture'; [System.Globalization.CultureInfo]::CurrentCulture = '$Culture'`n" }
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($prelude + $Script))
    $arguments = @()
    if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { $arguments += (Join-Path $PSHOME 'pwsh.dll') }
    $arguments += '-NoProfile', '-NonInteractive', '-OutputFormat', 'Text', '-EncodedCommand', $encoded
    Push-Location $WorkingDirectory
    try {
        $output = & ([Environment]::ProcessPath) @arguments 2>&1 | ForEach-Object { "$_" }
        if ($LASTEXITCODE -ne 0) { throw "The new pwsh exited with $LASTEXITCODE`n$($output -join "`n")" }
        $output
    }
    finally {
        Pop-Location
    }
}

function New-AzVmLookalike {
    # The property set of Az.Compute's PSVirtualMachine (Get-AzVM), with what binding could touch filled in.
    param([string] $ResourceGroupName = 'rg-demo', [Parameter(Mandatory)] [string] $Name)
    [pscustomobject]@{
        PSTypeName               = 'Microsoft.Azure.Commands.Compute.Models.PSVirtualMachine'
        ResourceGroupName        = $ResourceGroupName
        Id                       = "/subscriptions/$script:DemoSubscription/resourceGroups/$ResourceGroupName/providers/Microsoft.Compute/virtualMachines/$Name"
        VmId                     = [guid]::NewGuid().ToString()
        Name                     = $Name
        Type                     = 'Microsoft.Compute/virtualMachines'
        Location                 = 'japaneast'
        ExtendedLocation         = $null
        LicenseType              = $null
        Tags                     = @{ env = 'prod' }
        AvailabilitySetReference = $null
        DiagnosticsProfile       = $null
        Extensions               = @()
        HardwareProfile          = [pscustomobject]@{ VmSize = 'Standard_D2s_v5' }
        InstanceView             = $null
        NetworkProfile           = [pscustomobject]@{ NetworkInterfaces = @() }
        OSProfile                = [pscustomobject]@{ ComputerName = $Name }
        BillingProfile           = $null
        Plan                     = $null
        StorageProfile           = [pscustomobject]@{ OsDisk = [pscustomobject]@{ Name = "$Name-os" }; DataDisks = @() }
        ProvisioningState        = 'Succeeded'
        StatusCode               = 'OK'
        RequestId                = [guid]::NewGuid().ToString()
        Identity                 = $null
        Zones                    = @()
        FullyQualifiedDomainName = $null
        AdditionalCapabilities   = $null
        ProximityPlacementGroup  = $null
        Host                     = $null
        VirtualMachineScaleSet   = $null
        EvictionPolicy           = $null
        Priority                 = $null
        HostGroup                = $null
        OsName                   = $null
        OsVersion                = $null
        TimeCreated              = [datetime]'2026-01-01'
        SecurityProfile          = $null
        CapacityReservation      = $null
        UserData                 = $null
        PlatformFaultDomain      = $null
        ApplicationProfile       = $null
        ScheduledEventsPolicy    = $null
        Etag                     = $null
        Placement                = $null
    }
}

function New-AzResourceGroupLookalike {
    # Az.Resources' PSResourceGroup (Get-AzResourceGroup).
    param([string] $ResourceGroupName = 'rg-demo')
    [pscustomobject]@{
        PSTypeName        = 'Microsoft.Azure.Commands.ResourceManager.Cmdlets.SdkModels.PSResourceGroup'
        ResourceGroupName = $ResourceGroupName
        Location          = 'japaneast'
        ProvisioningState = 'Succeeded'
        Tags              = @{ owner = 'app-team' }
        TagsTable         = $null
        ResourceId        = "/subscriptions/$script:DemoSubscription/resourceGroups/$ResourceGroupName"
        ManagedBy         = $null
    }
}

function New-AzBackupJobLookalike {
    # Az.RecoveryServices' AzureVmJob (Get-AzRecoveryServicesBackupJob), ErrorDetails as AzureVmJobErrorInfo.
    param([string] $WorkloadName = 'web-prod-01', [object[]] $Errors = @())
    [pscustomobject]@{
        PSTypeName           = 'Microsoft.Azure.Commands.RecoveryServices.Backup.Cmdlets.Models.AzureVmJob'
        IsCancellable        = $false
        IsRetriable          = $true
        ErrorDetails         = @($Errors | ForEach-Object {
                [pscustomobject]@{ PSTypeName = 'Microsoft.Azure.Commands.RecoveryServices.Backup.Cmdlets.Models.AzureVmJobErrorInfo'; ErrorCode = $_.Code; ErrorMessage = $_.Message; Recommendations = @('See the docs') }
            })
        VmVersion            = 'Compute'
        ActivityId           = [guid]::NewGuid().ToString()
        JobId                = [guid]::NewGuid().ToString()
        Operation            = 'Backup'
        Status               = 'Failed'
        WorkloadName         = $WorkloadName
        StartTime            = [datetime]::UtcNow.AddHours(-2)
        EndTime              = [datetime]::UtcNow.AddHours(-1)
        Duration             = [timespan]::FromHours(1)
        BackupManagementType = 'AzureVM'
        DynamicErrorMessage  = $null
    }
}
