using System.Net;
using System.Text.Json.Nodes;
using Laurel.Features.Awards;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Completions;

/// <summary>The results API never awards a completion twice: by Idempotency-Key, by natural key, under concurrent retries, in batches.</summary>
public abstract class IdempotencyTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<int> AwardCountAsync(Guid achievementId) => host.DbAsync(db => db.Awards.CountAsync(a => a.AchievementId == achievementId, Ct));

    [Fact]
    public async Task Keys_are_forgotten_after_the_retention_period_and_a_late_repeat_still_gets_the_same_award()
    {
        var achievementId = await host.NewAchievementAsync();
        var learner = await host.NewLearnerAsync();
        using var api = await host.ApiClientAsync();
        var key = Guid.NewGuid().ToString();
        var first = await api.PostCompletionAsync(ResultsTestKit.Completion(achievementId, learner.Email), key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = await host.DbAsync(db => db.IdempotencyRecords.Where(r => r.Key == key).Select(r => r.CreatedAt).SingleAsync(Ct));

        await Laurel.Tests.Claims.ClaimsTestKit.RunJobAsync(host, created.AddDays(29)); // within retention: kept
        Assert.Equal(1, await host.DbAsync(db => db.IdempotencyRecords.CountAsync(r => r.Key == key, Ct)));
        await Laurel.Tests.Claims.ClaimsTestKit.RunJobAsync(host, created.AddDays(31));
        Assert.Equal(0, await host.DbAsync(db => db.IdempotencyRecords.CountAsync(r => r.Key == key, Ct)));

        var late = await api.PostCompletionAsync(ResultsTestKit.Completion(achievementId, learner.Email), key);
        Assert.Equal(first.Headers.Location, late.Headers.Location); // the natural key still finds the award
        Assert.Equal(1, await AwardCountAsync(achievementId));
    }

    [Fact]
    public async Task The_same_key_and_body_replay_the_answer_and_another_body_is_refused()
    {
        var achievementId = await host.NewAchievementAsync();
        var learner = await host.NewLearnerAsync();
        using var api = await host.ApiClientAsync();
        var key = Guid.NewGuid().ToString();
        var first = await api.PostCompletionAsync(ResultsTestKit.Completion(achievementId, learner.Email), key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var firstBody = await first.Content.ReadAsStringAsync(Ct);

        var replay = await api.PostCompletionAsync(ResultsTestKit.Completion(achievementId, learner.Email), key);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(firstBody, await replay.Content.ReadAsStringAsync(Ct));

        var conflicting = await api.PostCompletionAsync(ResultsTestKit.Completion(achievementId, learner.Email, grade: "9"), key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, conflicting.StatusCode);
        Assert.Contains("Idempotency-Key", await conflicting.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1, await AwardCountAsync(achievementId));
        Assert.Equal("8", (await host.DbAsync(db => db.Awards.SingleAsync(a => a.AchievementId == achievementId, Ct))).Grade);
    }

    [Fact]
    public async Task The_same_completion_again_answers_200_with_the_existing_award_even_after_revocation()
    {
        var achievementId = await host.NewAchievementAsync();
        var learner = await host.NewLearnerAsync();
        using var api = await host.ApiClientAsync();
        var first = await (await api.PostCompletionAsync(ResultsTestKit.Completion(achievementId, learner.Email))).JsonAsync();
        var again = await api.PostCompletionAsync(ResultsTestKit.Completion(achievementId, learner.Email));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var body = await again.JsonAsync();
        Assert.Equal((string?)first["awardId"], (string?)body["awardId"]);
        Assert.True((bool)body["existing"]!);

        // Another completion date of an award the learner holds is a duplicate the policy refuses.
        var other = await api.PostCompletionAsync(ResultsTestKit.Completion(achievementId, learner.Email, completedOn: "2025-06-21"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.True((await other.JsonAsync())["errors"]!.AsObject().ContainsKey("learner.id"));

        var awardId = Guid.Parse((string)first["awardId"]!);
        await host.DbAsync(db => db.Awards.Where(a => a.Id == awardId).ExecuteUpdateAsync(s => s.SetProperty(a => a.State, AwardState.Revoked), Ct));
        var afterRevoke = await api.PostCompletionAsync(ResultsTestKit.Completion(achievementId, learner.Email));
        Assert.Equal(HttpStatusCode.OK, afterRevoke.StatusCode);
        Assert.Equal("revoked", (string?)(await afterRevoke.JsonAsync())["state"]);
        Assert.Equal(1, await AwardCountAsync(achievementId));
    }

    [Fact]
    public async Task A_completion_already_awarded_by_staff_for_that_date_is_the_answer()
    {
        var achievementId = await host.NewAchievementAsync();
        var learner = await host.NewLearnerAsync();
        using var awarder = await host.SignInAsDemoAsync("awarder");
        var staffAward = await awarder.AwardThroughPageAsync(achievementId, learner.Email, grade: "8");
        using var api = await host.ApiClientAsync();
        var response = await api.PostCompletionAsync(ResultsTestKit.Completion(achievementId, learner.Email));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(staffAward.ToString(), (string?)(await response.JsonAsync())["awardId"]);
    }

    [Fact]
    public async Task Twenty_concurrent_identical_posts_give_exactly_one_award()
    {
        var achievementId = await host.NewAchievementAsync();
        var learner = await host.NewLearnerAsync();
        using var api = await host.ApiClientAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => api.PostCompletionAsync(ResultsTestKit.Completion(achievementId, learner.Email))));
        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(19, statuses.Count(s => s == HttpStatusCode.OK));
        var ids = await Task.WhenAll(responses.Select(async r => (string?)(await r.JsonAsync())["awardId"]));
        Assert.Single(ids.Distinct());
        Assert.Equal(1, await AwardCountAsync(achievementId));
    }

    [Fact]
    public async Task Twenty_concurrent_retries_with_one_key_give_one_award_and_the_same_answer()
    {
        var achievementId = await host.NewAchievementAsync();
        var learner = await host.NewLearnerAsync();
        using var api = await host.ApiClientAsync();
        var key = "retry-" + Guid.NewGuid();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => api.PostCompletionAsync(ResultsTestKit.Completion(achievementId, learner.Email), key)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync(Ct)));
        Assert.Single(bodies.Distinct());
        Assert.Equal(19, responses.Count(r => r.Headers.Contains("Idempotent-Replayed")));
        Assert.Equal(1, await AwardCountAsync(achievementId));
    }

    [Fact]
    public async Task A_batch_gives_every_item_its_own_outcome()
    {
        var achievementId = await host.NewAchievementAsync(gradeRequired: true);
        var delft = await host.NewAchievementAsync(issuerNameEn: "TU Delft Extension School");
        var (a, b) = (await host.NewLearnerAsync(), await host.NewLearnerAsync());
        var noGrade = ResultsTestKit.Completion(achievementId, b.Email);
        noGrade.Remove("grade");
        var batch = new JsonObject
        {
            ["items"] = new JsonArray(
                ResultsTestKit.Completion(achievementId, a.Email),
                ResultsTestKit.Completion(achievementId, a.Email),
                noGrade,
                ResultsTestKit.Completion(Guid.NewGuid(), b.Email),
                ResultsTestKit.Completion(delft, b.Email),
                new JsonObject { ["learner"] = "nobody" }),
        };
        using var api = await host.ApiClientAsync();
        var response = await api.PostCompletionAsync(batch, "batch-" + Guid.NewGuid(), "/api/v1/completions/batch");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        var statuses = body["items"]!.AsArray().Select(i => (int)i!["status"]!).ToList();
        Assert.Equal([201, 200, 422, 404, 403, 400], statuses);
        Assert.Equal(1, (int)body["summary"]!["awarded"]!);
        Assert.Equal(1, (int)body["summary"]!["existing"]!);
        Assert.Equal(4, (int)body["summary"]!["failed"]!);
        Assert.True(body["items"]![2]!["problem"]!["errors"]!.AsObject().ContainsKey("grade"));
        Assert.Equal((string?)body["items"]![0]!["award"]!["awardId"], (string?)body["items"]![1]!["award"]!["awardId"]);
        Assert.Equal(1, await AwardCountAsync(achievementId));

        var tooMany = new JsonObject { ["items"] = new JsonArray([.. Enumerable.Range(0, 501).Select(_ => (JsonNode)new JsonObject())]) };
        var refused = await api.PostCompletionAsync(tooMany, path: "/api/v1/completions/batch");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.JsonAsync())["errors"]!.AsObject().ContainsKey("items"));
    }
}

public sealed class IdempotencyTestsOnSqlite(SqliteHost host) : IdempotencyTests(host), IClassFixture<SqliteHost>;

public sealed class IdempotencyTestsOnPostgres(PostgresHost host) : IdempotencyTests(host), IClassFixture<PostgresHost>;
