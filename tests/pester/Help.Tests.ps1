#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Help as Get-Help shows it (MAML built from docs/ by build.ps1), in each culture, and the docs as
# the cmdlets really are (PlatyPS reads both).

BeforeDiscovery {
    $script:cultures = @('en-US', 'ja-JP')
    # Every exported cmdlet: a new one without docs in both cultures fails here.
    $script:cmdlets = @((Import-PowerShellDataFile "$PSScriptRoot/../../module/AzBackupTroubleshoot.psd1").CmdletsToExport)
    $script:pages = foreach ($c in $cultures) { foreach ($n in $cmdlets) { @{ Culture = $c; Cmdlet = $n } } }
}

BeforeAll {
    . "$PSScriptRoot/TestSupport.ps1"
    $modulePath = Get-TestModulePath
    Import-Module $modulePath -Force
    Import-Module Microsoft.PowerShell.PlatyPS -ErrorAction Stop
    # -WhatIf and -Confirm are described in the help of the cmdlets that have them.
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters
    $exported = @((Get-Command -Module AzBackupTroubleshoot -CommandType Cmdlet).Name | Sort-Object)
}

Describe 'Help coverage' {
    It 'lists every exported cmdlet, so that none goes without help' -ForEach @{ Listed = $cmdlets } {
        $exported | Should -Be @($Listed | Sort-Object)
    }
}

Describe 'Get-Help in <_>' -ForEach $cultures {
    BeforeAll {
        $culture = $_
        # One process per culture: help is cached per process.
        $json = Invoke-NewPwsh -Culture $culture -Script @"
Import-Module '$modulePath'
`$pages = foreach (`$name in $(($exported | ForEach-Object { "'$_'" }) -join ', ')) {
    `$help = Get-Help `$name -Full
    [pscustomobject]@{
        Name       = `$name
        Synopsis   = `$help.Synopsis
        Parameters = @(`$help.parameters.parameter | ForEach-Object { [pscustomobject]@{ Name = `$_.name; Description = (`$_.description | Out-String).Trim() } })
        Examples   = @(`$help.examples.example).Count
        Links      = @(`$help.relatedLinks.navigationLink | ForEach-Object { `$_.uri })
        Text       = (`$help | Out-String -Width 120)
    }
}
ConvertTo-Json -InputObject @(`$pages) -Depth 4 -Compress
"@
        $script:help = ($json -join '') | ConvertFrom-Json
    }

    It 'shows the synopsis, every parameter described and the examples of <Cmdlet>' -ForEach ($cmdlets | ForEach-Object { @{ Cmdlet = $_ } }) {
        $page = $help | Where-Object Name -eq $Cmdlet
        $docs = Import-MarkdownCommandHelp -Path "$RepositoryRoot/docs/$culture/$Cmdlet.md"
        $page.Synopsis | Should -Be $docs.Synopsis.Trim()
        $page.Text | Should -Not -Match 'REMARKS\s+None'
        # -WhatIf and -Confirm are the cmdlet's own to describe: help shows them where ShouldProcess is supported.
        $expected = (Get-Command $Cmdlet).Parameters.Values | Where-Object { [System.Management.Automation.PSCmdlet]::CommonParameters -notcontains $_.Name -and -not ($_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow }) } | ForEach-Object Name | Sort-Object
        ($page.Parameters.Name | Sort-Object) | Should -Be $expected
        $page.Parameters | ForEach-Object { $_.Description | Should -Not -BeNullOrEmpty -Because "-$($_.Name)" }
        $page.Examples | Should -Be $docs.Examples.Count
        $page.Examples | Should -BeGreaterThan 2
        if ($culture -eq 'ja-JP') { $page.Synopsis | Should -Match '[\u3040-\u30ff\u4e00-\u9fff]' }
    }

    It 'links only to URLs, so that Get-Help -Online works' {
        $help.Links | Where-Object { $_ } | ForEach-Object { $_ | Should -Match '^https://' }
    }
}

