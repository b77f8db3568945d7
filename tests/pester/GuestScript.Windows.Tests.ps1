#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# The Windows in-guest script, run here (any OS, pwsh 7) with every Windows-only command mocked.
# Each case's output must equal tests/AzBackupTroubleshoot.Engine.Tests/Guest/Fixtures/windows/<case>.txt,
# which the engine's evaluator tests read; set AZBT_RECORD_GUEST_FIXTURES=1 to rewrite those files.

BeforeAll {
    $script:ScriptPath = Join-Path $PSScriptRoot '../../src/AzBackupTroubleshoot.Engine/Guest/Scripts/guest-windows.ps1'
    $script:FixtureDir = Join-Path $PSScriptRoot '../AzBackupTroubleshoot.Engine.Tests/Guest/Fixtures/windows'

    # Placeholders so that Pester can mock commands this OS does not have.
    $placeholders = @{
        'Get-CimInstance'     = { [CmdletBinding()] param([string]$ClassName, [string]$Filter, [string]$Namespace) }
        'Get-BitLockerVolume' = { [CmdletBinding()] param() }
        'Get-AppLockerPolicy' = { [CmdletBinding()] param([switch]$Effective, [switch]$Xml) }
        'Get-Acl'             = { [CmdletBinding()] param([string]$LiteralPath) }
        'vssadmin'            = { param([Parameter(ValueFromRemainingArguments = $true)]$Rest) }
        'netsh'               = { param([Parameter(ValueFromRemainingArguments = $true)]$Rest) }
        'sc.exe'              = { param([Parameter(ValueFromRemainingArguments = $true)]$Rest) }
    }
    foreach ($name in $placeholders.Keys) {
        if (-not (Get-Command $name -ErrorAction SilentlyContinue)) { Set-Item -Path ('function:global:' + $name) -Value $placeholders[$name] }
    }

    # Defines the probe functions without running the checks.
    . $script:ScriptPath

    function New-VssOutput {
        param([hashtable]$Broken = @{})
        $writers = 'Task Scheduler Writer', 'VSS Metadata Store Writer', 'Performance Counters Writer', 'System Writer', 'ASR Writer',
            'Registry Writer', 'BITS Writer', 'WMI Writer', 'COM+ REGDB Writer', 'Shadow Copy Optimization Writer'
        $lines = @('vssadmin 1.1 - Volume Shadow Copy Service administrative command-line tool', '(C) Copyright 2001-2013 Microsoft Corp.', '')
        $i = 0
        foreach ($w in ($writers + @($Broken.Keys | Where-Object { $writers -notcontains $_ } | Sort-Object))) {
            $i++
            $state = '[1] Stable'
            $err = 'No error'
            if ($Broken.ContainsKey($w)) { $state = $Broken[$w][0]; $err = $Broken[$w][1] }
            $lines += "Writer name: '$w'"
            $lines += ('   Writer Id: {{{0:d8}-d73a-4eee-8cdd-f6f9786b7124}}' -f $i)
            $lines += ('   Writer Instance Id: {{{0:d8}-5052-49db-9b07-b96f96727e6b}}' -f $i)
            $lines += "   State: $state"
            $lines += "   Last error: $err"
            $lines += ''
        }
        return $lines
    }

    function New-Service([string]$Name, [string]$State, [string]$StartMode, [string]$StartName = 'LocalSystem', [string]$PathName = '') {
        [pscustomobject]@{ Name = $Name; State = $State; StartMode = $StartMode; StartName = $StartName; PathName = $PathName }
    }

    function New-HealthyGuest {
        $net4 = 'HKLM:\SOFTWARE\Microsoft\.NETFramework\v4.0.30319'
        $wow4 = 'HKLM:\SOFTWARE\Wow6432Node\Microsoft\.NETFramework\v4.0.30319'
        @{
            Services = @(
                (New-Service 'WindowsAzureGuestAgent' 'Running' 'Auto' 'LocalSystem' '"C:\WindowsAzure\GuestAgent_2.7.41491.1102_2024-05-20_083012\WindowsAzureGuestAgent.exe"'),
                (New-Service 'RdAgent' 'Running' 'Auto'),
                (New-Service 'COMSysApp' 'Stopped' 'Manual'),
                (New-Service 'MSDTC' 'Running' 'Auto' 'NT AUTHORITY\NetworkService'),
                (New-Service 'VSS' 'Stopped' 'Manual'),
                (New-Service 'IaasVmProvider' 'Running' 'Auto'),
                (New-Service 'AppIDSvc' 'Stopped' 'Manual' 'NT Authority\LocalService'),
                (New-Service 'W32Time' 'Running' 'Auto' 'NT AUTHORITY\LocalService'),
                (New-Service 'WinRM' 'Running' 'Auto' 'NT AUTHORITY\NetworkService'))
            ServicesThrow = $false
            AgentVersion = '2.7.41491.1102'
            Wire = @{ 80 = '1'; 32526 = '1' }
            Netsh = @('', 'Current WinHTTP proxy settings:', '', '    Direct access (no proxy server).', '')
            Registry = @{
                'Registry::HKEY_USERS\S-1-5-18\Software\Microsoft\Windows\CurrentVersion\Internet Settings' = [pscustomobject]@{ ProxyEnable = 0 }
                'HKLM:\SYSTEM\CurrentControlSet\Services\MSIServer' = [pscustomobject]@{ Start = 3 }
                $net4 = [pscustomobject]@{ SchUseStrongCrypto = 1 }
                $wow4 = [pscustomobject]@{ SchUseStrongCrypto = 1 }
                'HKLM:\SOFTWARE\Microsoft\.NETFramework\v2.0.50727' = [pscustomobject]@{ SchUseStrongCrypto = 1 }
                'HKLM:\SOFTWARE\Wow6432Node\Microsoft\.NETFramework\v2.0.50727' = [pscustomobject]@{ SchUseStrongCrypto = 1 }
            }
            Nics = @([pscustomobject]@{ Index = 1; Description = 'Microsoft Hyper-V Network Adapter'; DHCPEnabled = $true; DefaultIPGateway = @('10.0.0.1') })
            Vss = (New-VssOutput)
            BitLocker = @([pscustomobject]@{ MountPoint = 'C:'; LockStatus = 'Unlocked' }, [pscustomobject]@{ MountPoint = 'D:'; LockStatus = 'Unlocked' })
            MachineKeys = [pscustomobject]@{ Access = @(
                    [pscustomobject]@{ IdentityReference = 'Everyone'; AccessControlType = 'Allow'; FileSystemRights = 'Write, Read, Synchronize' },
                    [pscustomobject]@{ IdentityReference = 'BUILTIN\Administrators'; AccessControlType = 'Allow'; FileSystemRights = 'FullControl' }) }
            AppLocker = '<AppLockerPolicy Version="1"><RuleCollection Type="Appx" EnforcementMode="NotConfigured" /><RuleCollection Type="Exe" EnforcementMode="NotConfigured" /></AppLockerPolicy>'
            DeviceGuard = [pscustomobject]@{ UsermodeCodeIntegrityPolicyEnforcementStatus = 0 }
            Disks = @([pscustomobject]@{ DeviceID = 'C:'; FreeSpace = 85GB; Size = 127GB }, [pscustomobject]@{ DeviceID = 'D:'; FreeSpace = 30GB; Size = 32GB })
            Cpu = @([pscustomobject]@{ LoadPercentage = 12 }, [pscustomobject]@{ LoadPercentage = 18 })
            Os = [pscustomobject]@{ FreePhysicalMemory = 5242880; TotalVisibleMemorySize = 8388608 }
        }
    }

    function Edit-GuestService([hashtable]$Guest, [string]$Name, [hashtable]$Values) {
        $s = $Guest.Services | Where-Object { $_.Name -eq $Name }
        if (-not $s) { $s = New-Service $Name 'Running' 'Auto'; $Guest.Services = @($Guest.Services) + $s }
        foreach ($k in $Values.Keys) { $s.$k = $Values[$k] }
    }

    # What `sc.exe query NAME` or `sc.exe qc NAME` prints for a service of the fake guest.
    function ConvertTo-ScOutput([string]$Verb, [object]$Service) {
        if (-not $Service) { return @('[SC] EnumQueryServicesStatus:OpenService FAILED 1060:', '', 'The specified service does not exist as an installed service.', '') }
        if ($Verb -eq 'query') {
            $state = @{ Running = '4  RUNNING'; Stopped = '1  STOPPED' }[$Service.State]
            return @('', "SERVICE_NAME: $($Service.Name)", '        TYPE               : 10  WIN32_OWN_PROCESS', "        STATE              : $state",
                '                                (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)', '        WIN32_EXIT_CODE    : 0  (0x0)', '')
        }
        $start = @{ Auto = '2   AUTO_START'; Manual = '3   DEMAND_START'; Disabled = '4   DISABLED' }[$Service.StartMode]
        return @('[SC] QueryServiceConfig SUCCESS', '', "SERVICE_NAME: $($Service.Name)", '        TYPE               : 10  WIN32_OWN_PROCESS', "        START_TYPE         : $start",
            '        ERROR_CONTROL      : 1   NORMAL', "        DISPLAY_NAME       : $($Service.Name)", "        SERVICE_START_NAME : $($Service.StartName)")
    }

    # Runs the checks against $script:Guest; the mocks below read it.
    function Invoke-GuestScript {
        Mock Get-CimInstance {
            $g = $script:Guest
            switch ($ClassName) {
                'Win32_Service' { if ($g.ServicesThrow) { throw 'Invalid class (WMI repository)' }; return $g.Services }
                'Win32_NetworkAdapterConfiguration' { return $g.Nics }
                'Win32_DeviceGuard' { return $g.DeviceGuard }
                'Win32_LogicalDisk' { return $g.Disks }
                'Win32_Processor' { return $g.Cpu }
                'Win32_OperatingSystem' { return $g.Os }
            }
        }
        Mock sc.exe {
            # The placeholder's $Rest here; $args where Pester mocks the real sc.exe (Windows).
            $words = @(@($Rest) + @($args) | Where-Object { $null -ne $_ })
            if ($words[1] -eq 'type=') { return $script:Guest.Services | ForEach-Object { 'SERVICE_NAME: ' + $_.Name; 'DISPLAY_NAME: ' + $_.Name; '' } }
            ConvertTo-ScOutput $words[0] ($script:Guest.Services | Where-Object { $_.Name -eq $words[1] } | Select-Object -First 1)
        }
        Mock Get-Item { [pscustomobject]@{ VersionInfo = [pscustomobject]@{ FileVersion = $script:Guest.AgentVersion } } } -ParameterFilter { $LiteralPath -like '*.exe' }
        Mock Get-ItemProperty { $script:Guest.Registry[$Path] }
        Mock Test-AzbtTcpPort { $script:Guest.Wire[$Port] }
        Mock netsh { $script:Guest.Netsh }
        Mock vssadmin { $script:Guest.Vss }
        Mock Get-BitLockerVolume { $script:Guest.BitLocker }
        Mock Get-Acl { $script:Guest.MachineKeys }
        Mock Get-AppLockerPolicy { $script:Guest.AppLocker }
        # Nothing may change the guest (the service cmdlets exist only on Windows; the source test covers them everywhere).
        $writers = @('Set-ItemProperty', 'New-ItemProperty', 'Remove-ItemProperty', 'New-Item', 'Remove-Item', 'Set-Content', 'Start-Service', 'Stop-Service', 'Restart-Service', 'Set-Service', 'Set-Acl') |
            Where-Object { Get-Command $_ -CommandType Cmdlet -ErrorAction SilentlyContinue }
        foreach ($writer in $writers) {
            Mock $writer { throw "the guest script called a command that changes the guest" }
        }
        $lines = @(Invoke-AzbtGuestCheck)
        foreach ($writer in $writers) {
            Should -Invoke $writer -Times 0 -Exactly
        }
        return $lines
    }

    function Assert-Fixture([string]$Case, [string[]]$Lines) {
        $path = Join-Path $script:FixtureDir ($Case + '.txt')
        $text = ($Lines -join "`n") + "`n"
        if ($env:AZBT_RECORD_GUEST_FIXTURES -eq '1') {
            $null = [IO.Directory]::CreateDirectory($script:FixtureDir)
            [IO.File]::WriteAllText($path, $text)
        }
        (Get-Content -LiteralPath $path -Raw) -replace "`r`n", "`n" | Should -BeExactly $text
    }

    # The facts of a run, by key (several values per key in order).
    function Get-Facts([string[]]$Lines) {
        $facts = @{}
        foreach ($l in $Lines) {
            if ($l -match '^([A-Za-z][A-Za-z0-9._-]*)=(.*)$') {
                if (-not $facts.ContainsKey($Matches[1])) { $facts[$Matches[1]] = @() }
                $facts[$Matches[1]] += $Matches[2]
            }
        }
        return $facts
    }
}

