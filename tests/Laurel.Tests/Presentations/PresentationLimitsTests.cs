using System.Net;
using System.Text;
using Laurel.Features.Presentations;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Presentations;

/// <summary>Laurel with a small budget for the presentation pages' POSTs (default 30 a minute per person).</summary>
public sealed class PresentationLimitHost() : LaurelHost(new TestHostOptions(Db.Sqlite).WithSetting("Laurel:RateLimits:Presentations:PermitLimit", "2"));

/// <summary>Hostile use of the presentation pages: an oversized form is refused before it is read, and POSTs are rate-limited.</summary>
public sealed class PresentationLimitsTests(PresentationLimitHost host) : IClassFixture<PresentationLimitHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_oversized_form_is_refused_fast_and_stores_nothing()
    {
        using var employer = await host.SignInAsDemoAsync("employer");
        var page = await employer.GetStringAsync(PresentationRoutes.New, Ct);
        var body = "__RequestVerificationToken=" + Uri.EscapeDataString(LaurelHost.AntiforgeryToken(page)) + "&Title=x&AchievementIds=" + new string('a', 2_000_000);
        var started = DateTime.UtcNow;
        var response = await employer.PostAsync(PresentationRoutes.New, new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded"), Ct);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"got {(int)response.StatusCode}");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
        Assert.False(await host.DbAsync(db => db.Set<PresentationRequest>().AnyAsync()));
    }

    [Fact]
    public async Task Posts_over_the_budget_get_429_with_retry_after()
    {
        using var employer = await host.SignInAsDemoAsync("employer");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            var response = await employer.PostFormAsync(PresentationRoutes.New, new Dictionary<string, string> { ["Title"] = "" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) Assert.NotNull(response.Headers.RetryAfter);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        // Reading the pages is not limited.
        Assert.Equal(HttpStatusCode.OK, (await employer.GetAsync(PresentationRoutes.New, Ct)).StatusCode);
    }
}
