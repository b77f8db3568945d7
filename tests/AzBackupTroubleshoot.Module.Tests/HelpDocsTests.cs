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

        // Parameters, sets and binding are compared with the real cmdlets by tests/pester/Help.Tests.ps1.
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