Describe 'guest-windows.ps1 source' {
    BeforeAll {
        $script:Tokens = $null
        $script:ParseErrors = $null
        $script:Ast = [System.Management.Automation.Language.Parser]::ParseFile((Resolve-Path $script:ScriptPath).Path, [ref]$script:Tokens, [ref]$script:ParseErrors)
    }

    It 'parses' {
        $script:ParseErrors | Should -BeNullOrEmpty
    }

    # The syntax tree types of PowerShell 7 do not exist in Windows PowerShell to look for.
    It 'uses only Windows PowerShell 5.1 syntax' -Skip:($PSVersionTable.PSVersion.Major -lt 7) {
        $newer = $script:Ast.FindAll({
                param($n)
                $n -is [System.Management.Automation.Language.TernaryExpressionAst] -or
                $n -is [System.Management.Automation.Language.PipelineChainAst] -or
                ($n -is [System.Management.Automation.Language.BinaryExpressionAst] -and $n.Operator -eq 'QuestionQuestion') -or
                ($n -is [System.Management.Automation.Language.AssignmentStatementAst] -and $n.Operator -eq 'QuestionQuestionEquals') -or
                ($n -is [System.Management.Automation.Language.MemberExpressionAst] -and $n.NullConditional) -or
                ($n -is [System.Management.Automation.Language.IndexExpressionAst] -and $n.NullConditional) -or
                ($n -is [System.Management.Automation.Language.ScriptBlockAst] -and $n.CleanBlock) -or
                ($n -is [System.Management.Automation.Language.CommandParameterAst] -and $n.ParameterName -eq 'Parallel')
            }, $true)
        @($newer | ForEach-Object { $_.Extent.Text }) | Should -BeNullOrEmpty
    }

    It 'is ASCII, so Windows PowerShell reads it the same in every code page' {
        $bytes = [IO.File]::ReadAllBytes((Resolve-Path $script:ScriptPath).Path)
        @($bytes | Where-Object { $_ -gt 127 }).Count | Should -Be 0
    }

    It 'calls no command that changes the guest' {
        $names = @($script:Ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object { $_.GetCommandName() } | Where-Object { $_ })
        $changing = $names | Where-Object { $_ -match '^(Set|New|Remove|Start|Stop|Restart|Clear|Rename|Move|Copy|Add|Enable|Disable|Register|Unregister|Install|Uninstall)-' -or $_ -in 'reg', 'reg.exe', 'net', 'net.exe', 'icacls', 'bitsadmin' }
        # New-Object builds a TCP client in memory; it changes nothing.
        @($changing | Where-Object { $_ -ne 'New-Object' }) | Should -BeNullOrEmpty
    }
}

