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
        public int Calls => Volatile.Read(ref _calls);

        public ValueTask<ArmAccessToken> GetTokenAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            var expiry = Expiry();
            return new ValueTask<ArmAccessToken>(new ArmAccessToken(EmulatorTokens.Issue(expiry), expiry));
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
