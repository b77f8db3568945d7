#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Every public output type of the cmdlets, and the types they carry (a report's findings), exported
# as admins export them: ConvertTo-Json at its default depth keeps the data (no type names instead of
# values), Export-Csv and ConvertTo-Csv stay flat (no System.String[] or dictionary type names in a
# cell). The samples are real output, from the ARM emulator's demo estate.

BeforeAll {
    . "$PSScriptRoot/TestSupport.ps1"
    Import-Module (Get-TestModulePath) -Force
    . "$PSScriptRoot/ArmEmulatorSession.ps1"
    $null = Start-ArmEmulatorSession -WorldPath "$RepositoryRoot/demo/world" -OperationPolls 0
    $reports = @(Test-AzVmBackupReadiness rg-demo -Language en)
    $finding = $reports.Findings | Where-Object { $_.Status -eq 'Fail' -and $_.Evidence.Count -gt 2 } | Select-Object -First 1

    # One sample per type; a new output type without a sample fails the coverage test.
    $script:samples = @{
        'AzBackupTroubleshoot.BackupErrorRemedy' = @(Get-BackupErrorRemedy -Code 320001 -Language en) + @($finding | Get-BackupErrorRemedy -Language ja)
        'AzBackupTroubleshoot.VmBackupReadiness' = @($reports | Where-Object Status -eq 'Fail' | Select-Object -First 2)
        'AzBackupTroubleshoot.ReadinessFinding'  = @($finding)
    }
    # A repair whose backup fails: every step kind, a job with errors and remedy codes. Taken after the
    # readiness samples, since repairs change the emulator's world.
    $repair = Repair-VmSnapshotExtension rg-demo app01 -RestartGuestAgent -TriggerBackup -Wait -Language en
    $samples['AzBackupTroubleshoot.VmSnapshotRepair'] = @($repair)
    $samples['AzBackupTroubleshoot.VmSnapshotRepairStep'] = @($repair.Steps)
    $samples['AzBackupTroubleshoot.RepairBackupJobResult'] = @($repair.BackupJob)

    # What a cell or a JSON string must never be: a type's name instead of its content.
    $script:typeName = '^(System|Microsoft|AzBackupTroubleshoot)\.[\w.`+]+(\[\])?$|System\.Collections|System\.String\[\]|System\.Object\[\]|Dictionary'

    function script:Get-JsonString($node) {
        if ($node -is [string]) { $node }
        elseif ($node -is [System.Collections.IDictionary]) { $node.Values | ForEach-Object { Get-JsonString $_ } }
        elseif ($node -is [System.Collections.IEnumerable]) { $node | ForEach-Object { Get-JsonString $_ } }
    }
}

AfterAll {
    Stop-ArmEmulatorSession
}

Describe 'Exports' {
    It 'has a sample of every output type of the exported cmdlets and of the types they carry' {
        $module = (Get-Command -Module AzBackupTroubleshoot).OutputType.Type | Where-Object { $_.Assembly.GetName().Name -eq 'AzBackupTroubleshoot' } | Sort-Object FullName -Unique
        $carried = $module | ForEach-Object { $_.GetProperties() } | ForEach-Object {
            $t = $_.PropertyType
            if ($t.IsArray) { $t = $t.GetElementType() }
            elseif ($t.BaseType.IsGenericType) { $t = $t.BaseType.GetGenericArguments()[0] }
            $t
        } | Where-Object { $_.Assembly.GetName().Name -eq 'AzBackupTroubleshoot' -and $_.Name -notin 'TextList', 'FindingEvidence' -and $_.GetProperties().Count -gt 2 }
        $types = @(@($module) + @($carried) | ForEach-Object FullName | Sort-Object -Unique)
        $types | Should -Be @($samples.Keys | Sort-Object)
        $samples.Values | ForEach-Object { @($_).Count | Should -BeGreaterThan 0 }
    }

    It '<_> stays rich through ConvertTo-Json at the default depth' -ForEach @('AzBackupTroubleshoot.BackupErrorRemedy', 'AzBackupTroubleshoot.VmBackupReadiness', 'AzBackupTroubleshoot.ReadinessFinding') {
        foreach ($object in $samples[$_]) {
            $json = $object | ConvertTo-Json -WarningAction SilentlyContinue | ConvertFrom-Json -AsHashtable
            Get-JsonString $json | Where-Object { $_ -match $typeName } | Should -BeNullOrEmpty -Because "$_ as JSON"
            foreach ($property in $object.PSObject.Properties) {
                $json.Contains($property.Name) | Should -BeTrue -Because $property.Name
                # Lists and dictionaries stay lists and objects, not one string.
                if ($property.Value -is [System.Collections.IEnumerable] -and $property.Value -isnot [string]) {
                    ($json[$property.Name] -is [string]) | Should -BeFalse -Because "$($property.Name) is a list"
                    @($json[$property.Name]).Count | Should -Be @($property.Value).Count -Because $property.Name
                }
            }
        }

        if ($_ -eq 'AzBackupTroubleshoot.VmBackupReadiness') {
            $report = $samples[$_][0]
            $json = $report | ConvertTo-Json -WarningAction SilentlyContinue | ConvertFrom-Json
            $json.Findings.CheckId | Should -Be $report.Findings.CheckId
            $json.Findings.Status | Should -Be $report.Findings.Status
            $json.Findings.RemedyCode | Should -Be $report.Findings.RemedyCode
            # Beyond the default depth the evidence is its text, name=value; ..., not a type name.
            $json.Findings[0].Evidence | Should -Be $report.Findings[0].Evidence.ToString()
        }
    }

    It '<_> stays flat through ConvertTo-Csv and Export-Csv' -ForEach @('AzBackupTroubleshoot.BackupErrorRemedy', 'AzBackupTroubleshoot.VmBackupReadiness', 'AzBackupTroubleshoot.ReadinessFinding') {
        $objects = $samples[$_]
        $path = Join-Path ([IO.Path]::GetTempPath()) "azbt-export-$PID.csv"
        try {
            $objects | Export-Csv -Path $path -Encoding utf8
            foreach ($rows in @(($objects | ConvertTo-Csv | ConvertFrom-Csv), (Import-Csv $path))) {
                @($rows).Count | Should -Be @($objects).Count
                @($rows[0].PSObject.Properties.Name) | Should -Be @($objects[0].PSObject.Properties.Name)
                foreach ($row in $rows) {
                    $row.PSObject.Properties | Where-Object { $_.Value -match $typeName } | ForEach-Object { "$($_.Name)=$($_.Value)" } | Should -BeNullOrEmpty
                }
            }
        }
        finally {
            Remove-Item $path -ErrorAction SilentlyContinue
        }

        if ($_ -eq 'AzBackupTroubleshoot.VmBackupReadiness') {
            $row = $objects[0] | ConvertTo-Csv | ConvertFrom-Csv
            $failed = @($objects[0].Findings | Where-Object Status -eq 'Fail')
            foreach ($f in $failed) { $row.Findings | Should -Match ([regex]::Escape("$($f.CheckId)=Fail")) }
        }
        if ($_ -eq 'AzBackupTroubleshoot.BackupErrorRemedy') {
            $row = $objects[0] | ConvertTo-Csv | ConvertFrom-Csv
            $row.Steps | Should -Be ($objects[0].Steps -join '; ')
        }
    }
}
