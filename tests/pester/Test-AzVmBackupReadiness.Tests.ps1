#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Runs against the built module and the ARM emulator serving demo/world, in a non-interactive pwsh.

BeforeAll {
    . "$PSScriptRoot/TestSupport.ps1"
    Import-Module (Get-TestModulePath) -Force
    . "$PSScriptRoot/ArmEmulatorSession.ps1"
    $null = Start-ArmEmulatorSession -WorldPath "$PSScriptRoot/../../demo/world"
    $sub = $DemoSubscription
    $script:groupReports = Test-AzVmBackupReadiness -ResourceGroupName rg-demo -Language en
    $script:savedContext = ${function:global:Get-AzContext}
    $script:savedToken = ${function:global:Get-AzAccessToken}

    # Runs a command in a new runspace of this process with the look-alike login, so that every
    # stream (progress included) can be read, and the run can be stopped from here.
    function New-ScanShell {
        param([string] $Script)
        $shell = [PowerShell]::Create()
        $null = $shell.AddScript((Get-ArmEmulatorRunspacePrelude -ModulePath (Get-TestModulePath) -Context $savedContext -Token $savedToken) + "`n" + $Script)
        $shell
    }
}

AfterAll {
    Stop-ArmEmulatorSession
    Remove-Module AzBackupTroubleshoot -ErrorAction SilentlyContinue
}

Describe 'Test-AzVmBackupReadiness: scopes and binding' {
    It 'returns one typed report per VM of the group' {
        $groupReports | Should -Not -BeNullOrEmpty
        $groupReports | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'AzBackupTroubleshoot.VmBackupReadiness' }
        ($groupReports | Where-Object Name -eq 'web01').Status | Should -Be 'Pass'
        ($groupReports | Where-Object Name -eq 'web02').Status | Should -Be 'Fail'
    }

    It 'scans the group for -ResourceGroupName alone, without a prompt' {
        (Test-AzVmBackupReadiness -ResourceGroupName rg-demo).Count | Should -Be $groupReports.Count
        (Test-AzVmBackupReadiness rg-demo).Count | Should -Be $groupReports.Count
    }

    It 'scans the current subscription when no scope is given' {
        @(Test-AzVmBackupReadiness).Count | Should -Be $groupReports.Count
    }

    It 'takes several names, and names by position' {
        (Test-AzVmBackupReadiness rg-demo web01, db01).Name | Should -Be @('web01', 'db01')
        (Test-AzVmBackupReadiness -ResourceGroupName rg-demo -Name app01).Name | Should -Be 'app01'
    }

    It 'refuses a name without a resource group' {
        Test-AzVmBackupReadiness -Name web01 -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NameWithoutResourceGroup,*'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'binds Get-AzVM output (PSVirtualMachine) by ResourceGroupName and Name, in input order' {
        $vms = 'db01', 'web01', 'lnx02' | ForEach-Object { New-AzVmLookalike -Name $_ }
        ($vms | Test-AzVmBackupReadiness).Name | Should -Be @('db01', 'web01', 'lnx02')
    }

    It 'binds Get-AzResourceGroup output (PSResourceGroup) as a group scan' {
        (New-AzResourceGroupLookalike rg-demo | Test-AzVmBackupReadiness).Count | Should -Be $groupReports.Count
    }

    It 'binds its own reports, for a second look' {
        ($groupReports | Where-Object Status -eq Fail | Test-AzVmBackupReadiness).Name | Should -Be ($groupReports | Where-Object Status -eq Fail).Name
    }

    It 'binds plain id strings by value, and arrays of ids' {
        $ids = 'web01', 'app01' | ForEach-Object { "/subscriptions/$sub/resourceGroups/rg-demo/providers/Microsoft.Compute/virtualMachines/$_" }
        ($ids | Test-AzVmBackupReadiness).Name | Should -Be @('web01', 'app01')
        (Test-AzVmBackupReadiness -ResourceId $ids).Name | Should -Be @('web01', 'app01')
        @(Test-AzVmBackupReadiness -Id "/subscriptions/$sub/resourceGroups/rg-demo").Count | Should -Be $groupReports.Count
    }

    It 'takes subscription ids, and refuses one that is not a GUID before reading anything' {
        @(Test-AzVmBackupReadiness -SubscriptionId $sub).Count | Should -Be $groupReports.Count
        $tokenCalls = $ArmEmulator.TokenCalls
        Test-AzVmBackupReadiness -SubscriptionId nope -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidSubscriptionId,*'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
    }

    It 'reports a deleted but protected VM, in a group scan and a one-VM scan alike' {
        ($groupReports | Where-Object Name -eq 'retired01').Findings.RemedyCode | Should -Contain 'BCMV2VMNotFound'
        $one = Test-AzVmBackupReadiness rg-demo retired01 -ErrorAction SilentlyContinue
        $one.Findings | Where-Object CheckId -eq 'Vm.Exists' | ForEach-Object Status | Should -Be 'Fail'
    }
}