Describe 'guest-windows.ps1 on a healthy guest' {
    BeforeEach { $script:Guest = New-HealthyGuest }

    It 'prints the header first, one fact per line and the end line with the count last' {
        $lines = Invoke-GuestScript
        $lines[0] | Should -BeExactly 'AZBT-GUEST 1 windows'
        $lines[-1] | Should -Match '^AZBT-END \d+$'
        [int]($lines[-1] -replace 'AZBT-END ', '') | Should -Be ($lines.Count - 2)
        $lines[1..($lines.Count - 2)] | ForEach-Object { $_ | Should -Match '^[a-z][A-Za-z0-9._-]*=' }
        Assert-Fixture 'healthy' $lines
    }

    It 'reports each service with state, start mode and account' {
        $facts = Get-Facts (Invoke-GuestScript)
        $facts['svc'] | Should -Contain 'WindowsAzureGuestAgent|Running|Auto|LocalSystem'
        $facts['svc'] | Should -Contain 'MSDTC|Running|Auto|NT AUTHORITY\NetworkService'
        $facts['svc'] | Should -Contain 'COMSysApp|Stopped|Manual|LocalSystem'
        $facts['sql'] | Should -Be @('none')
        $facts['agent.version'] | Should -Be @('2.7.41491.1102')
        $facts['vss.writers'] | Should -Be @('10')
        $facts.ContainsKey('vss.raw') | Should -BeFalse
        $facts['proxy.winhttp'] | Should -Be @('Direct access (no proxy server).')
        $facts['crypto'] | Should -Be @('v4.0.30319|1', 'wow:v4.0.30319|1', 'v2.0.50727|1', 'wow:v2.0.50727|1')
        $facts['disk'] | Should -Be @('C:|87040|130048', 'D:|30720|32768')
        $facts['cpu'] | Should -Be @('15')
    }

    It 'reads the agent version from the image of the agent service' {
        $null = Invoke-GuestScript
        Should -Invoke Get-Item -Times 1 -Exactly -ParameterFilter { $LiteralPath -eq 'C:\WindowsAzure\GuestAgent_2.7.41491.1102_2024-05-20_083012\WindowsAzureGuestAgent.exe' }
    }

    It 'asks the TCP probe for 168.63.129.16 on ports 80 and 32526' {
        $null = Invoke-GuestScript
        Should -Invoke Test-AzbtTcpPort -Times 1 -Exactly -ParameterFilter { $Address -eq '168.63.129.16' -and $Port -eq 80 }
        Should -Invoke Test-AzbtTcpPort -Times 1 -Exactly -ParameterFilter { $Address -eq '168.63.129.16' -and $Port -eq 32526 }
    }
}

