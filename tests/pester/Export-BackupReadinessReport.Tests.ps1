#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# The readiness report as people see it: made from a real scan of the demo estate (through the ARM
# emulator), opened in headless Chromium (Debian's chromium; build.ps1 -Task Test installs it), its
# text read back from the DOM, a screenshot taken, and Chromium's network log read to show that the
# page asks for nothing. A VM named <script>alert(1)</script> must stay text.

BeforeAll {
    . "$PSScriptRoot/TestSupport.ps1"
    Import-Module (Get-TestModulePath) -Force
    . "$PSScriptRoot/ArmEmulatorSession.ps1"

    $script:chromium = @('/usr/bin/chromium', 'chromium', 'chromium-browser') | ForEach-Object { Get-Command $_ -CommandType Application -ErrorAction SilentlyContinue } | Select-Object -First 1
    if (-not $chromium) {
        throw 'Headless Chromium is needed to test the HTML report and was not found. On Debian or Ubuntu, build.ps1 -Task Test installs it (apt-get install -y --no-install-recommends chromium fonts-noto-cjk); elsewhere install Chromium so that "chromium" is on PATH.'
    }

    $script:scratch = Join-Path ([IO.Path]::GetTempPath()) "azbt-report-$PID"
    $null = New-Item -ItemType Directory -Force $scratch

    # The demo estate plus a VM whose name is markup, as ARM would hand it back.
    $world = Join-Path $scratch 'world'
    Copy-Item -Recurse "$RepositoryRoot/demo/world" $world
    $injected = Get-Content "$world/virtualMachines/web02.json" -Raw | ConvertFrom-Json
    $injected.name = '<script>alert(1)</script>'
    $injected.id = $injected.id -replace '/web02$', '/inject01'
    $injected | ConvertTo-Json -Depth 30 | Set-Content "$world/virtualMachines/inject01.json" -Encoding utf8
    $null = Start-ArmEmulatorSession -WorldPath $world
    $script:reports = @(Test-AzVmBackupReadiness -Language en)
    $script:japaneseDetail = (Test-AzVmBackupReadiness rg-demo web02 -Language ja -Check VmAgent.Status).Findings[0].Detail

    function script:Invoke-Chromium {
        param([string] $Page, [string[]] $Arguments)
        $profileDir = Join-Path $scratch "profile-$([guid]::NewGuid().ToString('N'))"
        $common = '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', "--user-data-dir=$profileDir"
        # (On Linux [Uri] takes '/tmp/x' for a relative address: build the file URL explicitly.)
        $url = [Uri]::new('file://' + ($Page -replace '\\', '/' -replace '^(?=[A-Za-z]:)', '/')).AbsoluteUri
        $output = & $chromium.Source @common @Arguments $url 2>$null
        if ($LASTEXITCODE -ne 0) { throw "chromium exited with $LASTEXITCODE for $Page" }
        $output -join "`n"
    }

    # Requests the page itself started (Chromium's own update and account checks have no origin).
    function script:Get-PageRequest {
        param([string] $Page)
        $log = Join-Path $scratch "netlog-$([guid]::NewGuid().ToString('N')).json"
        $null = Invoke-Chromium $Page "--log-net-log=$log", '--dump-dom'
        $net = Get-Content $log -Raw | ConvertFrom-Json
        $startJob = $net.constants.logEventTypes.URL_REQUEST_START_JOB
        @($net.events | Where-Object { $_.type -eq $startJob -and $_.params.url -and $_.params.initiator -ne 'not an origin' -and $_.params.url -notmatch '^(file|data):' } | ForEach-Object { $_.params.url })
    }
}

AfterAll {
    Stop-ArmEmulatorSession
    Remove-Item -Recurse -Force $scratch -ErrorAction SilentlyContinue
}