Describe 'Test-AzVmBackupReadiness: findings, checks and output' {
    It 'pipes every finding into Get-BackupErrorRemedy without an error, passing ones included' {
        $remedies = $groupReports | ForEach-Object Findings | Get-BackupErrorRemedy -Language en -ErrorAction Stop
        $remedies.Code | Should -Contain 'UserErrorGuestAgentStatusUnavailable'
        $remedies.Code | Should -Contain 'ExtensionStuckInDeletionState'
        $remedies | ForEach-Object { $_.VmName | Should -Not -BeNullOrEmpty; $_.CheckId | Should -Not -BeNullOrEmpty }
    }

    It 'runs the README pipeline of failures without an error' {
        $remedies = Test-AzVmBackupReadiness rg-demo | ForEach-Object Findings | Where-Object Status -eq Fail | Get-BackupErrorRemedy -ErrorAction Stop
        $remedies | Should -Not -BeNullOrEmpty
    }

    It 'runs only the checks asked for' {
        $report = Test-AzVmBackupReadiness rg-demo app01 -Check Network.NsgOutbound
        $report.Findings.CheckId | Should -Be @('Network.NsgOutbound')
        $report.Findings[0].RemedyCode | Should -Be 'ExtensionSnapshotFailedNoNetwork'
        (Test-AzVmBackupReadiness rg-demo app01 -ExcludeCheck Network.NsgOutbound).Findings.CheckId | Should -Not -Contain 'Network.NsgOutbound'
    }

    It 'refuses an unknown check id, and one that no scan runs, before reading anything' {
        { Test-AzVmBackupReadiness rg-demo web01 -Check No.Such.Check -ErrorAction Stop } | Should -Throw -ErrorId 'UnknownCheckId,*'
        { Test-AzVmBackupReadiness rg-demo web01 -Check Support.SharedDisk -ErrorAction Stop } | Should -Throw -ErrorId 'UnknownCheckId,*'
    }

    It 'completes only the checks that run' {
        $line = 'Test-AzVmBackupReadiness -Check '
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $ids = $completion.CompletionMatches.CompletionText
        $ids | Should -Contain 'VmAgent.Status'
        $ids | Should -Not -Contain 'Support.SharedDisk'
        # Guest checks run with -InGuest; Guest.Antivirus is never judged.
        $ids | Should -Contain 'Guest.VssWriters'
        $ids | Should -Not -Contain 'Guest.Antivirus'
    }

    It 'speaks Japanese' {
        (Test-AzVmBackupReadiness rg-demo web02 -Language ja -Check VmAgent.Status).Findings[0].Detail | Should -Match '[\u3040-\u30ff]'
    }

    It 'fits the report and finding tables in 80 columns without wrapped headers' {
        $lines = ($groupReports | Out-String -Width 80) -split "`r?`n" | Where-Object { $_ }
        $lines[0].Trim() -split '\s+' | Should -Be @('Name', 'ResourceGroup', 'Status', 'Fail', 'Warn', 'Summary')
        $lines | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
        $findingLines = ($groupReports[0].Findings | Out-String -Width 80) -split "`r?`n" | Where-Object { $_ }
        $findingLines[0].Trim() -split '\s+' | Should -Be @('VmName', 'CheckId', 'Status', 'Detail')
        $findingLines | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
    }

    It 'exports findings flat to CSV and reports rich to JSON' {
        $finding = $groupReports | ForEach-Object Findings | Where-Object { $_.Evidence.Count -gt 1 } | Select-Object -First 1
        $csv = $finding | ConvertTo-Csv | ConvertFrom-Csv
        $csv.Evidence | Should -Not -Match 'System\.Collections'
        foreach ($key in $finding.Evidence.Keys) { $csv.Evidence.Contains("$key=") | Should -BeTrue }
        ($groupReports | ConvertTo-Csv) -join "`n" | Should -Not -Match 'System\.(String|Collections|Object)'
        $json = $finding | ConvertTo-Json | ConvertFrom-Json
        @($json.Evidence.PSObject.Properties.Name) | Should -Be @($finding.Evidence.Keys)
        $reportJson = $groupReports[0] | ConvertTo-Json -WarningAction SilentlyContinue | ConvertFrom-Json
        $reportJson.Findings[0].CheckId | Should -Be $groupReports[0].Findings[0].CheckId
        $reportJson.Findings[0].Evidence | Should -Not -Match 'System\.Collections'
    }
}

