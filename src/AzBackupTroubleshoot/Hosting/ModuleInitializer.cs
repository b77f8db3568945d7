using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace AzBackupTroubleshoot.Hosting
{
    /// <summary>
    /// Runs when PowerShell imports the module, before any cmdlet touches the engine. The engine and
    /// its dependencies (System.Text.Json, Azure SDK) sit in lib/ and never enter PowerShell's default
    /// load context, where Az.Accounts keeps its own Azure.Core: loading a second one there breaks
    /// Connect-AzAccount for the whole session.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        internal const string EngineAssemblyName = "AzBackupTroubleshoot.Engine";
        private const string LoadContextAssemblyName = "AzBackupTroubleshoot.LoadContext";

        private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".";
        private static readonly string LibraryDirectory = Path.Combine(ModuleDirectory, "lib");
        private static bool _frameworkHandlerRegistered;

        public void OnImport()
        {
            if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase))
            {
                // Windows PowerShell 5.1 has one load context; serve our own files, and only ours.
                AppDomain.CurrentDomain.AssemblyResolve += ResolveFromLibrary;
                _frameworkHandlerRegistered = true;
                return;
            }

            // PowerShell 7: hand the engine to a private AssemblyLoadContext. The context class needs
            // .NET (not .NET Standard) APIs, so it lives in a small assembly of its own.
            var loader = Assembly.LoadFrom(Path.Combine(ModuleDirectory, LoadContextAssemblyName + ".dll"));
            var register = loader.GetType(LoadContextAssemblyName + ".ModuleLoadContext", throwOnError: true)!
                .GetMethod("Register", BindingFlags.Public | BindingFlags.Static)!;
            register.Invoke(null, new object[] { LibraryDirectory, new[] { EngineAssemblyName } });
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            if (_frameworkHandlerRegistered)
            {
                AppDomain.CurrentDomain.AssemblyResolve -= ResolveFromLibrary;
                _frameworkHandlerRegistered = false;
            }
        }

        private static Assembly? ResolveFromLibrary(object? sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name);
            var path = Path.Combine(LibraryDirectory, name.Name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}
