using System.Net;
using Laurel.Features.Wallets;
using Laurel.Infrastructure.Web;

namespace Laurel.Tests.Wallets;

/// <summary>Laurel with a small wallet authorization budget.</summary>
public sealed class WalletRateLimitedHost : SqliteHost
{
    public const int Limit = 3;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings[$"{RateLimits.Section}:{RateLimits.WalletAuthorization}:PermitLimit"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings[$"{RateLimits.Section}:{RateLimits.WalletAuthorization}:Window"] = "00:10:00";
    }
}

public sealed class WalletRateLimitTests(WalletRateLimitedHost host) : IClassFixture<WalletRateLimitedHost>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Token_and_PAR_requests_beyond_the_limit_get_429_with_Retry_After()
    {
        using var client = host.CreateClient();
        for (var i = 0; i < WalletRateLimitedHost.Limit; i++)
        {
            var answered = await client.PostAsync(WalletRoutes.TokenPath, WalletAuthKit.PreAuthorizedForm(WalletSecrets.NewSecret(), "123456"), Ct);
            Assert.Equal(HttpStatusCode.BadRequest, answered.StatusCode);
        }

        var token = await client.PostAsync(WalletRoutes.TokenPath, WalletAuthKit.PreAuthorizedForm(WalletSecrets.NewSecret(), "123456"), Ct);
        var par = await client.PostAsync(WalletRoutes.ParPath, new FormUrlEncodedContent(new Dictionary<string, string> { ["response_type"] = "code" }), Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, token.StatusCode);
        Assert.True(token.Headers.RetryAfter is not null);
        Assert.Equal(HttpStatusCode.TooManyRequests, par.StatusCode);
    }
}