Describe 'Test-AzVmBackupReadiness -InGuest' {
    It 'runs the Linux guest script (under sh in the emulator) and reports Extensions.Enabled=n' {
        $report = Test-AzVmBackupReadiness rg-demo lnx02 -InGuest -Language en
        $conf = $report.Findings | Where-Object CheckId -eq 'Guest.WaagentConf'
        $conf.Status | Should -Be 'Fail'
        $conf.RemedyCode | Should -Be 'GuestAgentSnapshotTaskStatusError'
        $report.Findings.CheckId | Should -Contain 'VmAgent.Status'
        $report.Status | Should -Be 'Fail'
    }

    It 'reports the recorded Windows guest problems, and Unknown with the reason where the agent is not Ready' {
        (Test-AzVmBackupReadiness rg-demo db01 -InGuest -Check Guest.VssWriters).Findings | ForEach-Object { $_.CheckId, $_.Status } | Should -Be @('Guest.VssWriters', 'Fail')
        (Test-AzVmBackupReadiness rg-demo app02 -InGuest -Check Guest.Msdtc).Findings[0].RemedyCode | Should -Be 'ExtensionInstallationFailedMDTC'
        $notReady = (Test-AzVmBackupReadiness rg-demo web02 -InGuest -Language en -Check Guest.AgentService).Findings
        $notReady.Status | Should -Be 'Unknown'
        $notReady.Detail | Should -Match 'not Ready'
    }

    It 'refuses a guest check id without -InGuest before reading anything' {
        { Test-AzVmBackupReadiness rg-demo lnx02 -Check Guest.WaagentConf -ErrorAction Stop } | Should -Throw -ErrorId 'GuestCheckNeedsInGuest,*'
        { Test-AzVmBackupReadiness rg-demo lnx02 -ExcludeCheck Guest.Proxy -ErrorAction Stop } | Should -Throw -ErrorId 'GuestCheckNeedsInGuest,*'
    }

    It 'fits the guest findings in 80 columns' {
        $findings = (Test-AzVmBackupReadiness rg-demo lnx02 -InGuest).Findings | Where-Object CheckId -like 'Guest.*'
        $lines = ($findings | Out-String -Width 80) -split "`r?`n" | Where-Object { $_ }
        $lines[0].Trim() -split '\s+' | Should -Be @('VmName', 'CheckId', 'Status', 'Detail')
        $lines | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
    }
}

