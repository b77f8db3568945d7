#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Runs on machines with pwsh or Windows PowerShell against the packaged module (build.ps1 -Task Test).

BeforeAll {
    . "$PSScriptRoot/TestSupport.ps1"
    Import-Module (Get-TestModulePath) -Force
}

AfterAll {
    Remove-Module AzBackupTroubleshoot -ErrorAction SilentlyContinue
}

Describe 'Module' {
    It 'exports exactly the cmdlets of its manifest' {
        $manifest = Import-PowerShellDataFile (Get-TestModulePath)
        (Get-Command -Module AzBackupTroubleshoot).Name | Sort-Object | Should -Be @($manifest.CmdletsToExport | Sort-Object)
    }

    It 'keeps the engine out of the default load context on PowerShell 7' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
        $null = Get-BackupErrorRemedy -Code 320001
        $engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'AzBackupTroubleshoot.Engine' }
        $engine | Should -Not -BeNullOrEmpty
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($engine).Name | Should -Be 'AzBackupTroubleshoot'
    }

    It 'leaves Az.Accounts working when both are loaded' -Skip:(-not (Get-Module -ListAvailable Az.Accounts)) {
        Import-Module Az.Accounts
        $null = Get-BackupErrorRemedy -Code 320001
        { Get-AzContext -ErrorAction Stop } | Should -Not -Throw
    }
}

