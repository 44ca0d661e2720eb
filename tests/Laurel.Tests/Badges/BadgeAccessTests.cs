using System.Net;
using static Laurel.Testing.Data.AwardKit;

namespace Laurel.Tests.Badges;

/// <summary>The one access rule: private awards exist only for their owner and staff; everyone else gets 404, never 403.</summary>
public abstract class BadgeAccessTests(LaurelHost host)
{
    private static readonly string[] Addresses =
    [
        "/badges/{0}", "/badges/{0}/credential.json", "/badges/{0}/badge.png", "/badges/{0}/badge.svg",
        "/badges/{0}/badge-ob2.png", "/badges/{0}/certificate.pdf", "/badges/{0}/share.png", "/ob2/assertions/{0}",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task AssertStatusAsync(HttpClient client, Guid awardId, HttpStatusCode expected)
    {
        foreach (var address in Addresses)
        {
            var response = await client.GetAsync(string.Format(address, awardId), Ct);
            Assert.True(expected == response.StatusCode, $"{address}: expected {expected}, got {response.StatusCode}");
        }
    }

    [Fact]
    public async Task Private_award_is_not_found_for_anonymous_visitors_and_other_learners()
    {
        var owner = await host.OtherLearnerIdAsync();
        var awardId = await host.CreateAwardAsync(new AwardSpec { RecipientPersonId = owner });
        using var anonymous = host.CreateClient();
        await AssertStatusAsync(anonymous, awardId, HttpStatusCode.NotFound);
        using var otherLearner = await host.SignInAsDemoAsync("learner");
        await AssertStatusAsync(otherLearner, awardId, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unknown_award_is_not_found_like_a_private_one()
    {
        using var anonymous = host.CreateClient();
        await AssertStatusAsync(anonymous, Guid.NewGuid(), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Private_award_is_visible_to_its_owner()
    {
        var awardId = await host.CreateAwardAsync();
        using var owner = await host.SignInAsDemoAsync("learner");
        await AssertStatusAsync(owner, awardId, HttpStatusCode.OK);
        var page = await owner.GetStringAsync($"/badges/{awardId}?culture=en", Ct);
        Assert.Contains("Only you and staff of the issuer can see this page", page);
        Assert.Contains("<meta name=\"robots\" content=\"noindex\" />", page);
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("awarder")]
    [InlineData("institution-admin")]
    public async Task Private_award_is_visible_to_staff_with_view_right_on_its_achievement(string persona)
    {
        var awardId = await host.CreateAwardAsync();
        using var staff = await host.SignInAsDemoAsync(persona);
        await AssertStatusAsync(staff, awardId, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Staff_of_another_institution_cannot_see_a_private_award()
    {
        // The demo staff all work at Utrecht; this award is from Delft.
        var awardId = await host.CreateAwardAsync(new AwardSpec { Achievement = "Solar Energy Systems" });
        using var utrechtAdmin = await host.SignInAsDemoAsync("institution-admin");
        await AssertStatusAsync(utrechtAdmin, awardId, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Public_award_is_visible_to_anyone()
    {
        var awardId = await host.CreateAwardAsync(new AwardSpec { IsPublic = true, ShowGrade = true });
        using var anonymous = host.CreateClient();
        await AssertStatusAsync(anonymous, awardId, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Private_downloads_are_never_stored_by_shared_caches()
    {
        var awardId = await host.CreateAwardAsync();
        using var owner = await host.SignInAsDemoAsync("learner");
        var response = await owner.GetAsync($"/badges/{awardId}/credential.json", Ct);
        Assert.Contains("private", response.Headers.CacheControl!.ToString());
        var page = await owner.GetAsync($"/badges/{awardId}", Ct);
        Assert.Contains("no-store", page.Headers.CacheControl!.ToString());
    }
}

public sealed class BadgeAccessTestsOnSqlite(SqliteHost host) : BadgeAccessTests(host), IClassFixture<SqliteHost>;

public sealed class BadgeAccessTestsOnPostgres(PostgresHost host) : BadgeAccessTests(host), IClassFixture<PostgresHost>;