Describe 'The docs of <Cmdlet> (<Culture>) match the cmdlet' -ForEach $pages {
    BeforeAll {
        $docs = Import-MarkdownCommandHelp -Path "$RepositoryRoot/docs/$Culture/$Cmdlet.md"
        $live = New-CommandHelp (Get-Command $Cmdlet)
    }

    It 'has the same syntax blocks' {
        ($docs.Syntax.ParameterSetName | Sort-Object) | Should -Be ($live.Syntax.ParameterSetName | Sort-Object)
        foreach ($set in $live.Syntax) {
            $documented = $docs.Syntax | Where-Object ParameterSetName -eq $set.ParameterSetName
            $documented.IsDefault | Should -Be $set.IsDefault -Because $set.ParameterSetName
            ($documented.ToString() -replace '\s+', ' ' -replace ' \[<CommonParameters>\]', '').Trim() | Should -Be (($set.ToString() -replace '\s+', ' ' -replace ' \[<CommonParameters>\]', '').Trim())
        }
    }

    It 'describes every parameter as it binds' {
        ($docs.Parameters.Name | Sort-Object) | Should -Be ($live.Parameters.Name | Sort-Object)
        foreach ($parameter in $live.Parameters) {
            $documented = $docs.Parameters | Where-Object Name -eq $parameter.Name
            $documented.Description | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name)"
            $documented.Description | Should -Not -Match '\{\{' -Because "-$($parameter.Name)"
            ($documented.Aliases | Sort-Object) -join ',' | Should -Be (($parameter.Aliases | Sort-Object) -join ',') -Because "-$($parameter.Name)"
            foreach ($set in $parameter.ParameterSets) {
                $d = $documented.ParameterSets | Where-Object Name -eq $set.Name
                $d | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) in $($set.Name)"
                foreach ($field in 'Position', 'IsRequired', 'ValueFromPipeline', 'ValueFromPipelineByPropertyName') {
                    "$($d.$field)" | Should -Be "$($set.$field)" -Because "-$($parameter.Name) $field in $($set.Name)"
                }
            }
        }
    }

    It 'links only to URLs' {
        $docs.RelatedLinks | ForEach-Object { $_.Uri | Should -Match '^https://' }
    }
}

Describe 'about_AzBackupTroubleshoot in <_>' -ForEach 'en-US', 'ja-JP' {
    BeforeAll {
        $culture = $_
        $script:about = (Invoke-NewPwsh -Culture $culture -Script @"
Import-Module '$modulePath'
Get-Help about_AzBackupTroubleshoot | Out-String -Width 200
"@) -join "`n"
    }

    It 'names every cmdlet, every check id and every error id' {
        $about | Should -Match 'about_AzBackupTroubleshoot'
        foreach ($cmdlet in (Get-Command -Module AzBackupTroubleshoot).Name) { $about | Should -Match ([regex]::Escape($cmdlet)) }
        $line = 'Test-AzVmBackupReadiness -InGuest -Check '
        $checks = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $checks.Count | Should -BeGreaterThan 30
        foreach ($check in $checks) { $about | Should -Match "(?m)^\s+$([regex]::Escape($check))\s*$" -Because "check $check" }
        $errorIds = [AzBackupTroubleshoot.Commands.ErrorIds].GetFields() | ForEach-Object { $_.GetValue($null) }
        $errorIds.Count | Should -BeGreaterThan 10
        foreach ($id in $errorIds) { $about | Should -Match "(?m)^\s+$id\s*$" -Because "error id $id" }
    }

    It 'is written in the language of its culture and fits 80 columns' {
        if ($culture -eq 'ja-JP') { $about | Should -Match '[\u3040-\u30ff]' } else { $about | Should -Not -Match '[\u3040-\u30ff]' }
        $file = Join-Path (Split-Path $modulePath) "$culture/about_AzBackupTroubleshoot.help.txt"
        Get-Content $file -Encoding utf8 | Where-Object { [AzBackupTroubleshoot.Formatting.TextLayout]::CellWidth($_) -gt 80 } | Should -BeNullOrEmpty
    }
}
