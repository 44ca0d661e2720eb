using System.Net;
using Laurel.Features.Wallets;

namespace Laurel.Tests.Wallets.Issuance;

/// <summary>The nonce, credential and notification endpoints share one budget per client address (Laurel:RateLimits:WalletIssuance).</summary>
public sealed class WalletIssuerRateLimitTests(WalletIssuerLimitedHost host) : IClassFixture<WalletIssuerLimitedHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_client_over_its_budget_gets_429_with_Retry_After()
    {
        using var client = host.Client();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(WalletRoutes.NoncePath("uu"), null, Ct)).StatusCode);
        using var refused = await client.PostAsync(WalletRoutes.CredentialPath("uu"), null, Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        // Reading the metadata is not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/.well-known/openid-credential-issuer/oid4vci/uu", Ct)).StatusCode);
    }
}
