#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Windows PowerShell 5.1 cannot run here: keep it working by construction. Every PowerShell file the
# module ships (and every script block in its format file) must parse without 7-only syntax.

BeforeDiscovery {
    $moduleFolder = Split-Path -Parent $(if ($env:AZBT_MODULE_PATH) { $env:AZBT_MODULE_PATH } else { . "$PSScriptRoot/TestSupport.ps1"; Get-TestModulePath })
    $script:shipped = @(Get-ChildItem $moduleFolder -Recurse -Include '*.ps1', '*.psm1', '*.psd1', '*.ps1xml' | ForEach-Object { @{ Path = $_.FullName; Name = $_.Name } })
    # Scripts the engine sends into guests run under Windows PowerShell 5.1 there.
    $script:shipped += @(Get-ChildItem "$PSScriptRoot/../../src" -Recurse -Include '*.ps1' | Where-Object FullName -NotMatch '[\\/](bin|obj)[\\/]' | ForEach-Object { @{ Path = $_.FullName; Name = $_.Name } })
    # Runbooks users copy into Azure Automation, whose runtime may be Windows PowerShell 5.1.
    $script:shipped += @(Get-ChildItem "$PSScriptRoot/../../docs/runbooks" -Filter '*.ps1' | ForEach-Object { @{ Path = $_.FullName; Name = $_.Name } })
}

BeforeAll {
    # The syntax PowerShell 7 added: none of it parses, or means the same, on 5.1.
    function Get-SevenOnlySyntax {
        param([System.Management.Automation.Language.Ast] $Ast)
        $Ast.FindAll({
                param($node)
                $node -is [System.Management.Automation.Language.TernaryExpressionAst] -or
                ($node -is [System.Management.Automation.Language.BinaryExpressionAst] -and $node.Operator -eq 'QuestionQuestion') -or
                ($node -is [System.Management.Automation.Language.AssignmentStatementAst] -and $node.Operator -eq 'QuestionQuestionEquals') -or
                $node -is [System.Management.Automation.Language.PipelineChainAst] -or
                ($node -is [System.Management.Automation.Language.MemberExpressionAst] -and $node.NullConditional) -or
                ($node -is [System.Management.Automation.Language.IndexExpressionAst] -and $node.NullConditional) -or
                ($node -is [System.Management.Automation.Language.CommandAst] -and $node.GetCommandName() -eq 'ForEach-Object' -and
                    ($node.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] -and 'Parallel' -like "$($_.ParameterName)*" })) -or
                ($node -is [System.Management.Automation.Language.ScriptBlockAst] -and $null -ne $node.CleanBlock)
            }, $true) | ForEach-Object { "$($_.Extent.StartLineNumber): $($_.Extent.Text)" }
    }

    function Get-ScriptText {
        param([string] $Path)
        if ($Path -like '*.ps1xml') {
            # The format file's script blocks.
            ([xml](Get-Content $Path -Raw)).SelectNodes('//ScriptBlock') | ForEach-Object { $_.InnerText }
        }
        else { Get-Content $Path -Raw }
    }
}

Describe 'Windows PowerShell 5.1 syntax' {
    It 'finds 7-only syntax in a sample, so that the check itself works' {
        foreach ($sample in '$a ? 1 : 2', '$a ?? 1', '$b ??= 2', 'a && b', '${x}?.y', '1..3 | ForEach-Object -Parallel { $_ }', 'function f { clean { } }') {
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($sample, [ref] $null, [ref] $null)
            Get-SevenOnlySyntax $ast | Should -Not -BeNullOrEmpty -Because $sample
        }
    }

    It '<Name> uses none of it' -ForEach $shipped {
        foreach ($text in Get-ScriptText $Path) {
            $errors = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($text, [ref] $null, [ref] $errors)
            $errors | Should -BeNullOrEmpty
            Get-SevenOnlySyntax $ast | Should -BeNullOrEmpty
        }
    }
}
