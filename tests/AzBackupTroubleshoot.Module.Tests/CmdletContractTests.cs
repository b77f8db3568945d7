using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using AzBackupTroubleshoot.Module.Tests.Support;
using Xunit;

namespace AzBackupTroubleshoot.Module.Tests
{
    /// <summary>The cmdlet surface, checked the way PowerShell will read it.</summary>
    public class CmdletContractTests
    {
        private static readonly IReadOnlyList<CmdletMetadata> Cmdlets = CmdletMetadata.All();

        private static readonly string[] StateChangingVerbs =
        {
            "Set", "Remove", "Repair", "Invoke", "Export", "Start", "Stop", "Restart", "New", "Add", "Clear", "Reset", "Update", "Install", "Uninstall", "Enable", "Disable",
        };

        private static CmdletMetadata Get(string name) => Cmdlets.Single(c => c.Name == name);

        [Fact]
        public void There_are_cmdlets()
        {
            Assert.Contains(Cmdlets, c => c.Name == "Get-BackupErrorRemedy");
        }

        [Fact]
        public void Every_verb_is_an_approved_PowerShell_verb()
        {
            var approved = BuiltModule.SystemManagementAutomation.GetExportedTypes()
                .Where(t => t.Namespace == "System.Management.Automation" && t.Name.StartsWith("Verbs", StringComparison.Ordinal))
                .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
                .Select(f => (string)f.GetRawConstantValue()!)
                .ToHashSet(StringComparer.Ordinal);
            Assert.Contains("Get", approved);
            Assert.All(Cmdlets, c => Assert.Contains(c.Verb, approved));
        }

        [Fact]
        public void Every_cmdlet_declares_an_output_type_of_this_module()
        {
            Assert.All(Cmdlets, c =>
            {
                Assert.NotEmpty(c.OutputTypes);
                Assert.All(c.OutputTypes, t =>
                {
                    // Export- cmdlets write files and return them (-PassThru) as PowerShell's FileInfo, like Export-Csv.
                    if (c.Verb == "Export" && t.FullName == "System.IO.FileInfo") return;
                    Assert.Equal("AzBackupTroubleshoot", t.Assembly.GetName().Name);
                    Assert.True(t.IsPublic);
                });
            });
        }

        [Fact]
        public void State_changing_cmdlets_support_ShouldProcess_and_readers_do_not()
        {
            Assert.All(Cmdlets, c => Assert.Equal(StateChangingVerbs.Contains(c.Verb), c.SupportsShouldProcess));
        }

