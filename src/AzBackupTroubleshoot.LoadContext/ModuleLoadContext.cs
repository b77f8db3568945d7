using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace AzBackupTroubleshoot.LoadContext
{
    /// <summary>
    /// The private load context of the module's engine. It serves assemblies from the module's lib
    /// folder, except those the running .NET already provides at the version asked for: a second
    /// copy of a framework assembly (System.Memory, say) would split types such as Span&lt;T&gt; in two.
    /// </summary>
    public sealed class ModuleLoadContext : AssemblyLoadContext
    {
        private static readonly object Gate = new object();
        private static ModuleLoadContext? _instance;
        private static HashSet<string>? _entryAssemblies;

        private readonly string _libraryDirectory;
        private readonly Dictionary<string, Version> _frameworkVersions;

        private ModuleLoadContext(string libraryDirectory)
            : base("AzBackupTroubleshoot", isCollectible: false)
        {
            _libraryDirectory = libraryDirectory;
            _frameworkVersions = ReadFrameworkVersions();
        }

        /// <summary>
        /// Makes the default context hand requests for <paramref name="entryAssemblyNames"/> (the engine)
        /// to this context. Called once from the module's initializer; later calls are no-ops.
        /// </summary>
        public static void Register(string libraryDirectory, string[] entryAssemblyNames)
        {
            lock (Gate)
            {
                if (_instance != null) return;
                _instance = new ModuleLoadContext(Path.GetFullPath(libraryDirectory));
                _entryAssemblies = new HashSet<string>(entryAssemblyNames, StringComparer.OrdinalIgnoreCase);
                Default.Resolving += ResolveEntryAssembly;
            }
        }

        /// <summary>Loads an entry assembly through the private context (for hosts and tests that start from a path).</summary>
        public static Assembly LoadEntryAssembly(string name)
        {
            var instance = _instance ?? throw new InvalidOperationException("Register has not been called.");
            return instance.LoadFromAssemblyName(new AssemblyName(name));
        }

        public static bool IsPrivate(Assembly assembly) => _instance != null && GetLoadContext(assembly) == _instance;

        private static Assembly? ResolveEntryAssembly(AssemblyLoadContext context, AssemblyName name)
        {
            if (name.Name == null || _entryAssemblies == null || !_entryAssemblies.Contains(name.Name)) return null;
            return _instance!.LoadFromAssemblyName(name);
        }

        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name == null) return null;
            var path = Path.Combine(_libraryDirectory, name.Name + ".dll");
            if (!File.Exists(path)) return null;
            if (_frameworkVersions.TryGetValue(name.Name, out var frameworkVersion) &&
                (name.Version == null || frameworkVersion >= name.Version))
            {
                return null;
            }

            return LoadFromAssemblyPath(path);
        }

        private static Dictionary<string, Version> ReadFrameworkVersions()
        {
            var versions = new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase);
            if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is not string list) return versions;
            foreach (var path in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                try
                {
                    var assemblyName = AssemblyName.GetAssemblyName(path);
                    if (assemblyName.Name != null && assemblyName.Version != null) versions[assemblyName.Name] = assemblyName.Version;
                }
                catch (BadImageFormatException)
                {
                    // Native images in the list carry no assembly name.
                }
            }

            return versions;
        }
    }
}