Describe 'Test-AzVmBackupReadiness: errors and streams' {
    It 'writes a non-terminating ObjectNotFound error for a missing VM and goes on' {
        $reports = 'no-such-vm', 'web01' | ForEach-Object { [pscustomobject]@{ ResourceGroupName = 'rg-demo'; Name = $_ } } |
            Test-AzVmBackupReadiness -ErrorVariable errs -ErrorAction SilentlyContinue
        $reports.Name | Should -Be @('web01')
        $errs.Count | Should -Be 1
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'VmNotReadable,*'
        $errs[0].TargetObject | Should -BeLike '*/virtualMachines/no-such-vm'
    }

    It 'refuses an id that is not a VM, group or subscription' {
        Test-AzVmBackupReadiness -ResourceId 'vm01' -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidResourceId,*'
    }

    It 'writes each ARM request to the verbose stream with its correlation id' {
        $verbose = Test-AzVmBackupReadiness rg-demo web01 -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $verbose | Should -Not -BeNullOrEmpty
        $verbose | ForEach-Object { $_.Message | Should -Match 'x-ms-client-request-id [0-9a-f-]{36}' }
    }

    It 'never shows the token, in any stream or in $Error' {
        $shell = New-ScanShell -Script 'Test-AzVmBackupReadiness rg-demo -Verbose -Debug; Test-AzVmBackupReadiness rg-demo no-such-vm; $Error | ForEach-Object { $_ | Format-List * -Force | Out-String }'
        $output = $shell.Invoke()
        $streams = $shell.Streams
        $everything = @($output | Out-String) + @($streams.Error, $streams.Warning, $streams.Verbose, $streams.Debug, $streams.Information, $streams.Progress | ForEach-Object { $_ | ForEach-Object { $_ | Format-List * -Force | Out-String } })
        $streams.Verbose.Count | Should -BeGreaterThan 0
        ($everything -join "`n") | Should -Not -Match ([regex]::Escape($ArmEmulator.Token))
        $shell.Dispose()
    }

    It 'writes one debug record for -Debug, and no prompt' {
        $out = Test-AzVmBackupReadiness rg-demo -Debug 5>&1
        @($out | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }) | Should -HaveCount 1
        @($out | Where-Object { $_ -is [AzBackupTroubleshoot.VmBackupReadiness] }).Count | Should -Be $groupReports.Count
    }

    It 'shows progress on a multi-VM scan and completes it' {
        $shell = New-ScanShell -Script 'Test-AzVmBackupReadiness rg-demo'
        $null = $shell.Invoke()
        $shell.Streams.Progress.Count | Should -BeGreaterThan 0
        $shell.Streams.Progress[-1].RecordType | Should -Be 'Completed'
        $shell.Dispose()
    }

    It 'says ConnectionError and what to check when Resource Manager cannot be reached' {
        $url = $ArmEmulator.Url
        try {
            # A port that nothing listens on: connection refused at once, on loopback.
            $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
            $ArmEmulator.Url = "https://127.0.0.1:$port/"
            Test-AzVmBackupReadiness rg-demo -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errs | Should -HaveCount 1
            $errs[0].CategoryInfo.Category | Should -Be 'ConnectionError'
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'ArmNotReachable,*'
            $errs[0].ErrorDetails.Message | Should -Match "127\.0\.0\.1:$port"
            $errs[0].ErrorDetails.RecommendedAction | Should -Match 'proxy'
        }
        finally {
            $ArmEmulator.Url = $url
        }
    }
}

