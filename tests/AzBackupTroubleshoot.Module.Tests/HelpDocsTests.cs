using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using AzBackupTroubleshoot.Module.Tests.Support;
using Xunit;

namespace AzBackupTroubleshoot.Module.Tests
{
    /// <summary>The PlatyPS pages describe the cmdlets as they are: every parameter, with its real sets and binding.</summary>
    public class HelpDocsTests
    {
        private static readonly string DocsRoot = Path.Combine(Path.GetDirectoryName(BuiltModule.Root.TrimEnd('/', '\\'))!, "..", "..", "docs");

        public static IEnumerable<object[]> Pages() =>
            from culture in new[] { "en-US", "ja-JP" }
            from cmdlet in CmdletMetadata.All()
            select new object[] { culture, cmdlet.Name };

        [Theory]
        [MemberData(nameof(Pages))]
        public void Every_parameter_is_documented_as_it_binds(string culture, string cmdletName)
        {
            var cmdlet = CmdletMetadata.All().Single(c => c.Name == cmdletName);
            var path = Path.Combine(DocsRoot, culture, cmdletName + ".md");
            Assert.True(File.Exists(path), path);
            var text = File.ReadAllText(path);

            var documented = Regex.Matches(text, @"^### -(\w+)\s*$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).OrderBy(n => n).ToArray();
            Assert.Equal(cmdlet.Parameters.Select(p => p.Name).OrderBy(n => n).ToArray(), documented);

            foreach (var p in cmdlet.Parameters)
            {
                var section = Regex.Match(text, @"^### -" + p.Name + @"\s*$(.*?)```yaml(.*?)```", RegexOptions.Multiline | RegexOptions.Singleline);
                Assert.True(section.Success, $"{culture}/{cmdletName}: -{p.Name} has no yaml block");
                var yaml = section.Groups[2].Value.Split('\n').Select(l => l.Split(new[] { ':' }, 2)).Where(kv => kv.Length == 2)
                    .ToDictionary(kv => kv[0].Trim(), kv => kv[1].Trim());

                var sets = p.Attributes.Select(a => a.SetName).ToArray();
                var expectedSets = sets.Contains(CmdletMetadata.AllParameterSets) ? "(All)" : string.Join(", ", sets.OrderBy(s => s));
                Assert.Equal(expectedSets, string.Join(", ", yaml["Parameter Sets"].Split(',').Select(s => s.Trim()).OrderBy(s => s)));
                Assert.Equal(string.Join(", ", p.Aliases.OrderBy(a => a)), string.Join(", ", yaml["Aliases"].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).OrderBy(s => s)));
                Assert.Equal(p.Attributes.Any(a => a.Mandatory) ? "True" : "False", yaml["Required"]);
                var position = p.Attributes.Select(a => a.Position).FirstOrDefault(x => x != null);
                Assert.Equal(position?.ToString() ?? "Named", yaml["Position"]);
                var pipeline = new List<string>();
                if (p.Attributes.Any(a => a.FromPipelineByPropertyName)) pipeline.Add("ByPropertyName");
                if (p.Attributes.Any(a => a.FromPipeline)) pipeline.Add("ByValue");
                Assert.Equal(pipeline.Count == 0 ? "False" : $"True ({string.Join(", ", pipeline)})", yaml["Accept pipeline input"]);
            }
        }

        [Fact]
        public void The_Japanese_page_is_in_Japanese()
        {
            foreach (var cmdlet in CmdletMetadata.All())
            {
                var text = File.ReadAllText(Path.Combine(DocsRoot, "ja-JP", cmdlet.Name + ".md"));
                var synopsis = Regex.Match(text, @"## SYNOPSIS\s*\n(.+)").Groups[1].Value;
                Assert.Matches("[\u3040-\u30ff\u4e00-\u9fff]", synopsis);
            }
        }
    }
}
