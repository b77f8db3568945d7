using System;
using System.IO;

namespace AzBackupTroubleshoot.Engine.Tests.Support
{
    /// <summary>
    /// The project's reference material (seed articles, facts file) lives in shared/ beside the
    /// repository. Tests read it from there so that they check the product against the sources
    /// themselves, not against a copy that could drift.
    /// </summary>
    internal static class SharedMaterial
    {
        public static string Root { get; } = Locate();

        public static string Path(params string[] parts) => System.IO.Path.Combine(Root, System.IO.Path.Combine(parts));

        private static string Locate()
        {
            var fromEnv = Environment.GetEnvironmentVariable("AZBT_SHARED_DIR");
            if (!string.IsNullOrEmpty(fromEnv)) return fromEnv;
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "shared", "reference", "backup-error-facts.json");
                if (File.Exists(candidate)) return System.IO.Path.Combine(dir.FullName, "shared");
                var sibling = System.IO.Path.Combine(dir.FullName, "..", "shared", "reference", "backup-error-facts.json");
                if (File.Exists(sibling)) return System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared"));
                dir = dir.Parent;
            }

            throw new InvalidOperationException(
                "The shared reference material (shared/reference/backup-error-facts.json) was not found beside the repository. " +
                "Set AZBT_SHARED_DIR to its folder.");
        }
    }
}
