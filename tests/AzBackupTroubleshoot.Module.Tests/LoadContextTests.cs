using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using AzBackupTroubleshoot.Module.Tests.Support;
using Xunit;

namespace AzBackupTroubleshoot.Module.Tests
{
    /// <summary>
    /// The module's PowerShell 7 loading path, exercised on the built folder: the engine resolves into
    /// the private context and works there, and nothing of it lands in the default context.
    /// </summary>
    public class LoadContextTests
    {
        private static readonly Lazy<Assembly> Engine = new Lazy<Assembly>(() =>
        {
            var loader = Assembly.LoadFrom(Path.Combine(BuiltModule.Root, "AzBackupTroubleshoot.LoadContext.dll"));
            var type = loader.GetType("AzBackupTroubleshoot.LoadContext.ModuleLoadContext", throwOnError: true)!;
            type.GetMethod("Register")!.Invoke(null, new object[] { BuiltModule.Library, new[] { "AzBackupTroubleshoot.Engine" } });
            // What the cmdlet assembly's first call into the engine does: ask the default context by name.
            return AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName("AzBackupTroubleshoot.Engine"));
        });

        [Fact]
        public void The_engine_resolves_into_the_private_context()
        {
            var context = AssemblyLoadContext.GetLoadContext(Engine.Value)!;
            Assert.NotSame(AssemblyLoadContext.Default, context);
            Assert.Equal("AzBackupTroubleshoot", context.Name);
            Assert.StartsWith(Path.GetFullPath(BuiltModule.Library), Engine.Value.Location);
        }

        [Fact]
        public void The_engine_works_from_the_private_context()
        {
            var catalogType = Engine.Value.GetType("AzBackupTroubleshoot.Remedies.RemedyCatalog", throwOnError: true)!;
            var catalog = catalogType.GetMethod("LoadDefault")!.Invoke(null, null)!;
            var matches = (IList)catalogType.GetMethod("Match", new[] { typeof(string) })!.Invoke(catalog, new object[] { "VSS ライターの状態が正しくないため、スナップショット操作に失敗しました" })!;
            Assert.NotEmpty(matches);
            Assert.Equal("ExtensionFailedVssWriterInBadState", matches[0]!.GetType().GetProperty("Code")!.GetValue(matches[0]));
        }

        [Fact]
        public void Framework_assemblies_are_not_duplicated_privately()
        {
            The_engine_works_from_the_private_context();
            var privateContext = AssemblyLoadContext.GetLoadContext(Engine.Value)!;
            var names = privateContext.Assemblies.Select(a => a.GetName().Name).ToArray();
            // This runtime provides System.Text.Json and System.Memory at the versions asked for, so the
            // private context must use them: a second System.Memory would split Span<T> in two.
            Assert.DoesNotContain("System.Memory", names);
            Assert.DoesNotContain("System.Text.Json", names);
            Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == "AzBackupTroubleshoot.Engine");
        }
    
        [Fact]
        public void Azure_Core_resolves_from_the_module_and_stays_out_of_the_default_context()
        {
            var privateContext = AssemblyLoadContext.GetLoadContext(Engine.Value)!;
            var azureCore = privateContext.LoadFromAssemblyName(new AssemblyName("Azure.Core"));
            Assert.Same(privateContext, AssemblyLoadContext.GetLoadContext(azureCore));
            Assert.StartsWith(Path.GetFullPath(BuiltModule.Library), azureCore.Location);
            Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == "Azure.Core");
        }
    }
}
