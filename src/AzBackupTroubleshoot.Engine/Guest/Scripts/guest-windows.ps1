# AzBackupTroubleshoot in-guest checks for Windows, sent through Run Command (RunPowerShellScript).
# Read-only: it changes nothing in the guest. Windows PowerShell 5.1 syntax only.
# Output: "AZBT-GUEST 1 windows", then one "key=value" line per fact, then "AZBT-END <fact count>".
# Run Command returns only the last 4096 bytes, so the output stays far below that; a missing
# header or end line tells the reader that it was cut.
# Each probe is a function, so tests can dot-source this file and replace any probe or command.

$AzbtWirePorts = @(80, 32526)
$AzbtServiceNames = @('WindowsAzureGuestAgent', 'RdAgent', 'COMSysApp', 'MSDTC', 'VSS', 'IaasVmProvider', 'AppIDSvc')
$AzbtPluginExe = 'C:\Packages\Plugins\Microsoft.Azure.RecoveryServices.VMSnapshot\1.0.0.0\IaaSBcdrExtension.exe'
# "No error" as vssadmin prints it in English and Japanese; built from code points to keep this file ASCII.
$AzbtVssNoError = @('No error', (-join [char[]](0x30A8, 0x30E9, 0x30FC, 0x306A, 0x3057)))

function Write-AzbtFact {
    param([string]$Key, [string]$Value)
    $v = ($Value -replace '[\r\n\t]+', ' ').Trim()
    if ($v.Length -gt 120) { $v = $v.Substring(0, 120) }
    $script:AzbtFactCount = $script:AzbtFactCount + 1
    Write-Output ($Key + '=' + $v)
}

function Invoke-AzbtProbe {
    param([string]$Name, [scriptblock]$Probe)
    try { & $Probe }
    catch { Write-AzbtFact 'err' ($Name + '|' + $_.Exception.Message) }
}

function Write-AzbtServiceFacts {
    $all = $null
    try { $all = @(Get-CimInstance -ClassName Win32_Service -ErrorAction Stop) }
    catch { Write-AzbtFact 'err' ('cim.service|' + $_.Exception.Message) }
    if ($null -ne $all) {
        foreach ($name in $AzbtServiceNames) {
            $s = $all | Where-Object { $_.Name -eq $name } | Select-Object -First 1
            if ($s) { Write-AzbtFact 'svc' ($name + '|' + $s.State + '|' + $s.StartMode + '|' + $s.StartName) }
            else { Write-AzbtFact 'svc' ($name + '|Missing||') }
        }
        $sql = @($all | Where-Object { $_.Name -eq 'MSSQLSERVER' -or $_.Name -like 'MSSQL$*' } | ForEach-Object { $_.Name })
        if ($sql.Count -gt 0) { Write-AzbtFact 'sql' (($sql | Select-Object -First 4) -join ',') } else { Write-AzbtFact 'sql' 'none' }
        $agent = $all | Where-Object { $_.Name -eq 'WindowsAzureGuestAgent' } | Select-Object -First 1
        if ($agent) {
            # PathName is the image path, quoted or not, possibly followed by arguments.
            $pathName = ([string]$agent.PathName).Trim()
            if ($pathName -match '^"([^"]+)"') { $script:AzbtAgentPath = $Matches[1] }
            elseif ($pathName -match '^(\S+\.exe)') { $script:AzbtAgentPath = $Matches[1] }
        }
        return
    }
    # WMI itself can be broken on exactly the VMs that fail backup: ask the service controller instead.
    $ErrorActionPreference = 'Continue'
    foreach ($name in $AzbtServiceNames) {
        $lines = @(sc.exe query $name) + @(sc.exe qc $name)
        $kept = 0
        foreach ($l in $lines) {
            if ($l -match '^\s*(STATE|START_TYPE|SERVICE_START_NAME)\s*:' -or $l -match 'FAILED\s+\d+') {
                Write-AzbtFact 'sc' ($name + '|' + ($l.Trim() -replace '\s+', ' '))
                $kept++
            }
        }
        if ($kept -eq 0) { Write-AzbtFact 'sc' ($name + '|no answer') }
    }
    $all = @(sc.exe query type= service state= all | ForEach-Object { if ($_ -match '^\s*SERVICE_NAME:\s*(\S+)') { $Matches[1] } })
    $sql = @($all | Where-Object { $_ -eq 'MSSQLSERVER' -or $_ -like 'MSSQL$*' })
    if ($sql.Count -gt 0) { Write-AzbtFact 'sql' (($sql | Select-Object -First 4) -join ',') }
    elseif ($all.Count -gt 0) { Write-AzbtFact 'sql' 'none' }
}

