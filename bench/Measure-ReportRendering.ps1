<#
.SYNOPSIS
    Measures Export-BackupReadinessReport on large estates: render time and file size at 1,000 and
    10,000 VMs, in English and Japanese. Writes a markdown table to bench/results/report.md.
.DESCRIPTION
    The VMs are real scan output: the demo estate is scanned once through the ARM emulator, then its
    14 reports are copied under new names and resource groups to the sizes measured. Two mixes: the
    demo's own (12 of its 14 VMs need attention: the worst case for size) and a mostly healthy estate
    where one VM in ten needs attention. Time is the whole pipeline, objects piped in to file closed.
.EXAMPLE
    dotnet pwsh bench/Measure-ReportRendering.ps1 -Runs 3
#>
param(
    [int] $Runs = 3,
    [int[]] $Sizes = @(1000, 10000),
    [string] $ModulePath
)

$ErrorActionPreference = 'Stop'
$root = (Resolve-Path "$PSScriptRoot/..").Path
. "$root/tests/pester/TestSupport.ps1"
if (-not $ModulePath) { $ModulePath = Get-TestModulePath }
Import-Module $ModulePath -Force
. "$root/tests/pester/ArmEmulatorSession.ps1"
$null = Start-ArmEmulatorSession -WorldPath "$root/demo/world"
try { $demo = @(Test-AzVmBackupReadiness -Language en) } finally { Stop-ArmEmulatorSession }

# The report type has no public constructor (only scans make it): copies are made through the
# internal one, with the same findings under a new name, id and resource group.
$constructor = [AzBackupTroubleshoot.VmBackupReadiness].GetConstructors([Reflection.BindingFlags] 'NonPublic, Instance')[0]
function Copy-Report($template, [int] $index) {
    $group = 'rg-app-{0:000}' -f ($index % 200)
    $name = '{0}-{1:00000}' -f $template.Name, $index
    $id = "/subscriptions/$($template.SubscriptionId)/resourceGroups/$group/providers/Microsoft.Compute/virtualMachines/$name"
    $constructor.Invoke(@($id, $template.SubscriptionId, $group, $name, $template.Location, $template.Status,
            [AzBackupTroubleshoot.ReadinessFinding[]] @($template.Findings), $template.CheckedAt, $template.Language))
}

$healthy = @($demo | Where-Object Status -in 'Pass', 'NotApplicable')
$attention = @($demo | Where-Object Status -notin 'Pass', 'NotApplicable')
$mixes = [ordered]@{
    "demo mix ($($attention.Count) of $($demo.Count) need attention)" = { param($i) $demo[$i % $demo.Count] }
    'mostly healthy (1 in 10 needs attention)'                       = { param($i) if ($i % 10 -eq 0) { $attention[($i / 10) % $attention.Count] } else { $healthy[$i % $healthy.Count] } }
}

$out = Join-Path ([IO.Path]::GetTempPath()) "azbt-report-bench-$PID"
$null = New-Item -ItemType Directory -Force $out
function Get-Median([double[]] $values) { $sorted = $values | Sort-Object; $sorted[[int][math]::Floor($sorted.Count / 2)] }
$rows = try {
    foreach ($mix in $mixes.GetEnumerator()) {
        foreach ($size in $Sizes) {
            $estate = [Collections.Generic.List[object]]::new($size)
            for ($i = 0; $i -lt $size; $i++) { $estate.Add((Copy-Report (& $mix.Value $i) $i)) }
            foreach ($language in 'en', 'ja') {
                $path = Join-Path $out "report-$size-$language.html"
                # The first run warms the JIT and the catalog; the median of the rest is reported.
                $times = foreach ($run in 0..$Runs) {
                    $clock = [Diagnostics.Stopwatch]::StartNew()
                    $estate | Export-BackupReadinessReport -Path $path -Language $language
                    $clock.Elapsed.TotalMilliseconds
                }

                $bytes = (Get-Item $path).Length
                $zipped = Join-Path $out 'report.zip'
                Remove-Item $zipped -ErrorAction SilentlyContinue
                Compress-Archive -Path $path -DestinationPath $zipped
                [pscustomobject]@{
                    Mix = $mix.Key; Vms = $size; Language = $language
                    Cold = $times[0]; Warm = Get-Median ($times | Select-Object -Skip 1)
                    SizeMB = $bytes / 1MB; ZipMB = (Get-Item $zipped).Length / 1MB
                }
            }
        }
    }
}
finally {
    Remove-Item -Recurse -Force $out -ErrorAction SilentlyContinue
}

$table = @(
    "| Estate | VMs | Language | First run | Median of $Runs | File | Zipped |"
    '| --- | ---: | --- | ---: | ---: | ---: | ---: |'
    foreach ($r in $rows) { '| {0} | {1:N0} | {2} | {3:N0} ms | {4:N0} ms | {5:0.00} MB | {6:0.00} MB |' -f $r.Mix, $r.Vms, $r.Language, $r.Cold, $r.Warm, $r.SizeMB, $r.ZipMB }
)
$header = "Measured $(Get-Date -Format 'yyyy-MM-dd') on $([Environment]::ProcessorCount) cores, pwsh $($PSVersionTable.PSVersion), with ``dotnet pwsh bench/Measure-ReportRendering.ps1 -Runs $Runs``. " +
    'Time: from the first object piped into Export-BackupReadinessReport to the file closed.'
$null = New-Item -ItemType Directory -Force "$root/bench/results"
@($header, '', $table) | Set-Content "$root/bench/results/report.md" -Encoding utf8
$table