Describe 'Export-BackupReadinessReport' {
    It 'writes one page that loads nothing and runs nothing' {
        $path = Join-Path $scratch 'offline.html'
        $reports | Export-BackupReadinessReport -Path $path -Language en
        $html = Get-Content $path -Raw
        $html | Should -Match ([regex]::Escape('<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:">'))
        $html | Should -Not -Match '<script|<link|<iframe|<object|<embed|<img|@import|url\('
        $html | Should -Not -Match 'https?://[^\s<"]*"' -Because 'no attribute names an outside address'
        [regex]::Matches($html, '\s(?:src|href|action|xlink:href)="([^"]*)"') | ForEach-Object { $_.Groups[1].Value | Should -Match '^#' }

        # Chromium's network log: the report asks for nothing, while a page with one image from
        # outside is caught, so the check can fail.
        Get-PageRequest $path | Should -BeNullOrEmpty
        $control = Join-Path $scratch 'control.html'
        '<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/control.png"></body></html>' | Set-Content $control
        Get-PageRequest $control | Should -Contain 'http://127.0.0.1:9/control.png'
    }

    It 'shows in <_> what Chromium reads back: statuses, VMs, findings and remedies' -ForEach 'en', 'ja' {
        $language = $_
        $path = Join-Path $scratch "report-$language.html"
        $reports | Export-BackupReadinessReport -Path $path -Language $language -Title 'Contoso <img src=x onerror=alert(2)> & co'
        $dom = Invoke-Chromium $path '--dump-dom'
        $text = [Net.WebUtility]::HtmlDecode(($dom -replace '<[^>]+>', ' ' -replace '\s+', ' '))

        $text | Should -Match ([regex]::Escape('Contoso <img src=x onerror=alert(2)> & co'))
        $dom | Should -Not -Match '<img|<script' -Because 'names and titles stay text'
        $dom | Should -Match ([regex]::Escape('&lt;script&gt;alert(1)&lt;/script&gt;'))

        $attention = @($reports | Where-Object Status -in 'Fail', 'Warning', 'Unknown')
        $attention.Count | Should -BeGreaterThan 3
        foreach ($vm in $attention) { $text | Should -Match ([regex]::Escape($vm.Name)) }
        foreach ($vm in $reports | Where-Object Status -eq 'Pass') { $text | Should -Not -Match "\b$([regex]::Escape($vm.Name))\b" -Because "$($vm.Name) passed" }

        # The tiles count the VMs by status; every remedy the findings name shows its steps.
        $labels = if ($language -eq 'ja') { @{ Fail = '失敗'; Warning = '警告'; Pass = '問題なし' } } else { @{ Fail = 'Fail'; Warning = 'Warning'; Pass = 'Pass' } }
        foreach ($status in 'Fail', 'Warning', 'Pass') {
            $count = @($reports | Where-Object Status -eq $status).Count
            $dom | Should -Match "<div class=`"tile [a-z]+`"><b>$count</b>$($labels[$status])</div>"
        }

        $codes = $attention.Findings | Where-Object { $_.Status -in 'Fail', 'Warning', 'Unknown' -and $_.RemedyCode } | ForEach-Object RemedyCode | Sort-Object -Unique
        foreach ($remedy in $codes | Get-BackupErrorRemedy -Language $language -ErrorAction SilentlyContinue) {
            $text | Should -Match ([regex]::Escape($remedy.Title))
            $text | Should -Match ([regex]::Escape($remedy.Steps[0]))
        }

        $failing = $attention.Findings | Where-Object Status -eq 'Fail' | Group-Object CheckId | Sort-Object Count -Descending | Select-Object -First 1
        $dom | Should -Match "<text[^>]*>$([regex]::Escape($failing.Name))</text>" -Because 'the chart names the most frequent failing check'

        if ($language -eq 'ja') {
            # The scan was in English: the Japanese page re-words the findings, not only its headings.
            $text | Should -Match '対応が必要な VM'
            $text | Should -Match ([regex]::Escape($japaneseDetail))
        }
        else {
            $text | Should -Match 'VMs that need attention'
            $text | Should -Not -Match '[\u3040-\u30ff]'
        }

        $png = Join-Path $scratch "report-$language.png"
        $null = Invoke-Chromium $path "--screenshot=$png", '--window-size=1000,1400'
        $bytes = [IO.File]::ReadAllBytes($png)
        $bytes[1..3] | Should -Be ([byte[]][char[]]'PNG')
        $bytes.Length | Should -BeGreaterThan 50KB
    }

    It 'resolves -Path against the PowerShell location and returns the file with -PassThru' {
        Push-Location $scratch
        try {
            $file = $reports | Export-BackupReadinessReport -Path ./relative.html -PassThru
            $file | Should -BeOfType System.IO.FileInfo
            $file.FullName | Should -Be (Join-Path $scratch 'relative.html')
            Test-Path (Join-Path ([Environment]::CurrentDirectory) 'relative.html') | Should -Be ([Environment]::CurrentDirectory -eq $scratch)
        }
        finally {
            Pop-Location
        }
    }

    It 'writes nothing under -WhatIf and returns nothing without -PassThru' {
        $path = Join-Path $scratch 'whatif.html'
        $reports | Export-BackupReadinessReport -Path $path -WhatIf | Should -BeNullOrEmpty
        Test-Path $path | Should -BeFalse
        $reports | Export-BackupReadinessReport -Path $path | Should -BeNullOrEmpty
        Test-Path $path | Should -BeTrue
    }

    It 'replaces a file, but not with -NoClobber, and a read-only one only with -Force' {
        $path = Join-Path $scratch 'existing.html'
        'old' | Set-Content $path
        $reports | Export-BackupReadinessReport -Path $path
        Get-Content $path -Raw | Should -Match '^<!DOCTYPE html>'

        'old' | Set-Content $path
        { $reports | Export-BackupReadinessReport -Path $path -NoClobber } | Should -Throw -ErrorId 'ReportFileExists,AzBackupTroubleshoot.Commands.ExportBackupReadinessReportCommand'
        Get-Content $path -Raw | Should -Match '^old'

        Set-ItemProperty $path -Name IsReadOnly -Value $true
        { $reports | Export-BackupReadinessReport -Path $path } | Should -Throw -ErrorId 'ReportFileReadOnly,AzBackupTroubleshoot.Commands.ExportBackupReadinessReportCommand'
        $reports | Export-BackupReadinessReport -Path $path -Force
        Get-Content $path -Raw | Should -Match '^<!DOCTYPE html>'
        @(Get-ChildItem $scratch -Filter '*.tmp').Count | Should -Be 0
    }

    It 'says so when nothing was piped in, and when every VM passed' {
        $empty = Join-Path $scratch 'empty.html'
        @() | Export-BackupReadinessReport -Path $empty -Language en
        Get-Content $empty -Raw | Should -Match 'The input held no VM'
        $passed = Join-Path $scratch 'passed.html'
        $reports | Where-Object Status -eq 'Pass' | Export-BackupReadinessReport -Path $passed -Language en
        Get-Content $passed -Raw | Should -Match 'No VM needs attention'
    }
}