function Write-AzbtAgentVersionFacts {
    $paths = @()
    if ($script:AzbtAgentPath) { $paths += $script:AzbtAgentPath }
    $paths += 'C:\WindowsAzure\Packages\WaAppAgent.exe'
    foreach ($p in $paths) {
        $item = Get-Item -LiteralPath $p -ErrorAction SilentlyContinue
        if ($item -and $item.VersionInfo -and $item.VersionInfo.FileVersion) {
            Write-AzbtFact 'agent.version' ([string]$item.VersionInfo.FileVersion)
            return
        }
    }
    Write-AzbtFact 'agent.version' 'missing'
}

function Test-AzbtTcpPort {
    param([string]$Address, [int]$Port)
    $client = New-Object System.Net.Sockets.TcpClient
    try {
        $pending = $client.BeginConnect($Address, $Port, $null, $null)
        if (-not $pending.AsyncWaitHandle.WaitOne(3000)) { return '0|timeout' }
        $client.EndConnect($pending)
        return '1'
    }
    catch { return '0|' + $_.Exception.InnerException.Message }
    finally { $client.Close() }
}

function Write-AzbtWireFacts {
    foreach ($port in $AzbtWirePorts) {
        Write-AzbtFact ('wire.' + $port) (Test-AzbtTcpPort -Address '168.63.129.16' -Port $port)
    }
}

function Write-AzbtProxyFacts {
    $ErrorActionPreference = 'Continue'
    $lines = @(netsh winhttp show proxy 2>$null | Where-Object { $_ -and $_.Trim() } | ForEach-Object { ($_.Trim() -replace '\s+', ' ') })
    # The first line is the title ("Current WinHTTP proxy settings:"); the rest is the setting.
    if ($lines.Count -gt 1) { Write-AzbtFact 'proxy.winhttp' (($lines | Select-Object -Skip 1) -join ' ; ') }
    elseif ($lines.Count -eq 1) { Write-AzbtFact 'proxy.winhttp' $lines[0] }
    else { Write-AzbtFact 'proxy.winhttp' 'no answer' }
    $key = 'Registry::HKEY_USERS\S-1-5-18\Software\Microsoft\Windows\CurrentVersion\Internet Settings'
    $p = Get-ItemProperty -Path $key -ErrorAction SilentlyContinue
    if ($p) { Write-AzbtFact 'proxy.system' ([string]$p.ProxyEnable + '|' + $p.ProxyServer + '|' + $p.ProxyOverride) }
    else { Write-AzbtFact 'proxy.system' 'none' }
}

function Write-AzbtDhcpFacts {
    $nics = @(Get-CimInstance -ClassName Win32_NetworkAdapterConfiguration -Filter 'IPEnabled=TRUE' -ErrorAction Stop)
    # The primary NIC is the one with a default gateway, then the lowest index.
    $sorted = @($nics | Sort-Object -Property @{ Expression = { if ($_.DefaultIPGateway) { 0 } else { 1 } } }, Index | Select-Object -First 3)
    foreach ($n in $sorted) {
        $dhcp = '0'
        if ($n.DHCPEnabled) { $dhcp = '1' }
        $gw = '0'
        if ($n.DefaultIPGateway) { $gw = '1' }
        $name = [string]$n.Description
        if ($name.Length -gt 40) { $name = $name.Substring(0, 40) }
        Write-AzbtFact 'nic' ([string]$n.Index + '|' + $dhcp + '|' + $gw + '|' + $name)
    }
    if ($sorted.Count -eq 0) { Write-AzbtFact 'nic' 'none' }
}

