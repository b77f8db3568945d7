using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace AzBackupTroubleshoot.Module.Tests.Support
{
    /// <summary>The module folder that building the cmdlet project lays out.</summary>
    internal static class BuiltModule
    {
        public static string Version { get; } = Metadata("ModuleVersion");
        public static string Root { get; } = Metadata("ModuleOutputRoot");
        public static string Library => Path.Combine(Root, "lib");
        public static string ManifestPath => Path.Combine(Root, "AzBackupTroubleshoot.psd1");
        public static string CmdletAssemblyPath => Path.Combine(Root, "AzBackupTroubleshoot.dll");
        public static string PowerShellStandardAssembly { get; } = Metadata("PowerShellStandardAssembly");

        private static readonly Lazy<MetadataLoadContext> Context = new Lazy<MetadataLoadContext>(CreateContext);

        /// <summary>The cmdlet assembly as metadata only: PowerShellStandard is a reference assembly and cannot run.</summary>
        public static Assembly CmdletAssembly => Context.Value.LoadFromAssemblyPath(CmdletAssemblyPath);

        public static Assembly SystemManagementAutomation => Context.Value.LoadFromAssemblyPath(PowerShellStandardAssembly);

        private static MetadataLoadContext CreateContext()
        {
            var paths = new List<string>(Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"));
            paths.Add(PowerShellStandardAssembly);
            paths.AddRange(Directory.GetFiles(Root, "*.dll"));
            paths.AddRange(Directory.GetFiles(Library, "*.dll").Where(p => !paths.Any(q => Path.GetFileName(q) == Path.GetFileName(p))));
            return new MetadataLoadContext(new PathAssemblyResolver(paths), "System.Private.CoreLib");
        }

        private static string Metadata(string key) =>
            typeof(BuiltModule).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
    }
}
