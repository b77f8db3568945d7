using System.IO;
using BenchmarkDotNet.Attributes;
using AzBackupTroubleshoot.Remedies;

namespace AzBackupTroubleshoot.Benchmarks
{
    /// <summary>Matches per second on one core, for the kinds of input admins paste (see <see cref="MatchingInputs"/>).</summary>
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
            "ShortJob",
            "EnglishRetold",
            "JapaneseRetold",
            "JapaneseLongRetold",
            "EnglishShuffled",
            "Unrelated",
            "LongJsonPaste",
            "LongUnrelatedLog",
            "JapaneseTicketThread")]
        public string Input { get; set; } = "";

        private string _text = "";

        [GlobalSetup]
        public void Setup()
        {
            _catalog = RemedyCatalog.LoadDefault();
            _text = MatchingInputs.Get(Input);
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
