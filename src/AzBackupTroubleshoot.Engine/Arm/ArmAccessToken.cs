using System;
using System.Threading;
using System.Threading.Tasks;

namespace AzBackupTroubleshoot.Arm
{
    /// <summary>A bearer token for Azure Resource Manager and when it expires.</summary>
    public readonly struct ArmAccessToken
    {
        public ArmAccessToken(string token, DateTimeOffset expiresOn)
        {
            Token = token ?? throw new ArgumentNullException(nameof(token));
            ExpiresOn = expiresOn;
        }

        public string Token { get; }
        public DateTimeOffset ExpiresOn { get; }

        public override string ToString() => $"ArmAccessToken(expires {ExpiresOn:o})";
    }

    /// <summary>
    /// Where tokens come from: the PowerShell host's Az login, a test's emulator, another host's
    /// credential. The engine never stores or writes a token; it asks again before one expires.
    /// </summary>
    public interface IAccessTokenSource
    {
        ValueTask<ArmAccessToken> GetTokenAsync(CancellationToken cancellationToken);
    }
}
