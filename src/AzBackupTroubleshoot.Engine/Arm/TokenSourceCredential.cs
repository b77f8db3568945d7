using System;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;

namespace AzBackupTroubleshoot.Arm
{
    /// <summary>Presents an <see cref="IAccessTokenSource"/> to the Azure SDK as a TokenCredential.</summary>
    internal sealed class TokenSourceCredential : TokenCredential
    {
        private readonly IAccessTokenSource _source;

        public TokenSourceCredential(IAccessTokenSource source) => _source = source;

        public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            var token = await _source.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            return new AccessToken(token.Token, token.ExpiresOn);
        }

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();
    }
}