Describe 'Test-AzVmBackupReadiness: login' {
    AfterEach {
        Set-Item Function:\global:Get-AzContext $savedContext
        Set-Item Function:\global:Get-AzAccessToken $savedToken
        $ArmEmulator.TokenLifetime = [TimeSpan]::FromHours(1)
    }

    It 'says to install Az.Accounts when it is not there' {
        Remove-Item Function:\Get-AzContext
        if (Get-Command Get-AzContext -ErrorAction SilentlyContinue) { Set-ItResult -Skipped -Because 'Az.Accounts is installed here' }
        $e = { Test-AzVmBackupReadiness rg-demo web01 -ErrorAction Stop } | Should -Throw -ErrorId 'AzAccountsNotFound,*' -PassThru
        $e.ErrorDetails.RecommendedAction | Should -Match 'Install-Module Az\.Accounts'
    }

    It 'says to run Connect-AzAccount when Get-AzContext returns nothing' {
        function global:Get-AzContext { param($DefaultProfile) $null }
        $e = { Test-AzVmBackupReadiness rg-demo web01 -ErrorAction Stop } | Should -Throw -ErrorId 'AzNotSignedIn,*' -PassThru
        $e.ErrorDetails.RecommendedAction | Should -Match 'Connect-AzAccount'
    }

    It 'reports a token command that fails with its own error, thrown or written' {
        function global:Get-AzAccessToken { param([switch] $AsSecureString, $DefaultProfile) throw 'AADSTS700082: The refresh token has expired due to inactivity.' }
        $e = { Test-AzVmBackupReadiness rg-demo web01 -ErrorAction Stop } | Should -Throw -ErrorId 'AzLoginFailed,*' -PassThru
        $e.Exception.Message | Should -Match 'AADSTS700082'
        function global:Get-AzAccessToken { [CmdletBinding()] param([switch] $AsSecureString, $DefaultProfile) Write-Error 'AADSTS50076: multi-factor authentication is required.' }
        $e = { Test-AzVmBackupReadiness rg-demo web01 -ErrorAction Stop } | Should -Throw -ErrorId 'AzLoginFailed,*' -PassThru
        $e.Exception.Message | Should -Match 'AADSTS50076'
    }

    It 'takes a token as text from an Az.Accounts without -AsSecureString' {
        function global:Get-AzAccessToken { param($DefaultProfile) [pscustomobject]@{ Token = $ArmEmulator.Token; ExpiresOn = [DateTimeOffset]::UtcNow.AddHours(1) } }
        (Test-AzVmBackupReadiness rg-demo web01).Status | Should -Be 'Pass'
    }

    It 'asks for a SecureString where -AsSecureString exists' {
        function global:Get-AzAccessToken { param([switch] $AsSecureString, $DefaultProfile) $global:askedSecure = $AsSecureString.IsPresent; [pscustomobject]@{ Token = (ConvertTo-SecureString $ArmEmulator.Token -AsPlainText -Force); ExpiresOn = [DateTimeOffset]::UtcNow.AddHours(1) } }
        (Test-AzVmBackupReadiness rg-demo web01).Status | Should -Be 'Pass'
        $global:askedSecure | Should -BeTrue
    }

    It 'passes -DefaultProfile on to Get-AzContext and Get-AzAccessToken' {
        $profile = [pscustomobject]@{ Name = 'other-tenant' }
        $global:seen = @()
        function global:Get-AzContext { param($DefaultProfile) $global:seen += "context:$($DefaultProfile.Name)"; & $savedContext }
        function global:Get-AzAccessToken { param([switch] $AsSecureString, $DefaultProfile) $global:seen += "token:$($DefaultProfile.Name)"; & $savedToken -AsSecureString:$AsSecureString }
        $null = Test-AzVmBackupReadiness rg-demo web01 -AzContext $profile
        $global:seen | Should -Contain 'context:other-tenant'
        $global:seen | Should -Contain 'token:other-tenant'
    }

    It 'refreshes a token that expires during the scan on the pipeline thread, not once per request' {
        $ArmEmulator.TokenLifetime = [TimeSpan]::FromSeconds(30)
        $ArmEmulator.TokenCalls = 0
        $global:tokenThreads = @()
        function global:Get-AzAccessToken { param([switch] $AsSecureString, $DefaultProfile) $global:tokenThreads += [Threading.Thread]::CurrentThread.ManagedThreadId; & $savedToken -AsSecureString:$AsSecureString }
        $verbose = Test-AzVmBackupReadiness rg-demo -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $requests = @($verbose | Where-Object Message -Match '^GET ').Count
        $ArmEmulator.TokenCalls | Should -BeGreaterThan 1
        $ArmEmulator.TokenCalls | Should -BeLessThan $requests
        $global:tokenThreads | Select-Object -Unique | Should -Be ([Threading.Thread]::CurrentThread.ManagedThreadId)
    }
}