Describe 'Get-BackupErrorRemedy' {
    It 'answers an English message' {
        $r = Get-BackupErrorRemedy 'VM Agent unable to communicate with Azure Backup' -Language en
        $r.Code | Should -Be 'UserErrorGuestAgentStatusUnavailable'
        $r.PSObject.TypeNames[0] | Should -Be 'AzBackupTroubleshoot.BackupErrorRemedy'
        $r.Language | Should -Be 'en'
        $r.Steps.Count | Should -BeGreaterThan 0
        $r.DocumentationUrl | Should -Match '^https://learn\.microsoft\.com/en-us/'
    }

    It 'answers a Japanese message in Japanese' {
        $r = 'VSS ライターの状態が正しくないため、スナップショット操作に失敗しました' | Get-BackupErrorRemedy -Language ja
        $r.Code | Should -Be 'ExtensionFailedVssWriterInBadState'
        $r.Title | Should -Match '[\u3040-\u30ff\u4e00-\u9fff]'
        $r.DocumentationUrl | Should -Match '/ja-jp/'
    }

    It 'answers a numeric code' {
        (Get-BackupErrorRemedy -Code 320001).Code | Should -Be 'ResourceNotFound'
    }

    It 'reads a job piped from Get-AzRecoveryServicesBackupJob by its ErrorDetails' {
        $job = New-AzBackupJobLookalike -WorkloadName 'web-prod-01' -Errors @(
            @{ Code = 400094; Message = "An Azure virtual machine wasn't found." }
            @{ Code = 0; Message = 'Snapshot operation failed due to COM+ error' }
        )
        $r = $job | Get-BackupErrorRemedy
        $r.Code | Should -Be @('BCMV2VMNotFound', 'ExtensionSnapshotFailedCOM')
        $r.JobId | Select-Object -Unique | Should -Be $job.JobId
        $r.VmName | Select-Object -Unique | Should -Be 'web-prod-01'
    }

    It 'passes over a job without errors, saying so with -Verbose' {
        $job = New-AzBackupJobLookalike -Errors @()
        $out = $job | Get-BackupErrorRemedy -Verbose 4>&1
        $out | Should -HaveCount 1
        $out[0] | Should -BeOfType System.Management.Automation.VerboseRecord
    }

    It 'reads a caught error piped as $_' {
        $r = try { throw 'VM Agent unable to communicate with Azure Backup' } catch { $_ | Get-BackupErrorRemedy }
        $r.Code | Should -Be 'UserErrorGuestAgentStatusUnavailable'
    }

    It 'reads $Error[0] and an error whose text is in an inner exception' {
        $inner = [System.Exception]::new('Snapshot operation failed due to COM+ error')
        $record = [System.Management.Automation.ErrorRecord]::new([System.InvalidOperationException]::new('Long running operation failed', $inner), 'X', 'NotSpecified', $null)
        ($record | Get-BackupErrorRemedy).Code | Should -Be 'ExtensionSnapshotFailedCOM'
        (Get-BackupErrorRemedy -ErrorRecord $record).Code | Should -Be 'ExtensionSnapshotFailedCOM'
    }

    It 'answers the valid messages around one that is not valid text' {
        $out = 'VM Agent unable to communicate with Azure Backup', [string][char]0xD800, 'Snapshot operation failed due to COM+ error' |
            Get-BackupErrorRemedy -ErrorVariable failures -ErrorAction SilentlyContinue
        $out.Code | Should -Be @('UserErrorGuestAgentStatusUnavailable', 'ExtensionSnapshotFailedCOM')
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RemedyNotFound,*'
    }

    It 'passes over findings without a remedy code and answers the others, naming VM and check' {
        $findings = @(
            [pscustomobject]@{ VmId = '/x/vm1'; VmName = 'vm1'; CheckId = 'Vm.PowerState'; Status = 'Pass'; Detail = 'The VM is running.'; RemedyCode = '' }
            [pscustomobject]@{ VmId = '/x/vm1'; VmName = 'vm1'; CheckId = 'VmAgent.Status'; Status = 'Fail'; Detail = 'Not ready'; RemedyCode = 'UserErrorGuestAgentStatusUnavailable' }
        )
        $out = $findings | Get-BackupErrorRemedy -ErrorAction Stop -Verbose 4>&1
        $verbose = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $remedies = @($out | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $verbose.Message | Should -Match 'Vm\.PowerState'
        $remedies.Code | Should -Be 'UserErrorGuestAgentStatusUnavailable'
        $remedies[0].VmName | Should -Be 'vm1'
        $remedies[0].CheckId | Should -Be 'VmAgent.Status'
        ($remedies[0] | Out-String -Width 80) | Should -Match 'For\s+: vm1 / VmAgent\.Status'
    }

    It 'reads ErrorDetails items piped on their own' {
        $detail = [pscustomobject]@{ ErrorCode = 380008; ErrorMessage = 'Failed to install Microsoft Recovery Services extension as virtual machine is not running'; Recommendations = @() }
        ($detail | Get-BackupErrorRemedy).Code | Should -Be 'AzureVmOffline'
    }

    It 'writes a non-terminating ObjectNotFound error for unknown text and goes on' {
        $out = 'The subscription could not be found.', 'Snapshot operation failed due to COM+ error' |
            Get-BackupErrorRemedy -ErrorVariable failures -ErrorAction SilentlyContinue
        $out.Code | Should -Be 'ExtensionSnapshotFailedCOM'
        $failures.Count | Should -Be 1
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].FullyQualifiedErrorId | Should -Be 'RemedyNotFound,AzBackupTroubleshoot.Commands.GetBackupErrorRemedyCommand'
        $failures[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
    }

    It 'says when a code is unknown' {
        Get-BackupErrorRemedy -Code NoSuchCode -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Match '^RemedyCodeNotFound,'
    }

    It 'shows runners-up with -Top' {
        $r = Get-BackupErrorRemedy 'Backup failed with an internal error' -Top 3
        $r.Count | Should -BeGreaterOrEqual 2
        $r.MatchRank | Should -Be (1..$r.Count)
        $r.Code | Should -Contain 'BackUpOperationFailed'
        $r.Code | Should -Contain 'BackUpOperationFailedV2'
    }

    It 'answers a retold message and says which terms decided it, runners-up included' {
        $r = Get-BackupErrorRemedy 'the backup could not be taken because the disk size is not supported' -Top 3 -Language en
        $r[0].Code | Should -Be 'UserErrorUnsupportedDiskSize'
        $r[0].DecidingTerms | Should -Not -BeNullOrEmpty
        $r | ForEach-Object { $_.DecidingTerms.Count | Should -BeGreaterThan 0 }
        ($r[0] | Out-String -Width 80) | Should -Match 'Match\s+: #1 .*: '
    }

    It 'answers a Japanese chat message that retells the error inside other words' {
        $chat = '昨日からバックアップが失敗しています。共有ディスクがあるので VM をバックアップできない、とポータルに表示されました。'
        $r = Get-BackupErrorRemedy $chat -Language ja
        $r.Code | Should -Be 'UserErrorSharedDiskBackupNotSupported'
        ($r.DecidingTerms -join ' ') | Should -Match '共有'
        ($r | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
    }

    It 'answers a long ticket whose one sentence retells the error, and nothing for a ticket about something else' {
        $ticket = 'いつもお世話になっております。先週追加したクラスター用の VM について問い合わせます。この VM には共有ディスクが接続されています。そのため VM のバックアップができないと言われました。回避策はありますか。'
        $r = Get-BackupErrorRemedy $ticket -Language ja
        $r.Code | Should -Be 'UserErrorSharedDiskBackupNotSupported'
        ($r.DecidingTerms -join ' ') | Should -Match '共有'
        $other = 'お世話になっております。本番環境の Web サーバーの応答が遅くなっています。バックアップは毎晩 2 時に成功しています。原因の調査方法を教えてください。'
        $answer = Get-BackupErrorRemedy $other -Language ja -ErrorVariable missed -ErrorAction SilentlyContinue
        $answer | Should -BeNullOrEmpty
        $missed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'lists the catalog with -All' {
        (Get-BackupErrorRemedy -All).Count | Should -BeGreaterOrEqual 118
    }

    It 'completes -Code from the catalog' {
        $completion = TabExpansion2 -inputScript 'Get-BackupErrorRemedy -Code UserErrorGuest' -cursorColumn 42
        $completion.CompletionMatches.CompletionText | Should -Contain 'UserErrorGuestAgentStatusUnavailable'
    }

    It 'completes numeric -Code values, with the entry they belong to' {
        $completion = TabExpansion2 -inputScript 'Get-BackupErrorRemedy -Code 3200' -cursorColumn 32
        $match = $completion.CompletionMatches | Where-Object CompletionText -eq '320001'
        $match | Should -Not -BeNullOrEmpty
        $match.ToolTip | Should -BeLike 'ResourceNotFound:*'
    }

    It 'formats for an 80-column console' {
        $text = Get-BackupErrorRemedy -Code 320001 | Out-String -Width 80
        $text | Should -Match 'ResourceNotFound \(320001\)'
        ($text -split "`r?`n" | Where-Object { $_.Length -gt 80 }) | Should -BeNullOrEmpty
    }

    It 'shows every cause and step whole, wrapped between words, in <_>' -ForEach 'en', 'ja' {
        $language = $_
        foreach ($remedy in Get-BackupErrorRemedy -All -Language $language) {
            $lines = ($remedy | Format-List | Out-String -Width 80) -split "`r?`n"
            # No line is wider than the console: the console would cut it mid-word (or mid-character).
            $lines | Where-Object { [AzBackupTroubleshoot.Formatting.TextLayout]::CellWidth($_) -gt 80 } | Should -BeNullOrEmpty -Because $remedy.Code
            # Joined back, the view holds each sentence entire.
            $flat = (($lines | ForEach-Object { $_.Trim() }) -join ' ') -replace '\s+', ''
            foreach ($sentence in @($remedy.Causes) + @($remedy.Steps)) {
                $flat | Should -BeLike ('*' + [WildcardPattern]::Escape(($sentence -replace '\s+', '')) + '*') -Because "$($remedy.Code): $sentence"
            }
        }
    }

    It 'fits the Summary table in 80 columns without wrapped headers' {
        $lines = (Get-BackupErrorRemedy 'Backup failed with an internal error' -Top 3 | Format-Table -View Summary | Out-String -Width 80) -split "`r?`n" | Where-Object { $_ }
        $lines[0].Trim() -split '\s+' | Should -Be @('Code', 'Score', 'Title')
        $lines | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
    }

    It 'exports flat to CSV and rich to JSON' {
        $remedy = Get-BackupErrorRemedy -Code UserErrorGuestAgentStatusUnavailable -Language en
        $csv = $remedy | ConvertTo-Csv | ConvertFrom-Csv
        $csv.Steps | Should -Be ($remedy.Steps -join '; ')
        $csv.Causes | Should -Not -Match 'System\.'
        $csv.Checks | Should -Be ($remedy.Checks -join '; ')
        $json = $remedy | ConvertTo-Json | ConvertFrom-Json
        $json.Steps | Should -Be @($remedy.Steps)
        $json.Checks | Should -Be @($remedy.Checks)
    }
}