function Write-AzbtVssWriterFacts {
    $ErrorActionPreference = 'Continue'
    $raw = @(vssadmin list writers 2>$null)
    # Blocks start at the line with the quoted writer name; "[n]" on the state line is the same in
    # every language, and 1 is Stable. Only writers that are not Stable, or Stable with an error,
    # travel as their raw lines, so the output stays small.
    $blocks = @()
    $current = $null
    foreach ($l in $raw) {
        if ($l -match ":\s*'.+'\s*$") {
            $current = New-Object System.Collections.ArrayList
            $blocks += , $current
        }
        if ($null -ne $current -and $l -and $l.Trim()) { [void]$current.Add($l.Trim()) }
    }
    Write-AzbtFact 'vss.writers' ([string]$blocks.Count)
    $sent = 0
    $more = 0
    foreach ($b in $blocks) {
        $state = ''
        $lastError = ''
        for ($i = 0; $i -lt $b.Count; $i++) {
            if ($b[$i] -match ':\s*\[(\d+)\]') {
                $state = $Matches[1]
                if ($i + 1 -lt $b.Count) { $lastError = $b[$i + 1] }
            }
        }
        $healthy = ($state -eq '1') -and ($AzbtVssNoError | Where-Object { $lastError -like ('*' + $_) })
        if ($healthy) { continue }
        if ($sent -ge 6) { $more++; continue }
        $sent++
        foreach ($line in $b) {
            if ($line -match ":\s*'.+'\s*$" -or $line -match ':\s*\[\d+\]' -or $line -eq $lastError) { Write-AzbtFact 'vss.raw' $line }
        }
    }
    if ($more -gt 0) { Write-AzbtFact 'vss.more' ([string]$more) }
    if ($blocks.Count -eq 0) {
        $said = @($raw | Where-Object { $_ -and $_.Trim() -and $_ -notmatch '^vssadmin|Copyright|^\(C\)' } | Select-Object -First 2)
        Write-AzbtFact 'vss.raw' ($said -join ' ')
    }
}

function Write-AzbtRegistryFacts {
    $msi = Get-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Services\MSIServer' -ErrorAction SilentlyContinue
    if ($msi) { Write-AzbtFact 'msi.start' ([string]$msi.Start) } else { Write-AzbtFact 'msi.start' 'missing' }
    $bcdr = Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\BcdrAgent' -ErrorAction SilentlyContinue
    if ($bcdr) { Write-AzbtFact 'bcdr.usevsscopybackup' ([string]$bcdr.USEVSSCOPYBACKUP) } else { Write-AzbtFact 'bcdr.usevsscopybackup' 'nokey' }
    $frameworks = @(
        @('v4.0.30319', 'HKLM:\SOFTWARE\Microsoft\.NETFramework\v4.0.30319'),
        @('wow:v4.0.30319', 'HKLM:\SOFTWARE\Wow6432Node\Microsoft\.NETFramework\v4.0.30319'),
        @('v2.0.50727', 'HKLM:\SOFTWARE\Microsoft\.NETFramework\v2.0.50727'),
        @('wow:v2.0.50727', 'HKLM:\SOFTWARE\Wow6432Node\Microsoft\.NETFramework\v2.0.50727'))
    foreach ($f in $frameworks) {
        $p = Get-ItemProperty -Path $f[1] -ErrorAction SilentlyContinue
        if ($p) { Write-AzbtFact 'crypto' ($f[0] + '|' + [string]$p.SchUseStrongCrypto) }
    }
}

function Write-AzbtBitLockerFacts {
    if (-not (Get-Command Get-BitLockerVolume -ErrorAction SilentlyContinue)) {
        Write-AzbtFact 'bitlocker' 'unavailable'
        return
    }
    $volumes = @(Get-BitLockerVolume -ErrorAction Stop)
    foreach ($v in ($volumes | Select-Object -First 6)) { Write-AzbtFact 'bitlocker' ([string]$v.MountPoint + '|' + [string]$v.LockStatus) }
    if ($volumes.Count -eq 0) { Write-AzbtFact 'bitlocker' 'none' }
}

function Write-AzbtMachineKeysFacts {
    $drive = $env:SystemDrive
    if (-not $drive) { $drive = 'C:' }
    $acl = Get-Acl -LiteralPath ($drive + '\ProgramData\Microsoft\Crypto\RSA\MachineKeys') -ErrorAction Stop
    foreach ($r in (@($acl.Access) | Select-Object -First 6)) {
        Write-AzbtFact 'mk' ([string]$r.IdentityReference + '|' + [string]$r.AccessControlType + '|' + [string]$r.FileSystemRights)
    }
}

