using System.Net;
using Laurel.Features.Awards.Requests;

namespace Laurel.Tests.Requests;

/// <summary>Who may see and decide requests: staff with the Award right on the definition, and each learner only their own.</summary>
public abstract class RequestAccessTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(Guid AchievementId, Guid RequestId, string LearnerName)> OpenRequestAsync()
    {
        var achievementId = await host.NewAchievementAsync(gradeRequired: false);
        var learner = await host.NewLearnerAsync();
        var requestId = await host.StoredRequestAsync(achievementId, learner.Id);
        return (achievementId, requestId, "Learner " + learner.Email["learner-".Length..learner.Email.IndexOf('@')]);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        var (_, requestId, _) = await OpenRequestAsync();
        using var anonymous = host.CreateClient();
        foreach (var url in new[] { "/manage/requests", $"/manage/requests/{requestId}", "/backpack/requests" })
        {
            var response = await anonymous.GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("sign-in", response.Headers.Location!.ToString());
        }
    }

    [Theory]
    [InlineData("learner")]
    [InlineData("viewer")]
    public async Task Without_the_award_right_requests_are_refused_and_nothing_is_decided(string persona)
    {
        var (achievementId, requestId, _) = await OpenRequestAsync();
        using var user = await host.SignInAsDemoAsync(persona);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/manage/requests", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync($"/manage/requests/{requestId}", Ct)).StatusCode);

        // A valid anti-forgery token from a page the user may open, posted to the decisions.
        var token = LaurelHost.AntiforgeryToken(await user.GetStringAsync($"/catalog/{achievementId}/request", Ct));
        var approve = await user.PostAsync("/manage/requests?handler=Approve", new FormUrlEncodedContent(
            [new("ids", requestId.ToString()), new("completedOn", "2025-06-20"), new("__RequestVerificationToken", token)]), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
        var deny = await user.PostAsync($"/manage/requests/{requestId}?handler=Deny", new FormUrlEncodedContent(
            [new("reason", "no"), new("__RequestVerificationToken", token)]), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, deny.StatusCode);
        Assert.Equal(BadgeRequestState.Open, (await host.RequestAsync(requestId)).State);
    }

    [Fact]
    public async Task Staff_of_another_institution_neither_see_nor_decide_the_request()
    {
        var (_, requestId, learnerName) = await OpenRequestAsync();
        await host.EnsureOtherInstitutionAdminAsync();
        using var other = await host.SignInAsDemoAsync("tud-admin");
        var list = await other.GetStringAsync("/manage/requests", Ct);
        Assert.DoesNotContain(learnerName, list);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/manage/requests/{requestId}", Ct)).StatusCode);

        var approve = await other.ApproveAsync([requestId]);
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        Assert.Contains($"data-request=\"{requestId}\" data-outcome=\"refused\"", await approve.Content.ReadAsStringAsync(Ct));
        var request = await host.RequestAsync(requestId);
        Assert.Equal(BadgeRequestState.Open, request.State);
        Assert.Null(request.AwardId);

        // Staff of the institution do see it, also from the institution level.
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        Assert.Contains(learnerName, await admin.GetStringAsync("/manage/requests", Ct));
    }

    [Fact]
    public async Task A_learner_sees_only_their_own_requests_and_unknown_ids_are_404()
    {
        var (achievementId, _, _) = await OpenRequestAsync();
        var name = await host.DbAsync(db => Task.FromResult(db.Achievements.Single(a => a.Id == achievementId).Name));
        using var learner = await host.SignInAsDemoAsync("learner");
        Assert.DoesNotContain(name, await learner.GetStringAsync("/backpack/requests", Ct));

        using var awarder = await host.SignInAsDemoAsync("awarder");
        Assert.Equal(HttpStatusCode.NotFound, (await awarder.GetAsync($"/manage/requests/{Guid.NewGuid()}", Ct)).StatusCode);
    }
}

public sealed class RequestAccessTestsOnSqlite(SqliteHost host) : RequestAccessTests(host), IClassFixture<SqliteHost>;

public sealed class RequestAccessTestsOnPostgres(PostgresHost host) : RequestAccessTests(host), IClassFixture<PostgresHost>;
