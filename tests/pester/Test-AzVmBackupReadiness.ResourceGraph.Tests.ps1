#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Many subscriptions through Azure Resource Graph, from the real pwsh against the ARM emulator: the demo world in
# three subscriptions (the third denied to the caller) under one management group.

BeforeAll {
    . "$PSScriptRoot/TestSupport.ps1"
    Import-Module (Get-TestModulePath) -Force
    . "$PSScriptRoot/ArmEmulatorSession.ps1"

    $script:subA = $DemoSubscription
    $script:subB = '6c1d2e3f-4a5b-4c6d-8e7f-00000000000b'
    $script:subDenied = '7d2e3f40-5b6c-4d7e-8f90-00000000000c'

    # The demo world as it is, and moved to two more subscriptions (its guests' files stay with the first).
    $world = Join-Path $TestDrive 'world'
    $demo = (Resolve-Path "$PSScriptRoot/../../demo/world").Path
    Copy-Item $demo $world -Recurse
    foreach ($subscription in $subB, $subDenied) {
        Get-ChildItem $demo -Recurse -Filter *.json | Where-Object { $_.FullName.Substring($demo.Length) -notmatch '^[\\/]guests[\\/]' } | ForEach-Object {
            $target = Join-Path (Join-Path $world $subscription) $_.FullName.Substring($demo.Length)
            $null = New-Item -ItemType Directory -Force (Split-Path $target)
            [IO.File]::WriteAllText($target, [IO.File]::ReadAllText($_.FullName).Replace($subA, $subscription))
        }
    }

    # A management group as GET .../managementGroups/{name}?$expand=children shows it.
    $group = @{
        id         = '/providers/Microsoft.Management/managementGroups/mg-contoso'
        type       = 'Microsoft.Management/managementGroups'
        name       = 'mg-contoso'
        properties = @{ children = @($subA, $subB, $subDenied | ForEach-Object { @{ id = "/subscriptions/$_"; type = '/subscriptions' } }) }
    }
    [IO.File]::WriteAllText((Join-Path $world 'mg-contoso.json'), ($group | ConvertTo-Json -Depth 5))

    $null = Start-ArmEmulatorSession -WorldPath $world -DenyScope "/subscriptions/$subDenied"
    $script:single = @(Test-AzVmBackupReadiness -SubscriptionId $subA -Language en)
}

AfterAll {
    Stop-ArmEmulatorSession
    Remove-Module AzBackupTroubleshoot -ErrorAction SilentlyContinue
}

Describe 'Test-AzVmBackupReadiness through Azure Resource Graph' {
    It 'answers each VM of several subscriptions once, judged as the one-subscription scan judges it' {
        $reports = @(Test-AzVmBackupReadiness -SubscriptionId $subA, $subB -Language en -ErrorVariable errs)
        $errs | Should -BeNullOrEmpty
        $single.Count | Should -BeGreaterThan 0
        $reports.Count | Should -Be (2 * $single.Count)
        @($reports | Where-Object SubscriptionId -eq $subB).Count | Should -Be $single.Count
        @($reports.Id | Sort-Object -Unique).Count | Should -Be $reports.Count
        foreach ($one in $single) {
            ($reports | Where-Object Id -eq $one.Id).Status | Should -Be $one.Status -Because $one.Name
        }
    }

    It 'writes a non-terminating PermissionDenied error for a denied subscription and answers the others' {
        $reports = @(Test-AzVmBackupReadiness -SubscriptionId $subA, $subDenied, $subB -ErrorVariable errs -ErrorAction SilentlyContinue)
        $reports.Count | Should -Be (2 * $single.Count)
        $reports.SubscriptionId | Should -Not -Contain $subDenied
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ScopeNotReadable,*'
        $errs[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $errs[0].TargetObject | Should -Be "/subscriptions/$subDenied"
    }

    It 'scans the subscriptions under -ManagementGroupId that the caller may read (by name or id)' {
        $reports = @(Test-AzVmBackupReadiness -ManagementGroupId mg-contoso -ErrorVariable errs)
        $errs | Should -BeNullOrEmpty
        $reports.Count | Should -Be (2 * $single.Count)
        ($reports.SubscriptionId | Sort-Object -Unique) | Should -Be (@($subA, $subB) | Sort-Object)
        @(Test-AzVmBackupReadiness -ManagementGroupId '/providers/Microsoft.Management/managementGroups/mg-contoso').Count | Should -Be $reports.Count
    }

    It 'hands its first reports on through Select-Object -First without an error' {
        @(Test-AzVmBackupReadiness -SubscriptionId $subA, $subB | Select-Object -First 2).Count | Should -Be 2
    }

    It 'refuses an unknown management group with one error' {
        Test-AzVmBackupReadiness -ManagementGroupId mg-nowhere -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        $errs[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $errs[0].TargetObject | Should -Be '/providers/Microsoft.Management/managementGroups/mg-nowhere'
    }

    It 'keeps one -SubscriptionId on the ARM scan, with no Resource Graph query' {
        $verbose = Test-AzVmBackupReadiness -SubscriptionId $subB -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Not -Match 'Microsoft.ResourceGraph'
        $graph = Test-AzVmBackupReadiness -SubscriptionId $subA, $subB -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($graph.Message -join "`n") | Should -Match 'POST .*/providers/Microsoft.ResourceGraph/resources'
    }
}
