using System;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Core.Pipeline;

namespace AzBackupTroubleshoot.Arm
{
    /// <summary>
    /// Puts the bearer token on each attempt, asks the token source again when the token is near its expiry, and,
    /// when ARM refuses the token (401 with error="invalid_token": ExpiredAuthenticationToken, InvalidAuthenticationToken;
    /// a token that expired in flight, or a clock that runs ahead of ours), drops it, asks for a new one and sends once
    /// more. A long scan outlives its first token without losing the requests that met the expiry.
    /// </summary>
    internal sealed class ArmTokenPolicy : HttpPipelinePolicy
    {
        /// <summary>A token closer than this to its expiry is renewed before it is used.</summary>
        internal static readonly TimeSpan RenewAhead = TimeSpan.FromMinutes(2);

        private readonly IAccessTokenSource _source;
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        private ArmAccessToken? _current;

        public ArmTokenPolicy(IAccessTokenSource source) => _source = source;

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var token = await TokenAsync(null, message.CancellationToken).ConfigureAwait(false);
            Authorize(message, token);
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            if (!Refused(message)) return;
            var fresh = await TokenAsync(token, message.CancellationToken).ConfigureAwait(false);
            if (fresh.Token == token.Token) return;
            Authorize(message, fresh);
            // The refusal is not read further (an unbuffered body would keep its connection).
            message.Response.ContentStream?.Dispose();
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var token = TokenAsync(null, message.CancellationToken).GetAwaiter().GetResult();
            Authorize(message, token);
            ProcessNext(message, pipeline);
            if (!Refused(message)) return;
            var fresh = TokenAsync(token, message.CancellationToken).GetAwaiter().GetResult();
            if (fresh.Token == token.Token) return;
            Authorize(message, fresh);
            message.Response.ContentStream?.Dispose();
            ProcessNext(message, pipeline);
        }

        /// <summary>The token to use: the one held while it has life left and is not <paramref name="refused"/>; otherwise a new one from the source.</summary>
        private async Task<ArmAccessToken> TokenAsync(ArmAccessToken? refused, CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_current is ArmAccessToken held && (refused == null || held.Token != refused.Value.Token) && held.ExpiresOn - DateTimeOffset.UtcNow > RenewAhead)
                {
                    return held;
                }

                var fresh = await _source.GetTokenAsync(cancellationToken).ConfigureAwait(false);
                _current = fresh;
                return fresh;
            }
            finally
            {
                _gate.Release();
            }
        }

        private static void Authorize(HttpMessage message, ArmAccessToken token) => message.Request.Headers.SetValue("Authorization", "Bearer " + token.Token);

        // ARM's 401 for a token it will not take: WWW-Authenticate: Bearer authorization_uri="...", error="invalid_token".
        private static bool Refused(HttpMessage message) =>
            message.HasResponse && message.Response.Status == 401 &&
            message.Response.Headers.TryGetValue("WWW-Authenticate", out var challenge) &&
            challenge.IndexOf("invalid_token", StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