Describe 'Test-AzVmBackupReadiness: Ctrl+C' {
    It 'stops a scan with requests in flight and returns without waiting for them' {
        # A second emulator whose every answer takes a minute: the scan is always mid-request.
        $emulatorDll = Join-Path $RepositoryRoot "tests/AzBackupTroubleshoot.ArmEmulator/bin/$(if ($env:AZBT_CONFIGURATION) { $env:AZBT_CONFIGURATION } else { 'Release' })/net10.0/AzBackupTroubleshoot.ArmEmulator.dll"
        $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet', "`"$emulatorDll`" --world `"$RepositoryRoot/demo/world`" --latency-ms 60000")
        $start.RedirectStandardOutput = $true; $start.UseShellExecute = $false
        $slowProcess = [System.Diagnostics.Process]::Start($start)
        $thumbprint = $env:AZBACKUPTROUBLESHOOT_TRUSTED_CERT_THUMBPRINT
        try {
            $slowEmulator = $slowProcess.StandardOutput.ReadLine() | ConvertFrom-Json
            $env:AZBACKUPTROUBLESHOOT_TRUSTED_CERT_THUMBPRINT = $slowEmulator.thumbprint
            $shell = New-ScanShell -Script "`$global:ArmEmulator.Url = '$($slowEmulator.url)'; Test-AzVmBackupReadiness rg-demo"
            $progress = Register-ObjectEvent -InputObject $shell.Streams.Progress -EventName DataAdded -SourceIdentifier ScanProgress
            $async = $shell.BeginInvoke()
            # The first progress record is written once the scan has sent its requests.
            $null = Wait-Event -SourceIdentifier ScanProgress -Timeout 30
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            $clock.Stop()
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
            # Every request would take a minute: returning before that proves none was waited on.
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 30
            $shell.Dispose()
        }
        finally {
            Unregister-Event -SourceIdentifier ScanProgress -ErrorAction SilentlyContinue
            Remove-Event -SourceIdentifier ScanProgress -ErrorAction SilentlyContinue
            $env:AZBACKUPTROUBLESHOOT_TRUSTED_CERT_THUMBPRINT = $thumbprint
            if (-not $slowProcess.HasExited) { $slowProcess.Kill() }
            $slowProcess.Dispose()
        }
    }
}