Describe 'guest-windows.ps1 on broken guests' {
    BeforeEach { $script:Guest = New-HealthyGuest }

    It '<Case> reports <Expected>' -ForEach @(
        @{ Case = 'agent-stopped'; Expected = 'svc=WindowsAzureGuestAgent|Stopped|Auto|LocalSystem'; Break = { param($g) Edit-GuestService $g 'WindowsAzureGuestAgent' @{ State = 'Stopped' } } }
        @{ Case = 'old-agent'; Expected = 'agent.version=2.7.41491.949'; Break = { param($g) $g.AgentVersion = '2.7.41491.949' } }
        @{ Case = 'wire-blocked'; Expected = 'wire.32526=0|timeout'; Break = { param($g) $g.Wire[32526] = '0|timeout' } }
        @{ Case = 'winhttp-proxy'; Expected = 'proxy.winhttp=Proxy Server(s) : 10.0.0.9:3128 ; Bypass List : <local>'; Break = { param($g) $g.Netsh = @('', 'Current WinHTTP proxy settings:', '', '    Proxy Server(s) :  10.0.0.9:3128', '    Bypass List     :  <local>', '') } }
        @{ Case = 'static-ip'; Expected = 'nic=1|0|1|Microsoft Hyper-V Network Adapter'; Break = { param($g) $g.Nics[0].DHCPEnabled = $false } }
        @{ Case = 'vss-writer-failed'; Expected = 'vss.raw=State: [8] Failed'; Break = { param($g) $g.Vss = New-VssOutput @{ 'System Writer' = @('[8] Failed', 'Timed out') } } }
        @{ Case = 'vss-service-disabled'; Expected = 'svc=VSS|Stopped|Disabled|LocalSystem'; Break = { param($g) Edit-GuestService $g 'VSS' @{ StartMode = 'Disabled' } } }
        @{ Case = 'complus-disabled'; Expected = 'svc=COMSysApp|Stopped|Disabled|LocalSystem'; Break = { param($g) Edit-GuestService $g 'COMSysApp' @{ StartMode = 'Disabled' } } }
        @{ Case = 'msdtc-wrong-account'; Expected = 'svc=MSDTC|Running|Auto|LocalSystem'; Break = { param($g) Edit-GuestService $g 'MSDTC' @{ StartName = 'LocalSystem' } } }
        @{ Case = 'iaasvmprovider-disabled'; Expected = 'svc=IaasVmProvider|Stopped|Disabled|LocalSystem'; Break = { param($g) Edit-GuestService $g 'IaasVmProvider' @{ State = 'Stopped'; StartMode = 'Disabled' } } }
        @{ Case = 'sql-without-copy-backup'; Expected = 'sql=MSSQLSERVER'; Break = { param($g) Edit-GuestService $g 'MSSQLSERVER' @{ StartName = 'NT Service\MSSQLSERVER' }; $g.Registry['HKLM:\SOFTWARE\Microsoft\BcdrAgent'] = [pscustomobject]@{ IsProviderInstalled = 'True' } } }
        @{ Case = 'bitlocker-locked'; Expected = 'bitlocker=D:|Locked'; Break = { param($g) $g.BitLocker[1].LockStatus = 'Locked' } }
        @{ Case = 'machinekeys-changed'; Expected = 'mk=BUILTIN\Administrators|Allow|FullControl'; Break = { param($g) $g.MachineKeys.Access = @($g.MachineKeys.Access[1]) } }
        @{ Case = 'strongcrypto-off'; Expected = 'crypto=v4.0.30319|0'; Break = { param($g) $g.Registry['HKLM:\SOFTWARE\Microsoft\.NETFramework\v4.0.30319'] = [pscustomobject]@{ SchUseStrongCrypto = 0 } } }
        @{ Case = 'msiserver-disabled'; Expected = 'msi.start=4'; Break = { param($g) $g.Registry['HKLM:\SYSTEM\CurrentControlSet\Services\MSIServer'] = [pscustomobject]@{ Start = 4 } } }
        @{ Case = 'applocker-deny'; Expected = 'applocker.deny=Block agent plugins'; Break = {
                param($g)
                Edit-GuestService $g 'AppIDSvc' @{ State = 'Running'; StartMode = 'Auto' }
                $g.AppLocker = '<AppLockerPolicy Version="1"><RuleCollection Type="Exe" EnforcementMode="Enabled">' +
                '<FilePathRule Id="921cc481-6e17-4653-8f75-050b80acca20" Name="(Default Rule) All files located in the Program Files folder" UserOrGroupSid="S-1-1-0" Action="Allow"><Conditions><FilePathCondition Path="%PROGRAMFILES%\*" /></Conditions></FilePathRule>' +
                '<FilePathRule Id="a61c8b2c-a319-4cd0-9690-d2177cad7b51" Name="(Default Rule) All files located in the Windows folder" UserOrGroupSid="S-1-1-0" Action="Allow"><Conditions><FilePathCondition Path="%WINDIR%\*" /></Conditions></FilePathRule>' +
                '<FilePathRule Id="fd686d83-a829-4351-8ff4-27c7de5755d2" Name="(Default Rule) All files" UserOrGroupSid="S-1-5-32-544" Action="Allow"><Conditions><FilePathCondition Path="*" /></Conditions></FilePathRule>' +
                '<FilePathRule Id="0c2d6a0e-1b43-4e2a-9a51-7d3b2f1e8c11" Name="Block agent plugins" UserOrGroupSid="S-1-1-0" Action="Deny"><Conditions><FilePathCondition Path="%OSDRIVE%\Packages\*" /></Conditions></FilePathRule>' +
                '</RuleCollection></AppLockerPolicy>'
            } }
        @{ Case = 'applocker-no-allow'; Expected = 'applocker=Enabled|2|0|0'; Break = {
                param($g)
                Edit-GuestService $g 'AppIDSvc' @{ State = 'Running'; StartMode = 'Auto' }
                $g.AppLocker = '<AppLockerPolicy Version="1"><RuleCollection Type="Exe" EnforcementMode="Enabled">' +
                '<FilePathRule Id="921cc481-6e17-4653-8f75-050b80acca20" Name="Program Files" UserOrGroupSid="S-1-1-0" Action="Allow"><Conditions><FilePathCondition Path="%PROGRAMFILES%\*" /></Conditions></FilePathRule>' +
                '<FilePathRule Id="a61c8b2c-a319-4cd0-9690-d2177cad7b51" Name="Windows" UserOrGroupSid="S-1-1-0" Action="Allow"><Conditions><FilePathCondition Path="%WINDIR%\*" /></Conditions></FilePathRule>' +
                '</RuleCollection></AppLockerPolicy>'
            } }
        @{ Case = 'memory-exhausted'; Expected = 'mem=262144|8388608'; Break = { param($g) $g.Os.FreePhysicalMemory = 262144 } }
    ) {
        & $Break $script:Guest
        $lines = Invoke-GuestScript
        $lines | Should -Contain $Expected
        $lines[-1] | Should -BeExactly ('AZBT-END ' + ($lines.Count - 2))
        Assert-Fixture $Case $lines
    }

    It 'falls back to sc.exe when WMI cannot list services' {
        $script:Guest.ServicesThrow = $true
        $lines = Invoke-GuestScript
        $lines | Should -Contain 'sc=MSDTC|STATE : 4 RUNNING'
        $lines | Should -Contain 'sc=MSDTC|START_TYPE : 2 AUTO_START'
        $lines | Should -Contain 'sc=MSDTC|SERVICE_START_NAME : NT AUTHORITY\NetworkService'
        ($lines | Where-Object { $_ -like 'err=cim.service|*' }).Count | Should -Be 1
        $lines | Should -Contain 'sql=none'
        Assert-Fixture 'wmi-services-broken' $lines
    }

    It 'turns a failing probe into an err line and still ends' {
        Mock Write-AzbtBitLockerFacts { throw 'Access is denied.' }
        $lines = Invoke-GuestScript
        $lines | Should -Contain 'err=bitlocker|Access is denied.'
        $lines[-1] | Should -BeExactly ('AZBT-END ' + ($lines.Count - 2))
    }
}

