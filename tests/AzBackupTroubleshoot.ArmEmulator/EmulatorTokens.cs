using System;
using System.Globalization;

namespace AzBackupTroubleshoot.ArmEmulator
{
    /// <summary>
    /// Bearer tokens the emulator accepts: "emu.{expiry unix seconds}.{anything}". Enough to test a
    /// missing token, an expired one and refresh; the emulator is not an identity provider.
    /// </summary>
    public static class EmulatorTokens
    {
        public static string Issue(DateTimeOffset expiresOn, string subject = "tester") =>
            string.Create(CultureInfo.InvariantCulture, $"emu.{expiresOn.ToUnixTimeSeconds()}.{subject}");

        public static bool TryValidate(string? token, DateTimeOffset now, out string error)
        {
            error = "";
            if (string.IsNullOrEmpty(token)) { error = "AuthenticationFailed"; return false; }
            var parts = token.Split('.', 3);
            if (parts.Length != 3 || parts[0] != "emu" || !long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var expiry))
            {
                error = "InvalidAuthenticationToken";
                return false;
            }

            if (DateTimeOffset.FromUnixTimeSeconds(expiry) <= now) { error = "ExpiredAuthenticationToken"; return false; }
            return true;
        }
    }
}
