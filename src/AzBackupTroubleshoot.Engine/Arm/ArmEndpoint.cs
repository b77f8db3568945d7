using System;

namespace AzBackupTroubleshoot.Arm
{
    /// <summary>
    /// The Resource Manager of a cloud: its URL and token audience, taken from the Az context's
    /// environment (public, sovereign clouds, Azure Stack) rather than hard-coded.
    /// </summary>
    public sealed class ArmEndpoint
    {
        public ArmEndpoint(Uri resourceManagerUrl, string? audience = null)
        {
            if (resourceManagerUrl == null) throw new ArgumentNullException(nameof(resourceManagerUrl));
            if (!resourceManagerUrl.IsAbsoluteUri) throw new ArgumentException("The Resource Manager URL must be absolute.", nameof(resourceManagerUrl));
            ResourceManagerUrl = new Uri(resourceManagerUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
            Audience = string.IsNullOrWhiteSpace(audience) ? ResourceManagerUrl.GetLeftPart(UriPartial.Authority) + "/" : audience!;
        }

        public static ArmEndpoint AzureCloud { get; } = new ArmEndpoint(new Uri("https://management.azure.com/"), "https://management.core.windows.net/");

        public Uri ResourceManagerUrl { get; }
        public string Audience { get; }

        /// <summary>The scope a token is requested for: the audience plus "/.default".</summary>
        public string Scope => Audience.TrimEnd('/') + "/.default";
    }
}
