using System;
using System.Threading;
using System.Threading.Tasks;
using AzBackupTroubleshoot.Arm;
using AzBackupTroubleshoot.ArmEmulator;

namespace AzBackupTroubleshoot.Engine.Tests.Support
{
    /// <summary>Tokens as a host would hand them out; counts how often it was asked.</summary>
    internal sealed class TestTokenSource : IAccessTokenSource
    {
        private int _calls;

        public Func<DateTimeOffset> Expiry { get; set; } = () => DateTimeOffset.UtcNow.AddHours(1);
        /// <summary>
        /// When set, the expiry the emulator reads from the token, given the call's number (1-based), while the client is
        /// told <see cref="Expiry"/>: a token revoked early, or a server clock ahead of the client's.
        /// </summary>
        public Func<int, DateTimeOffset>? ServerExpiry { get; set; }
        public int Calls => Volatile.Read(ref _calls);

        public ValueTask<ArmAccessToken> GetTokenAsync(CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            var expiry = Expiry();
            var token = EmulatorTokens.Issue(ServerExpiry?.Invoke(call) ?? expiry, "tester" + call.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return new ValueTask<ArmAccessToken>(new ArmAccessToken(token, expiry));
        }
    }

    /// <summary>An emulator with a world, and an ArmConnection to it made the way the module makes one.</summary>
    internal sealed class EmulatorHarness : IAsyncDisposable
    {
        private EmulatorHarness(ArmEmulatorServer server, ArmConnection connection, TestTokenSource tokens)
        {
            Server = server;
            Connection = connection;
            Tokens = tokens;
        }

        public ArmEmulatorServer Server { get; }
        public ArmConnection Connection { get; }
        public TestTokenSource Tokens { get; }
        public RequestLog Requests => Server.Requests;

        public static async Task<EmulatorHarness> StartAsync(World world, EmulatorOptions? options = null, Action<ArmConnectionOptions>? configure = null)
        {
            var server = await ArmEmulatorServer.StartAsync(world, options);
            var tokens = new TestTokenSource();
            var connectionOptions = new ArmConnectionOptions
            {
                TrustedServerCertificateThumbprint = server.CertificateThumbprint,
                RetryDelay = TimeSpan.FromMilliseconds(50),
            };
            configure?.Invoke(connectionOptions);
            var connection = new ArmConnection(new ArmEndpoint(server.BaseUri), tokens, connectionOptions);
            return new EmulatorHarness(server, connection, tokens);
        }

        public async ValueTask DisposeAsync()
        {
            Connection.Dispose();
            await Server.DisposeAsync();
        }
    }
}
