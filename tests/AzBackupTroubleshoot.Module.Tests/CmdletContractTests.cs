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
            "Set", "Remove", "Repair", "Invoke", "Start", "Stop", "Restart", "New", "Add", "Clear", "Reset", "Update", "Install", "Uninstall", "Enable", "Disable",
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
                    // Each set owns a mandatory parameter no other set has, so named arguments pick one set.
                    var own = c.Parameters.Where(p => p.Attributes.Any(a => a.SetName == set && a.Mandatory) &&
                                                      p.Attributes.All(a => a.SetName == set));
                    Assert.True(own.Any(), $"{c.Name}: set '{set}' has no mandatory parameter of its own");

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
        public void A_job_object_selects_only_the_job_set()
        {
            // Get-AzRecoveryServicesBackupJob output has ErrorDetails, JobId, WorkloadName, Operation,
            // Status... but no ErrorMessage or ErrorCode: only the Job set can take all it binds.
            var cmdlet = Get("Get-BackupErrorRemedy");
            var jobProperties = new[] { "ErrorDetails", "JobId", "WorkloadName", "Operation", "Status", "StartTime", "EndTime", "Duration", "ActivityId", "BackupManagementType" };
            var bound = cmdlet.Parameters.Where(p => p.Attributes.Any(a => a.FromPipelineByPropertyName) &&
                                                     p.Aliases.Append(p.Name).Any(n => jobProperties.Contains(n, StringComparer.OrdinalIgnoreCase)));
            var sets = bound.SelectMany(p => p.Attributes.Select(a => a.SetName)).Distinct().ToArray();
            Assert.Equal(new[] { "Job" }, sets);
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

        [Fact]
        public void Language_accepts_ja_and_en()
        {
            var language = Get("Get-BackupErrorRemedy").Type.GetProperty("Language")!;
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
    }
}