Describe 'Completion of -ResourceGroupName and -Name from the Az login' {
    BeforeAll {
        function Complete([string] $Line) { (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText }
        function VmListings { @((Invoke-RestMethod -SkipCertificateCheck -Uri "$($ArmEmulator.Url)x-emulator/requests").value | Where-Object { $_.method -eq 'GET' -and $_.path -like '*/providers/Microsoft.Compute/virtualMachines' }).Count }
    }

    It 'completes groups that hold VMs, and the VMs of the bound group, for both ARM cmdlets' {
        Complete 'Test-AzVmBackupReadiness -ResourceGroupName rg-d' | Should -Be @('rg-demo')
        Complete 'Test-AzVmBackupReadiness -ResourceGroupName rg-demo -Name web' | Should -Be @('web01', 'web02')
        Complete 'Repair-VmSnapshotExtension -ResourceGroupName rg-demo -Name lnx' | Should -Be @('lnx01', 'lnx02')
        Complete 'Repair-VmSnapshotExtension rg-demo -Name stop' | Should -Be @('stopped01')
    }

    It 'asks ARM once and answers again from its cache' {
        $null = Complete 'Test-AzVmBackupReadiness -ResourceGroupName rg'
        $before = VmListings
        Complete 'Test-AzVmBackupReadiness -ResourceGroupName rg-demo -Name app' | Should -Be @('app01', 'app02')
        VmListings | Should -Be $before
    }

    It 'completes nothing and says nothing when not signed in or ARM cannot be reached' {
        $saved = ${function:global:Get-AzContext}
        $errorsBefore = $Error.Count
        try {
            function global:Get-AzContext { $null }
            Complete 'Test-AzVmBackupReadiness -ResourceGroupName rg' | Should -BeNullOrEmpty
            # A closed port on loopback: refused at once, within the completer's time budget.
            function global:Get-AzContext {
                [pscustomobject]@{
                    Account = [pscustomobject]@{ Id = 'a' }; Subscription = [pscustomobject]@{ Id = '11111111-1111-1111-1111-111111111111' }; Tenant = [pscustomobject]@{ Id = 't' }
                    Environment = [pscustomobject]@{ ResourceManagerUrl = 'https://127.0.0.1:1/'; ActiveDirectoryServiceEndpointResourceId = 'https://127.0.0.1:1/' }
                }
            }
            Complete 'Test-AzVmBackupReadiness -ResourceGroupName rg' | Should -BeNullOrEmpty
        }
        finally {
            Set-Item Function:\global:Get-AzContext $saved
        }

        $Error.Count | Should -Be $errorsBefore
    }
}

Describe 'Test-AzVmBackupReadiness: streaming' {
    It 'writes reports page by page, and Select-Object -First 5 stops the scan early' {
        # A generated subscription of 1,000 VMs served in pages of 50, each answer 20 ms late.
        $world = Join-Path $TestDrive 'fleet'
        $null = New-Item -ItemType Directory -Path $world
        $vms = foreach ($i in 0..999) {
            $id = "/subscriptions/$sub/resourceGroups/rg-fleet-$($i % 20)/providers/Microsoft.Compute/virtualMachines/vm$i"
            @{
                id = $id; name = "vm$i"; type = 'Microsoft.Compute/virtualMachines'; location = 'japaneast'
                properties = @{
                    provisioningState = 'Succeeded'
                    storageProfile = @{ osDisk = @{ osType = 'Linux'; name = "vm$i-os"; diskSizeGB = 30; managedDisk = @{ storageAccountType = 'Premium_LRS' } }; dataDisks = @() }
                    osProfile = @{ computerName = "vm$i"; linuxConfiguration = @{ provisionVMAgent = $true } }
                    networkProfile = @{ networkInterfaces = @(@{ id = "/subscriptions/$sub/resourceGroups/rg-fleet-$($i % 20)/providers/Microsoft.Network/networkInterfaces/vm$i-nic" }) }
                    instanceView = @{
                        vmAgent = @{ vmAgentVersion = '2.11.1.4'; statuses = @(@{ code = 'ProvisioningState/succeeded'; level = 'Info'; displayStatus = 'Ready' }) }
                        extensions = @()
                        statuses = @(@{ code = 'ProvisioningState/succeeded'; level = 'Info' }, @{ code = 'PowerState/running'; level = 'Info' })
                    }
                }
            }
        }
        ConvertTo-Json -InputObject @($vms) -Depth 12 -Compress | Set-Content -Path (Join-Path $world 'vms.json') -Encoding utf8

        $emulatorDll = Join-Path $RepositoryRoot "tests/AzBackupTroubleshoot.ArmEmulator/bin/$(if ($env:AZBT_CONFIGURATION) { $env:AZBT_CONFIGURATION } else { 'Release' })/net10.0/AzBackupTroubleshoot.ArmEmulator.dll"
        $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet', "`"$emulatorDll`" --world `"$world`" --latency-ms 20 --page-size 50")
        $start.RedirectStandardOutput = $true; $start.UseShellExecute = $false
        $fleetProcess = [System.Diagnostics.Process]::Start($start)
        $thumbprint = $env:AZBACKUPTROUBLESHOOT_TRUSTED_CERT_THUMBPRINT
        $url = $ArmEmulator.Url
        try {
            $fleet = $fleetProcess.StandardOutput.ReadLine() | ConvertFrom-Json
            $env:AZBACKUPTROUBLESHOOT_TRUSTED_CERT_THUMBPRINT = $fleet.thumbprint
            $ArmEmulator.Url = $fleet.url

            $first = @(Test-AzVmBackupReadiness -SubscriptionId $sub -Language en | Select-Object -First 5)

            $first.Count | Should -Be 5
            $first.Name | Should -Be @('vm0', 'vm1', 'vm2', 'vm3', 'vm4')
            function VmListingRequests { @((Invoke-RestMethod -Uri "$($fleet.url)x-emulator/requests" -SkipCertificateCheck).value | Where-Object route -eq '/subscriptions/{}/providers/Microsoft.Compute/virtualMachines').Count }
            $atStop = VmListingRequests
            # Reading the whole fleet takes 20 statusOnly pages and 20 plain ones, read side by side; the scan stopped
            # after the first plain page or two.
            $atStop | Should -BeGreaterOrEqual 2
            $atStop | Should -BeLessThan 30
            # Nothing of the stopped scan goes on behind the pipeline: after another command's round trips, still no more listing pages.
            $one = Test-AzVmBackupReadiness -ResourceId "/subscriptions/$sub/resourceGroups/rg-fleet-0/providers/Microsoft.Compute/virtualMachines/vm0" -Language en
            $one.Name | Should -Be 'vm0'
            VmListingRequests | Should -Be $atStop
        }
        finally {
            $ArmEmulator.Url = $url
            $env:AZBACKUPTROUBLESHOOT_TRUSTED_CERT_THUMBPRINT = $thumbprint
            if (-not $fleetProcess.HasExited) { $fleetProcess.Kill() }
            $fleetProcess.Dispose()
        }
    }
}
