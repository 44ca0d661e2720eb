using System.Net;
using System.Text;
using Laurel.Features.Presentations;
using Laurel.Infrastructure.Web;

namespace Laurel.Tests.Presentations.Exchanges;

/// <summary>Laurel with a small verification budget (the exchange's POSTs count against <c>Laurel:RateLimits:Verify</c>).</summary>
public sealed class VerifyRateLimitedHost : SqliteHost
{
    public const int Limit = 3;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings[$"{RateLimits.Section}:{RateLimits.Verify}:PermitLimit"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings[$"{RateLimits.Section}:{RateLimits.Verify}:Window"] = "00:10:00";
    }
}

public sealed class VcApiPresentationRateLimitTests(VerifyRateLimitedHost host) : IClassFixture<VerifyRateLimitedHost>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Exchange_posts_beyond_the_limit_get_429_and_start_no_session()
    {
        using var client = host.CreateClient();
        var unknown = PresentationRoutes.VcApiExchange(Guid.NewGuid());
        for (var i = 0; i < VerifyRateLimitedHost.Limit; i++)
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync(unknown, new StringContent("{}", Encoding.UTF8, "application/json"), Ct)).StatusCode);

        var start = await client.PostAsync(unknown, new StringContent("{}", Encoding.UTF8, "application/json"), Ct);
        var step = await client.PostAsync(PresentationRoutes.VcApiExchangeStep(Guid.NewGuid(), Guid.NewGuid()),
            new StringContent("{}", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, start.StatusCode);
        Assert.True(start.Headers.RetryAfter is not null);
        Assert.Equal(HttpStatusCode.TooManyRequests, step.StatusCode);
        Assert.Equal(0, await host.DbAsync(db => System.Threading.Tasks.Task.FromResult(db.Set<PresentationSession>().Count())));
    }
}