        [Fact]
        public void Parameter_sets_can_be_told_apart()
        {
            Assert.All(Cmdlets, c =>
            {
                var sets = c.ParameterSets.ToArray();
                if (sets.Length > 1) Assert.Contains(c.DefaultParameterSetName, sets);
                foreach (var set in sets)
                {
                    // Named arguments for exactly the set's mandatory parameters must leave that set as the only
                    // complete one (or the default among several): PowerShell's rule for resolving a set.
                    var bound = c.Parameters.Where(p => p.Attributes.Any(a => a.SetName == set && a.Mandatory)).Select(p => p.Name).ToHashSet();
                    var complete = sets.Where(t => bound.All(b => c.InSet(t).Any(p => p.Name == b)) &&
                                                   c.Parameters.Where(p => p.Attributes.Any(a => a.SetName == t && a.Mandatory)).All(p => bound.Contains(p.Name))).ToArray();
                    Assert.True(complete.SequenceEqual(new[] { set }) || (set == c.DefaultParameterSetName && complete.Contains(set)),
                        $"{c.Name}: the mandatory parameters of set '{set}' also complete {string.Join(", ", complete)}");

                    var inSet = c.InSet(set).ToArray();
                    var positions = inSet.SelectMany(p => p.Attributes.Where(a => a.SetName == set || a.SetName == CmdletMetadata.AllParameterSets))
                        .Where(a => a.Position != null).Select(a => a.Position!.Value).ToArray();
                    Assert.Equal(positions.Length, positions.Distinct().Count());
                    var byValue = inSet.Count(p => p.Attributes.Any(a => (a.SetName == set || a.SetName == CmdletMetadata.AllParameterSets) && a.FromPipeline));
                    Assert.True(byValue <= 1, $"{c.Name}: set '{set}' takes pipeline input by value in {byValue} parameters");
                }

                var names = c.Parameters.SelectMany(p => p.Aliases.Append(p.Name)).ToArray();
                Assert.Equal(names.Length, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            });
        }

        [Theory]
        // Az.RecoveryServices job objects and their ErrorDetails items, by the names Az uses.
        [InlineData("Job", "ErrorDetails")]
        [InlineData("Job", "JobId")]
        [InlineData("Job", "WorkloadName")]
        [InlineData("Message", "ErrorMessage")]
        [InlineData("Message", "ErrorCode")]
        [InlineData("Code", "RemedyCode")]
        public void Get_BackupErrorRemedy_binds_Az_objects_by_property_name(string set, string azPropertyName)
        {
            var cmdlet = Get("Get-BackupErrorRemedy");
            var parameter = cmdlet.Parameters.Single(p => p.Name.Equals(azPropertyName, StringComparison.OrdinalIgnoreCase) ||
                                                          p.Aliases.Contains(azPropertyName, StringComparer.OrdinalIgnoreCase));
            Assert.Contains(parameter.Attributes, a => a.SetName == set && a.FromPipelineByPropertyName);
        }

        [Fact]
        public void Cmdlet_classes_hold_no_engine_types()
        {
            // PowerShell reflects over cmdlet classes before the engine's load context may be ready,
            // so their parameters and fields must not name engine types.
            Assert.All(Cmdlets, c =>
            {
                foreach (var p in c.Parameters) Assert.NotEqual("AzBackupTroubleshoot.Engine", p.Type.Assembly.GetName().Name);
                foreach (var f in c.Type.GetFields(BindingFlags.Instance | BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public))
                {
                    Assert.NotEqual("AzBackupTroubleshoot.Engine", f.FieldType.Assembly.GetName().Name);
                }

                foreach (var output in c.OutputTypes)
                {
                    foreach (var p in output.GetProperties()) Assert.NotEqual("AzBackupTroubleshoot.Engine", p.PropertyType.Assembly.GetName().Name);
                }
            });
        }

        [Theory]
        [InlineData("Get-BackupErrorRemedy")]
        [InlineData("Test-AzVmBackupReadiness")]
        [InlineData("Repair-VmSnapshotExtension")]
        [InlineData("Export-BackupReadinessReport")]
        public void Language_accepts_ja_and_en(string cmdletName)
        {
            var language = Get(cmdletName).Type.GetProperty("Language")!;
            var validateSet = language.GetCustomAttributesData().Single(a => a.AttributeType.Name == "ValidateSetAttribute");
            var values = ((IEnumerable<CustomAttributeTypedArgument>)validateSet.ConstructorArguments[0].Value!).Select(v => (string)v.Value!).OrderBy(v => v);
            Assert.Equal(new[] { "en", "ja" }, values);
        }

        [Fact]
        public void Code_completes_from_the_catalog()
        {
            var code = Get("Get-BackupErrorRemedy").Type.GetProperty("Code")!;
            var completer = code.GetCustomAttributesData().Single(a => a.AttributeType.Name == "ArgumentCompleterAttribute");
            var type = (Type)completer.ConstructorArguments[0].Value!;
            Assert.Contains(type.GetInterfaces(), i => i.FullName == "System.Management.Automation.IArgumentCompleter");
        }

        [Theory]
        [InlineData("Test-AzVmBackupReadiness")]
        [InlineData("Repair-VmSnapshotExtension")]
        public void DefaultProfile_takes_any_Az_context_under_Az_aliases(string cmdletName)
        {
            var profile = Get(cmdletName).Parameters.Single(p => p.Name == "DefaultProfile");
            Assert.Equal(typeof(object).FullName, profile.Type.FullName);
            Assert.Equal(new[] { "AzContext", "AzureCredential", "AzureRmContext" }, profile.Aliases.OrderBy(a => a).ToArray());
        }

        [Theory]
        [InlineData("Check")]
        [InlineData("ExcludeCheck")]
        public void Check_filters_complete_from_the_check_catalog(string parameter)
        {
            var property = Get("Test-AzVmBackupReadiness").Type.GetProperty(parameter)!;
            var completer = property.GetCustomAttributesData().Single(a => a.AttributeType.Name == "ArgumentCompleterAttribute");
            var type = (Type)completer.ConstructorArguments[0].Value!;
            Assert.Equal("CheckIdCompleter", type.Name);
            Assert.Contains(type.BaseType!.GetInterfaces(), i => i.FullName == "System.Management.Automation.IArgumentCompleter");
        }
    }
}
