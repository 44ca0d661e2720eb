using System.Net;
using Laurel.Features.Awards;

namespace Laurel.Tests.Awards;

/// <summary>Who may open each award page and change an award: decided on the server, per role.</summary>
public abstract class AwardAccessTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The demo roles sit on the UU issuer "Computing Science"; tud-admin administers another institution.
    public static TheoryData<string, bool, bool> Roles() => new()
    {
        // persona, may view awards, may award / change awards
        { "institution-admin", true, true },
        { "faculty-admin", true, true },
        { "issuer-admin", true, true },
        { "awarder", true, true },
        { "viewer", true, false },
        { "learner", false, false },
        { "tud-admin", false, false },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Award_pages_and_actions_follow_the_role(string persona, bool mayView, bool mayAward)
    {
        await host.EnsureOtherInstitutionAdminAsync();
        var achievementId = await host.NewAchievementAsync();
        using var owner = await host.SignInAsDemoAsync("issuer-admin");
        var awardId = await owner.AwardThroughPageAsync(achievementId, (await host.NewLearnerAsync()).Email);
        using var client = await host.SignInAsDemoAsync(persona);

        var refused = HttpStatusCode.Forbidden;
        Assert.Equal(mayView ? HttpStatusCode.OK : refused, (await client.GetAsync($"/manage/achievements/{achievementId}/awards", Ct)).StatusCode);
        Assert.Equal(mayView ? HttpStatusCode.OK : refused, (await client.GetAsync($"/manage/awards/{awardId}", Ct)).StatusCode);
        Assert.Equal(mayView ? HttpStatusCode.OK : refused, (await client.GetAsync($"/manage/awards/{awardId}/credential.json", Ct)).StatusCode);
        Assert.Equal(mayAward ? HttpStatusCode.OK : refused, (await client.GetAsync($"/manage/achievements/{achievementId}/award", Ct)).StatusCode);

        // Posting needs an anti-forgery token of the session; take it from a page this persona may open.
        var tokenPage = await client.GetStringAsync("/account", Ct);
        var token = LaurelHost.AntiforgeryToken(tokenPage);
        var award = await client.PostAsync($"/manage/achievements/{achievementId}/award", new FormUrlEncodedContent(
            [.. AwardKit.AwardForm((await host.NewLearnerAsync()).Email), new("__RequestVerificationToken", token)]), Ct);
        Assert.Equal(mayAward ? HttpStatusCode.Redirect : refused, award.StatusCode);
        var suspend = await client.PostAsync($"/manage/awards/{awardId}?handler=Suspend", new FormUrlEncodedContent(
            [new("reason", "Check"), new("__RequestVerificationToken", token)]), Ct);
        Assert.Equal(mayAward ? HttpStatusCode.Redirect : refused, suspend.StatusCode);
        Assert.Equal(mayAward ? AwardState.Suspended : AwardState.Issued, (await host.AwardAsync(awardId)).State);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_and_unknown_ids_are_not_found()
    {
        var achievementId = await host.NewAchievementAsync();
        using var anonymous = host.CreateClient();
        foreach (var url in new[] { $"/manage/achievements/{achievementId}/award", $"/manage/achievements/{achievementId}/awards", $"/manage/awards/{Guid.NewGuid()}" })
        {
            var response = await anonymous.GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/account/sign-in", response.Headers.Location!.ToString());
        }
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/manage/awards/{Guid.NewGuid()}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/manage/achievements/{Guid.NewGuid()}/award", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/manage/awards/{Guid.NewGuid()}/credential.json", Ct)).StatusCode);
    }

    [Fact]
    public async Task Award_pages_are_in_Dutch_and_English_and_link_the_fields()
    {
        var achievementId = await host.NewAchievementAsync();
        using var awarder = await host.SignInAsDemoAsync("awarder");
        var nl = await awarder.GetStringAsync($"/manage/achievements/{achievementId}/award", Ct);
        Assert.Contains("Toekennen en ondertekenen", nl);
        Assert.Contains("<label for=\"Learner\">", nl);
        var en = await awarder.GetStringAsync($"/manage/achievements/{achievementId}/award?culture=en", Ct);
        Assert.Contains("Award and sign", en);
        Assert.DoesNotContain("style=", en);
        var details = await awarder.GetStringAsync($"/manage/achievements/{achievementId}?culture=en", Ct);
        Assert.Contains($"href=\"/manage/achievements/{achievementId}/award\"", details);
        Assert.Contains($"href=\"/manage/achievements/{achievementId}/awards\"", details);
    }
}

public sealed class AwardAccessTestsOnSqlite(SqliteHost host) : AwardAccessTests(host), IClassFixture<SqliteHost>;

public sealed class AwardAccessTestsOnPostgres(PostgresHost host) : AwardAccessTests(host), IClassFixture<PostgresHost>;
