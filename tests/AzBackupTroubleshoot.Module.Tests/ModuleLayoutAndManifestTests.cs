using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AzBackupTroubleshoot.Module.Tests.Support;
using Xunit;

namespace AzBackupTroubleshoot.Module.Tests
{
    public class ModuleLayoutAndManifestTests
    {
        private static Dictionary<string, object?> Manifest() => PowerShellDataFile.Parse(File.ReadAllText(BuiltModule.ManifestPath));

        [Fact]
        public void The_module_folder_is_named_by_module_and_version()
        {
            var dir = new DirectoryInfo(BuiltModule.Root);
            Assert.Equal(BuiltModule.Version, dir.Name);
            Assert.Equal("AzBackupTroubleshoot", dir.Parent!.Name);
        }

        [Fact]
        public void Only_the_cmdlets_and_the_loader_sit_in_the_default_context_folder()
        {
            var rootAssemblies = Directory.GetFiles(BuiltModule.Root, "*.dll").Select(Path.GetFileName).OrderBy(n => n).ToArray();
            Assert.Equal(new[] { "AzBackupTroubleshoot.dll", "AzBackupTroubleshoot.LoadContext.dll" }, rootAssemblies);
            Assert.True(File.Exists(Path.Combine(BuiltModule.Library, "AzBackupTroubleshoot.Engine.dll")));
            Assert.True(File.Exists(Path.Combine(BuiltModule.Library, "System.Text.Json.dll")));
        }

        [Fact]
        public void The_reference_only_PowerShell_assembly_is_not_shipped()
        {
            Assert.Empty(Directory.GetFiles(BuiltModule.Root, "System.Management.Automation.dll", SearchOption.AllDirectories));
        }

        [Fact]
        public void The_manifest_describes_the_module()
        {
            var m = Manifest();
            Assert.Equal("AzBackupTroubleshoot.dll", m["RootModule"]);
            Assert.Equal(BuiltModule.Version, m["ModuleVersion"]);
            Assert.True(Guid.TryParse((string)m["GUID"]!, out _));
            Assert.Equal("5.1", m["PowerShellVersion"]);
            Assert.Equal(new[] { "Core", "Desktop" }, ((List<object?>)m["CompatiblePSEditions"]!).Cast<string>().OrderBy(s => s));
            Assert.False(m.ContainsKey("RequiredModules"), "Az.Accounts is checked at run time, never required");
            Assert.False(m.ContainsKey("RequiredAssemblies"), "assemblies in the manifest would load into the default context");
            foreach (var format in ((List<object?>)m["FormatsToProcess"]!).Cast<string>())
            {
                Assert.True(File.Exists(Path.Combine(BuiltModule.Root, format)), format);
            }

            var psData = (Dictionary<string, object?>)((Dictionary<string, object?>)m["PrivateData"]!)["PSData"]!;
            Assert.NotEmpty((List<object?>)psData["Tags"]!);
            Assert.False(string.IsNullOrWhiteSpace((string?)psData["ReleaseNotes"]));
            Assert.False(string.IsNullOrWhiteSpace((string?)m["Description"]));
        }

        [Fact]
        public void The_manifest_exports_exactly_the_cmdlet_classes()
        {
            var exported = ((List<object?>)Manifest()["CmdletsToExport"]!).Cast<string>().OrderBy(s => s).ToArray();
            Assert.DoesNotContain("*", exported);
            var cmdlets = CmdletMetadata.All().Select(c => c.Name).OrderBy(s => s).ToArray();
            Assert.Equal(cmdlets, exported);
            foreach (var empty in new[] { "FunctionsToExport", "VariablesToExport", "AliasesToExport" })
            {
                Assert.Empty((List<object?>)Manifest()[empty]!);
            }
        }

        [Theory]
        [InlineData("@{ A = $env:X }")]
        [InlineData("@{ A = \"$x\" }")]
        [InlineData("@{ A = 1; A = 2 }")]
        public void The_data_file_reader_rejects_what_PowerShell_rejects(string text)
        {
            Assert.Throws<FormatException>(() => PowerShellDataFile.Parse(text));
        }
    }
}
