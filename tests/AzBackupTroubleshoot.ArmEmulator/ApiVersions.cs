using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace AzBackupTroubleshoot.ArmEmulator
{
    /// <summary>
    /// The api-versions each provider answers. ARM refuses any other with 400: a malformed one with
    /// InvalidApiVersionParameter, an unknown date with NoRegisteredProviderFound (envelope per ERRORS.md).
    /// The versions are those of the published examples (shared/reference/arm-examples/INDEX.md) plus the
    /// ones the Azure SDK for .NET in use sends (Azure.ResourceManager.Compute 1.2.0: 2021-07-01 .. 2023-07-01).
    /// </summary>
    internal static class ApiVersions
    {
        private static readonly Regex Shape = new Regex(@"^\d{4}-\d{2}-\d{2}(-preview)?$", RegexOptions.CultureInvariant);

        private static readonly Dictionary<string, string[]> ByNamespace = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["Microsoft.Compute"] = new[] { "2021-07-01", "2022-03-01", "2022-03-03", "2022-08-01", "2022-09-04", "2022-11-01", "2023-03-01", "2023-04-02", "2023-07-01", "2023-09-01",
                "2024-03-01", "2024-07-01", "2024-11-01", "2025-04-01", "2026-03-01", "2026-03-02", "2026-04-01" },
            ["Microsoft.Network"] = new[] { "2023-09-01", "2024-05-01", "2025-07-01" },
            ["Microsoft.RecoveryServices"] = new[] { "2016-12-01", "2025-08-01", "2026-02-01", "2026-07-01", "2026-08-01" },
            ["Microsoft.Authorization"] = new[] { "2016-09-01", "2020-05-01" },
            ["Microsoft.ResourceGraph"] = new[] { "2021-03-01", "2022-10-01", "2024-04-01" },
        };

        /// <summary>The error code and message to refuse this request with, or null when the version is served.</summary>
        public static (string Code, string Message)? Refuse(string path, string apiVersion)
        {
            var segments = path.Trim('/').Split('/');
            var providers = Array.FindLastIndex(segments, s => s.Equals("providers", StringComparison.OrdinalIgnoreCase));
            if (providers < 0 || providers + 1 >= segments.Length || !ByNamespace.TryGetValue(segments[providers + 1], out var known)) return null;
            if (known.Contains(apiVersion, StringComparer.OrdinalIgnoreCase)) return null;
            var type = providers + 2 < segments.Length ? segments[providers + 2] : segments[providers + 1];
            var supported = string.Join(", ", known.Reverse());
            return Shape.IsMatch(apiVersion)
                ? ("NoRegisteredProviderFound", $"No registered resource provider found for location 'japaneast' and API version '{apiVersion}' for type '{type}'. The supported api-versions are '{supported}'.")
                : ("InvalidApiVersionParameter", $"The api-version '{apiVersion}' is invalid. The supported versions are '{supported}'.");
        }
    }
}
