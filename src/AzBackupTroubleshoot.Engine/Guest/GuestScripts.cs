using System;
using System.IO;
using System.Reflection;

namespace AzBackupTroubleshoot.Guest
{
    /// <summary>The read-only check scripts the engine sends into guests, embedded in this assembly.</summary>
    public static class GuestScripts
    {
        /// <summary>The output format the scripts print and <see cref="GuestOutputParser"/> reads.</summary>
        public const int FormatVersion = 1;

        /// <summary>Run Command returns only this many bytes from the end of standard output.</summary>
        public const int RunCommandOutputLimit = 4096;

        private static readonly Lazy<string> WindowsScript = new Lazy<string>(() => Load("guest-windows.ps1"));
        private static readonly Lazy<string> LinuxScript = new Lazy<string>(() => Load("guest-linux.sh"));

        /// <summary>Windows PowerShell 5.1 script for RunPowerShellScript.</summary>
        public static string Windows => WindowsScript.Value;

        /// <summary>POSIX sh script for RunShellScript; file paths are rooted at $AZBT_GUEST_ROOT (default /).</summary>
        public static string Linux => LinuxScript.Value;

        public static string For(GuestOs os) => os == GuestOs.Linux ? Linux : Windows;

        private static string Load(string name)
        {
            var resource = "AzBackupTroubleshoot.Guest." + name;
            using var stream = typeof(GuestScripts).GetTypeInfo().Assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"The guest script resource '{resource}' is missing from the engine assembly.");
            using var reader = new StreamReader(stream);
            // A checkout with CRLF line ends must not reach sh as CRLF.
            return reader.ReadToEnd().Replace("\r\n", "\n");
        }
    }
}
