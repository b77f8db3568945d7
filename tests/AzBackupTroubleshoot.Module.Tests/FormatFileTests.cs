using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AzBackupTroubleshoot.Module.Tests.Support;
using Xunit;

namespace AzBackupTroubleshoot.Module.Tests
{
    public class FormatFileTests
    {
        private static readonly XDocument Format = XDocument.Load(Path.Combine(BuiltModule.Root, "AzBackupTroubleshoot.Format.ps1xml"));

        [Fact]
        public void Every_view_selects_a_type_the_module_outputs()
        {
            // The module's own types; a file written by an Export- cmdlet keeps PowerShell's FileInfo view.
            var outputTypes = CmdletMetadata.All().SelectMany(c => c.OutputTypes).Where(t => t.Assembly.GetName().Name == "AzBackupTroubleshoot").ToArray();
            var outputs = outputTypes.Select(t => t.FullName).ToHashSet();
            // Objects an output carries (a report's findings) are piped on and shown on their own too.
            var carried = outputTypes.SelectMany(t => t.GetProperties()).Select(p => ItemType(p.PropertyType))
                .Where(t => t.Assembly.GetName().Name == "AzBackupTroubleshoot" && !IsValueHolder(t)).Select(t => t.FullName).ToHashSet();
            var selected = Format.Descendants("TypeName").Select(e => e.Value.Trim()).ToArray();
            Assert.NotEmpty(selected);
            Assert.All(selected, t => Assert.True(outputs.Contains(t) || carried.Contains(t), t));
            Assert.All(outputs.Concat(carried), t => Assert.Contains(t, selected));
        }

        // An array's or a typed collection's (FindingList's) items; the type itself otherwise.
        private static System.Type ItemType(System.Type t)
        {
            if (t.IsArray) return t.GetElementType()!;
            for (var b = t.BaseType; b != null; b = b.BaseType)
            {
                if (b.IsGenericType && b.GetGenericTypeDefinition().Name == "ReadOnlyCollection`1") return b.GetGenericArguments()[0];
            }

            return t;
        }

        // Lists and evidence are shown inside their owner's views, never on their own.
        private static bool IsValueHolder(System.Type t) => t.Name == "TextList" || t.Name == "FindingEvidence";

        [Fact]
        public void Views_name_only_properties_that_exist()
        {
            foreach (var view in Format.Descendants("View"))
            {
                var typeName = view.Descendants("TypeName").Single().Value.Trim();
                var type = BuiltModule.CmdletAssembly.GetType(typeName, throwOnError: true)!;
                var properties = type.GetProperties().Select(p => p.Name).ToHashSet();
                foreach (var name in view.Descendants("PropertyName").Select(e => e.Value.Trim())) Assert.Contains(name, properties);
                foreach (var script in view.Descendants("ScriptBlock").Select(e => e.Value))
                {
                    foreach (Match m in Regex.Matches(script, @"\$_\.(\w+)")) Assert.Contains(m.Groups[1].Value, properties);
                }
            }
        }

        [Fact]
        public void Tables_fit_an_80_column_console()
        {
            foreach (var table in Format.Descendants("TableControl"))
            {
                var widths = table.Descendants("TableColumnHeader").Select(h => int.Parse(h.Element("Width")!.Value)).ToArray();
                Assert.True(widths.Sum() + widths.Length - 1 <= 79, $"table is {widths.Sum() + widths.Length - 1} columns wide");
            }
        }
    }
}
