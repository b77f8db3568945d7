using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace AzBackupTroubleshoot.Module.Tests.Support
{
    /// <summary>What PowerShell reads from a cmdlet class, read from metadata.</summary>
    internal sealed class CmdletMetadata
    {
        public sealed record ParameterInfo(string Name, Type Type, string[] Aliases, IReadOnlyList<ParameterAttributeData> Attributes);

        public sealed record ParameterAttributeData(string SetName, bool Mandatory, int? Position, bool FromPipeline, bool FromPipelineByPropertyName);

        public const string AllParameterSets = "__AllParameterSets";

        public Type Type { get; private init; } = null!;
        public string Verb { get; private init; } = "";
        public string Noun { get; private init; } = "";
        public string Name => Verb + "-" + Noun;
        public string? DefaultParameterSetName { get; private init; }
        public bool SupportsShouldProcess { get; private init; }
        public string? ConfirmImpact { get; private init; }
        public IReadOnlyList<Type> OutputTypes { get; private init; } = Array.Empty<Type>();
        public IReadOnlyList<ParameterInfo> Parameters { get; private init; } = Array.Empty<ParameterInfo>();

        public IEnumerable<string> ParameterSets =>
            Parameters.SelectMany(p => p.Attributes.Select(a => a.SetName)).Where(s => s != AllParameterSets).Distinct();

        public IEnumerable<ParameterInfo> InSet(string set) =>
            Parameters.Where(p => p.Attributes.Any(a => a.SetName == set || a.SetName == AllParameterSets));

        public static IReadOnlyList<CmdletMetadata> All()
        {
            var assembly = BuiltModule.CmdletAssembly;
            var list = new List<CmdletMetadata>();
            foreach (var type in assembly.GetExportedTypes())
            {
                var cmdlet = type.GetCustomAttributesData().SingleOrDefault(a => a.AttributeType.FullName == "System.Management.Automation.CmdletAttribute");
                if (cmdlet == null) continue;
                string? Named(string name) => cmdlet.NamedArguments.Where(n => n.MemberName == name).Select(n => n.TypedValue.Value?.ToString()).FirstOrDefault();
                list.Add(new CmdletMetadata
                {
                    Type = type,
                    Verb = (string)cmdlet.ConstructorArguments[0].Value!,
                    Noun = (string)cmdlet.ConstructorArguments[1].Value!,
                    DefaultParameterSetName = Named("DefaultParameterSetName"),
                    SupportsShouldProcess = Named("SupportsShouldProcess") == "True",
                    ConfirmImpact = Named("ConfirmImpact"),
                    OutputTypes = type.GetCustomAttributesData()
                        .Where(a => a.AttributeType.FullName == "System.Management.Automation.OutputTypeAttribute")
                        .SelectMany(a => a.ConstructorArguments.SelectMany(Types))
                        .ToArray(),
                    Parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(ReadParameter).Where(p => p != null).Select(p => p!).ToArray(),
                });
            }

            return list;
        }

        private static IEnumerable<Type> Types(CustomAttributeTypedArgument argument)
        {
            if (argument.Value is Type t) yield return t;
            if (argument.Value is IEnumerable<CustomAttributeTypedArgument> many)
            {
                foreach (var item in many)
                {
                    if (item.Value is Type inner) yield return inner;
                }
            }
        }

        private static ParameterInfo? ReadParameter(PropertyInfo property)
        {
            var data = property.GetCustomAttributesData();
            var attributes = data.Where(a => a.AttributeType.FullName == "System.Management.Automation.ParameterAttribute").Select(a =>
            {
                T Get<T>(string name, T fallback) => a.NamedArguments.Where(n => n.MemberName == name).Select(n => (T)n.TypedValue.Value!).DefaultIfEmpty(fallback).First();
                var position = Get("Position", int.MinValue);
                return new ParameterAttributeData(
                    Get("ParameterSetName", AllParameterSets),
                    Get("Mandatory", false),
                    position == int.MinValue ? null : position,
                    Get("ValueFromPipeline", false),
                    Get("ValueFromPipelineByPropertyName", false));
            }).ToArray();
            if (attributes.Length == 0) return null;
            var aliases = data.Where(a => a.AttributeType.FullName == "System.Management.Automation.AliasAttribute")
                .SelectMany(a => a.ConstructorArguments.SelectMany(c => c.Value is IEnumerable<CustomAttributeTypedArgument> xs ? xs.Select(x => (string)x.Value!) : new[] { (string)c.Value! }))
                .ToArray();
            return new ParameterInfo(property.Name, property.PropertyType, aliases, attributes);
        }
    }
}
