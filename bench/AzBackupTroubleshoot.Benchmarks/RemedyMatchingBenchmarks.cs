using System.IO;
using BenchmarkDotNet.Attributes;
using AzBackupTroubleshoot.Remedies;

namespace AzBackupTroubleshoot.Benchmarks
{
    /// <summary>Matches per second on one core, for the kinds of input admins paste.</summary>
    [MemoryDiagnoser]
    public class RemedyMatchingBenchmarks
    {
        private RemedyCatalog _catalog = null!;

        [Params(
            "EnglishFull",
            "JapaneseFull",
            "EnglishEmbedded",
            "JapaneseTruncated",
            "JobDetailLayout",
            "BareCode",
            "EnglishRetold",
            "JapaneseRetold",
            "Unrelated")]
        public string Input { get; set; } = "";

        private string _text = "";

        [GlobalSetup]
        public void Setup()
        {
            _catalog = RemedyCatalog.LoadDefault();
            _text = Input switch
            {
                "EnglishFull" => "Snapshot operation failed due to no network connectivity on the virtual machine - Ensure that VM has network access. For snapshot to succeed, either whitelist Azure datacenter IP ranges or set up a proxy server for network access.",
                "JapaneseFull" => "VSS ライターの状態が正しくないため、スナップショット操作に失敗しました",
                "EnglishEmbedded" => "Backup failed for VM 'web-prod-01' (resource group rg-web-jpe) at 2026-11-20T03:14:07Z: VM Agent unable to communicate with Azure Backup. Correlation id 7c0d6b1e-3f9a-4e1b-9c55-2b8e1d7a4f10",
                "JapaneseTruncated" => "ファイル システムの一貫性のあるスナップショットの取得で VM の 1 つ",
                "JobDetailLayout" => "ErrorCode       : 380008\nErrorMessage    : Failed to install Microsoft Recovery Services extension as virtual machine is not running",
                "BareCode" => "UserErrorGuestAgentStatusUnavailable",
                // Retold, not Azure's words: only the meaning matcher finds these.
                "EnglishRetold" => "Hi all, since last night the backup of our SQL box keeps failing - the ticket says the snapshot couldn't be taken because the VSS writers are in a wrong state, and a colleague thinks the volume shadow copy writer for SQL is stuck.",
                "JapaneseRetold" => "昨日からバックアップが失敗しています。共有ディスクがあるので VM をバックアップできない、とポータルに表示されました。",
                _ => "The client 'admin@contoso.com' does not have authorization to perform action 'Microsoft.Compute/virtualMachines/read' over scope '/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590'.",
            };
        }

        [Benchmark]
        public int Match() => _catalog.Match(_text).Count;
    }

    /// <summary>Cold parse of the embedded catalog and build of its index (what the first call pays).</summary>
    [MemoryDiagnoser]
    public class CatalogLoadBenchmarks
    {
        private byte[] _json = null!;

        [GlobalSetup]
        public void Setup()
        {
            using var stream = typeof(RemedyCatalog).Assembly.GetManifestResourceStream("AzBackupTroubleshoot.Remedies.remedy-catalog.json")!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            _json = copy.ToArray();
        }

        [Benchmark]
        public int Load() => RemedyCatalog.Load(new MemoryStream(_json)).Entries.Count;
    }
}