Describe 'guest-windows.ps1 output size' {
    It 'stays well under the 4,096 bytes Run Command returns for the largest realistic guest' {
        $g = New-HealthyGuest
        $script:Guest = $g
        $broken = @{}
        foreach ($w in 'SqlServerWriter', 'System Writer', 'Microsoft Exchange Writer', 'Microsoft Hyper-V VSS Writer', 'IIS Config Writer', 'IIS Metabase Writer',
            'Dhcp Jet Writer', 'NTDS', 'FRS Writer', 'DFS Replication service writer', 'Certificate Authority', 'Cluster Shared Volume VSS Writer') {
            $broken[$w] = @('[9] Failed', 'Non-retryable error')
        }
        $g.Vss = New-VssOutput $broken
        $g.Nics = @(1..6 | ForEach-Object { [pscustomobject]@{ Index = $_; Description = 'Microsoft Hyper-V Network Adapter #' + $_ + ' with a long vendor suffix'; DHCPEnabled = $false; DefaultIPGateway = @('10.0.0.1') } })
        $g.Disks = @(67..90 | ForEach-Object { [pscustomobject]@{ DeviceID = [string][char]$_ + ':'; FreeSpace = 1GB; Size = 32TB } })
        $g.BitLocker = @(67..90 | ForEach-Object { [pscustomobject]@{ MountPoint = [string][char]$_ + ':'; LockStatus = 'Locked' } })
        $g.MachineKeys.Access = @(1..12 | ForEach-Object { [pscustomobject]@{ IdentityReference = 'CONTOSO-LONG-DOMAIN\svc-application-account-' + $_; AccessControlType = 'Deny'; FileSystemRights = 'ReadAndExecute, Synchronize, Write, Modify, TakeOwnership' } })
        $g.Netsh = @('', 'Current WinHTTP proxy settings:', '', '    Proxy Server(s) :  http=proxy-egress-primary.corp.contoso-internal.example.com:3128;https=proxy-egress-secondary.corp.contoso-internal.example.com:3128',
            '    Bypass List     :  <local>;*.corp.contoso-internal.example.com;10.*;172.16.*;192.168.*;*.blob.core.windows.net;*.vault.azure.net', '')
        $g.Registry['Registry::HKEY_USERS\S-1-5-18\Software\Microsoft\Windows\CurrentVersion\Internet Settings'] = [pscustomobject]@{ ProxyEnable = 1; ProxyServer = 'proxy-egress-primary.corp.contoso-internal.example.com:3128'; ProxyOverride = '<local>;*.corp.contoso-internal.example.com;10.*;172.16.*;192.168.*;*.blob.core.windows.net' }
        foreach ($i in 1..6) { Edit-GuestService $g ('MSSQL$INSTANCE_WITH_LONG_NAME_' + $i) @{} }
        $lines = Invoke-GuestScript
        Assert-Fixture 'largest' $lines
        $bytes = [Text.Encoding]::UTF8.GetByteCount((($lines -join "`n") + "`n"))
        $bytes | Should -BeLessThan 3072
        $lines[-1] | Should -BeExactly ('AZBT-END ' + ($lines.Count - 2))
        ($lines | Where-Object { $_ -like 'vss.more=*' }) | Should -Be 'vss.more=6'
    }
}