# Whether an AppLocker path (with its %OSDRIVE%-style variables) covers a file.
function Test-AzbtAppLockerPath {
    param([string]$Pattern, [string]$File)
    $p = $Pattern -replace '%OSDRIVE%', 'C:' -replace '%SYSTEMDRIVE%', 'C:'
    $p = $p -replace '%WINDIR%', 'C:\Windows' -replace '%SYSTEM32%', 'C:\Windows\System32' -replace '%PROGRAMFILES%', 'C:\Program Files'
    if ($p.EndsWith('\')) { $p = $p + '*' }
    $p = $p -replace '\[', '`[' -replace '\]', '`]'
    return $File -like $p
}

function Write-AzbtAppControlFacts {
    if (Get-Command Get-AppLockerPolicy -ErrorAction SilentlyContinue) {
        $xml = [xml](Get-AppLockerPolicy -Effective -Xml -ErrorAction Stop)
        $exe = $null
        foreach ($rc in @($xml.AppLockerPolicy.RuleCollection)) { if ($rc.Type -eq 'Exe') { $exe = $rc } }
        if ($null -eq $exe) { Write-AzbtFact 'applocker' 'NotConfigured|0|0|0' }
        else {
            $rules = @($exe.ChildNodes | Where-Object { $_.NodeType -eq 'Element' })
            $allow = 0
            $deny = 0
            $denyName = ''
            foreach ($r in $rules) {
                $covers = $false
                if ($r.LocalName -eq 'FilePathRule') {
                    foreach ($c in @($r.Conditions.FilePathCondition)) { if ($c -and (Test-AzbtAppLockerPath $c.Path $AzbtPluginExe)) { $covers = $true } }
                }
                elseif ($r.LocalName -eq 'FilePublisherRule') {
                    foreach ($c in @($r.Conditions.FilePublisherCondition)) { if ($c -and ($c.PublisherName -eq '*' -or $c.PublisherName -like 'O=MICROSOFT CORPORATION*')) { $covers = $true } }
                }
                if (-not $covers) { continue }
                if ($r.Action -eq 'Deny') { $deny = 1; if (-not $denyName) { $denyName = [string]$r.Name } }
                else { $allow = 1 }
            }
            Write-AzbtFact 'applocker' ([string]$exe.EnforcementMode + '|' + $rules.Count + '|' + $allow + '|' + $deny)
            if ($denyName) { Write-AzbtFact 'applocker.deny' $denyName }
        }
    }
    else { Write-AzbtFact 'applocker' 'unavailable' }
    $dg = $null
    try { $dg = Get-CimInstance -Namespace 'root\Microsoft\Windows\DeviceGuard' -ClassName Win32_DeviceGuard -ErrorAction Stop | Select-Object -First 1 }
    catch { $dg = $null }
    if ($dg) { Write-AzbtFact 'wdac.umci' ([string]$dg.UsermodeCodeIntegrityPolicyEnforcementStatus) } else { Write-AzbtFact 'wdac.umci' 'na' }
}

function Write-AzbtResourceFacts {
    foreach ($d in (@(Get-CimInstance -ClassName Win32_LogicalDisk -Filter 'DriveType=3' -ErrorAction Stop) | Select-Object -First 6)) {
        Write-AzbtFact 'disk' ([string]$d.DeviceID + '|' + [string][math]::Floor($d.FreeSpace / 1MB) + '|' + [string][math]::Floor($d.Size / 1MB))
    }
    $load = @(Get-CimInstance -ClassName Win32_Processor -ErrorAction Stop | ForEach-Object { $_.LoadPercentage } | Where-Object { $null -ne $_ })
    if ($load.Count -gt 0) { Write-AzbtFact 'cpu' ([string][math]::Round(($load | Measure-Object -Average).Average)) }
    $os = Get-CimInstance -ClassName Win32_OperatingSystem -ErrorAction Stop | Select-Object -First 1
    if ($os) { Write-AzbtFact 'mem' ([string]$os.FreePhysicalMemory + '|' + [string]$os.TotalVisibleMemorySize) }
}

function Invoke-AzbtGuestCheck {
    $ErrorActionPreference = 'Stop'
    $script:AzbtFactCount = 0
    $script:AzbtAgentPath = $null
    Write-Output 'AZBT-GUEST 1 windows'
    Invoke-AzbtProbe 'services' { Write-AzbtServiceFacts }
    Invoke-AzbtProbe 'agent' { Write-AzbtAgentVersionFacts }
    Invoke-AzbtProbe 'wire' { Write-AzbtWireFacts }
    Invoke-AzbtProbe 'proxy' { Write-AzbtProxyFacts }
    Invoke-AzbtProbe 'dhcp' { Write-AzbtDhcpFacts }
    Invoke-AzbtProbe 'vss' { Write-AzbtVssWriterFacts }
    Invoke-AzbtProbe 'registry' { Write-AzbtRegistryFacts }
    Invoke-AzbtProbe 'bitlocker' { Write-AzbtBitLockerFacts }
    Invoke-AzbtProbe 'machinekeys' { Write-AzbtMachineKeysFacts }
    Invoke-AzbtProbe 'appcontrol' { Write-AzbtAppControlFacts }
    Invoke-AzbtProbe 'resources' { Write-AzbtResourceFacts }
    Write-Output ('AZBT-END ' + $script:AzbtFactCount)
}

# Dot-sourcing (tests) only defines the functions; Run Command runs the file, which runs the checks.
if ($MyInvocation.InvocationName -ne '.') { Invoke-AzbtGuestCheck }
