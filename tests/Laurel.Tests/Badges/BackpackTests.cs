using System.Net;
using Laurel.Features.Awards;
using static Laurel.Testing.Data.AwardKit;

namespace Laurel.Tests.Badges;

/// <summary>The minimal backpack: the learner's own awards and the make-public / show-grade choices, owner only.</summary>
public abstract class BackpackTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpResponseMessage> PostSharingAsync(HttpClient client, Guid awardId, bool isPublic, bool showGrade = false)
    {
        var page = await client.GetStringAsync("/backpack", Ct);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("awardId", awardId.ToString()), new("__RequestVerificationToken", LaurelHost.AntiforgeryToken(page)),
        };
        if (isPublic) fields.Add(new("isPublic", "true"));
        if (showGrade) fields.Add(new("showGrade", "true"));
        return await client.PostAsync("/backpack?handler=Sharing", new FormUrlEncodedContent(fields), Ct);
    }

    [Fact]
    public async Task Backpack_requires_sign_in()
    {
        using var anonymous = host.CreateClient();
        var response = await anonymous.GetAsync("/backpack", Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Learner_sees_own_awards_with_state_and_reason_but_not_others()
    {
        var own = await host.CreateAwardAsync();
        var revoked = await host.CreateAwardAsync(new AwardSpec { Achievement = "Responsible AI in Practice" });
        await host.SetAsync(revoked, a => { a.State = AwardState.Revoked; a.RevokedAt = DateTime.UtcNow; a.RevocationReason = "Entered for the wrong course"; });
        var someoneElses = await host.CreateAwardAsync(new AwardSpec { RecipientPersonId = await host.OtherLearnerIdAsync() });
        using var learner = await host.SignInAsDemoAsync("learner");
        var page = WebUtility.HtmlDecode(await learner.GetStringAsync("/backpack?culture=en", Ct));
        Assert.Contains($"href=\"/badges/{own}\"", page);
        Assert.Contains("Computing Science, Utrecht University", page);
        Assert.Contains("Revoked", page);
        Assert.Contains("Entered for the wrong course", page);
        Assert.DoesNotContain(someoneElses.ToString(), page);
        Assert.Contains("Rugzak", await learner.GetStringAsync("/backpack?culture=nl", Ct));
    }

    [Fact]
    public async Task Making_a_badge_public_opens_its_page_to_everyone_and_private_closes_it_again()
    {
        var awardId = await host.CreateAwardAsync();
        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/badges/{awardId}", Ct)).StatusCode);
        using var learner = await host.SignInAsDemoAsync("learner");

        var made = await PostSharingAsync(learner, awardId, isPublic: true, showGrade: true);
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/badges/{awardId}", Ct)).StatusCode);
        Assert.Contains("8.5", await anonymous.GetStringAsync($"/badges/{awardId}", Ct));

        await PostSharingAsync(learner, awardId, isPublic: false);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/badges/{awardId}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Nobody_but_the_owner_can_change_the_sharing_of_an_award()
    {
        var awardId = await host.CreateAwardAsync(new AwardSpec { RecipientPersonId = await host.OtherLearnerIdAsync() });
        using var learner = await host.SignInAsDemoAsync("learner");
        Assert.Equal(HttpStatusCode.NotFound, (await PostSharingAsync(learner, awardId, isPublic: true)).StatusCode);
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        Assert.Equal(HttpStatusCode.NotFound, (await PostSharingAsync(admin, awardId, isPublic: true)).StatusCode);
        Assert.False(await host.DbAsync(db => Task.FromResult(db.Awards.Single(a => a.Id == awardId).IsPublic)));
    }

    [Fact]
    public async Task Sharing_form_without_the_anti_forgery_token_is_refused()
    {
        var awardId = await host.CreateAwardAsync();
        using var learner = await host.SignInAsDemoAsync("learner");
        var response = await learner.PostAsync("/backpack?handler=Sharing",
            new FormUrlEncodedContent([new("awardId", awardId.ToString()), new("isPublic", "true")]), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(await host.DbAsync(db => Task.FromResult(db.Awards.Single(a => a.Id == awardId).IsPublic)));
    }
}

public sealed class BackpackTestsOnSqlite(SqliteHost host) : BackpackTests(host), IClassFixture<SqliteHost>;

public sealed class BackpackTestsOnPostgres(PostgresHost host) : BackpackTests(host), IClassFixture<PostgresHost>;
