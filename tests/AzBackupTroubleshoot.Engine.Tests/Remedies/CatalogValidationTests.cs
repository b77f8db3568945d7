using System;
using System.IO;
using System.Linq;
using System.Text;
using AzBackupTroubleshoot.Checks;
using AzBackupTroubleshoot.Localization;
using AzBackupTroubleshoot.Remedies;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Remedies
{
    public class CatalogValidationTests
    {
        private readonly RemedyCatalog _catalog = RemedyCatalog.LoadDefault();

        [Fact]
        public void The_shipped_catalog_has_no_problems()
        {
            Assert.Empty(CatalogValidator.Validate(_catalog));
        }

        [Fact]
        public void Codes_are_unique_and_every_entry_speaks_both_languages()
        {
            Assert.Equal(_catalog.Entries.Count, _catalog.Entries.Select(e => e.Code).Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.All(_catalog.Entries, e =>
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Title.Get(DisplayLanguage.Japanese)));
                Assert.False(string.IsNullOrWhiteSpace(e.Title.Get(DisplayLanguage.English)));
                Assert.StartsWith("https://learn.microsoft.com/en-us/", e.Documentation.English);
                Assert.StartsWith("https://learn.microsoft.com/ja-jp/", e.Documentation.Japanese);
            });
        }

        [Fact]
        public void Every_check_id_in_the_catalog_is_a_known_check()
        {
            var used = _catalog.Entries.SelectMany(e => e.CheckIds).Distinct().ToArray();
            Assert.NotEmpty(used);
            Assert.All(used, id => Assert.True(CheckCatalog.TryGet(id, out _), id));
        }

        [Fact]
        public void Check_ids_are_unique()
        {
            Assert.Equal(CheckCatalog.All.Count, CheckCatalog.All.Select(c => c.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        }

        [Theory]
        [InlineData("\"code\": \"ResourceNotFound\"", "\"code\": \"BCMV2VMNotFound\"", "also used by another entry")]
        [InlineData("\"ja\": \"保護対象の VM が存在しない\"", "\"ja\": \"\"", "title has no Japanese text")]
        [InlineData("\"en\": \"https://learn.microsoft.com/en-us/azure/backup/backup-azure-vms-troubleshoot#320001", "\"en\": \"backup-azure-vms-troubleshoot#320001", "not an absolute URI")]
        [InlineData("\"Vm.Exists\"", "\"Vm.DoesNotExistAsACheck\"", "unknown check id")]
        public void The_validator_catches_broken_entries(string original, string broken, string problem)
        {
            var json = ReadEmbeddedJson();
            Assert.Contains(original, json);
            var index = json.IndexOf(original, StringComparison.Ordinal);
            var damaged = json.Substring(0, index) + broken + json.Substring(index + original.Length);
            var catalog = RemedyCatalog.Load(new MemoryStream(Encoding.UTF8.GetBytes(damaged)));
            Assert.Contains(CatalogValidator.Validate(catalog), p => p.Contains(problem));
        }

        [Fact]
        public void A_malformed_catalog_is_rejected_with_the_entry_named()
        {
            var json = ReadEmbeddedJson().Replace("\"codeSource\": \"azure\"", "\"codeSource\": \"elsewhere\"");
            var ex = Assert.Throws<InvalidDataException>(() => RemedyCatalog.Load(new MemoryStream(Encoding.UTF8.GetBytes(json))));
            Assert.Contains("VMRestorePointInternalError", ex.Message);
        }

        private static string ReadEmbeddedJson()
        {
            using var stream = typeof(RemedyCatalog).Assembly.GetManifestResourceStream("AzBackupTroubleshoot.Remedies.remedy-catalog.json")!;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }
}
