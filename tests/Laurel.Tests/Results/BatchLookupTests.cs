using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Completions;

/// <summary>
/// The batch endpoint reads its items' definitions, earlier completions and learners once for the whole batch (not per item): each
/// item must still get what the single endpoint would answer — the known learner found by their verified address (whatever its case),
/// an unknown address waiting for a claim, a completion reported before answered with its award, an unknown definition 404.
/// </summary>
public abstract class BatchLookupTests(LaurelHost host)
{
    private readonly LaurelHost host = host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Batch_items_are_matched_and_answered_as_single_requests_would_be()
    {
        var achievementId = await host.NewAchievementAsync();
        var other = await host.NewAchievementAsync();
        using var api = await host.ApiClientAsync();
        var known = await host.NewLearnerAsync();
        var second = await host.NewLearnerAsync();
        var reported = await host.NewLearnerAsync();
        var before = await api.PostCompletionAsync(ResultsTestKit.Completion(achievementId, reported.Email));
        Assert.Equal(HttpStatusCode.Created, before.StatusCode);
        var beforeId = (string)(await before.JsonAsync())["awardId"]!;
        var stranger = $"batch-{Guid.NewGuid():N}@example.org";

        var items = new JsonArray(
            ResultsTestKit.Completion(achievementId, "  " + known.Email.ToUpperInvariant() + " "),
            ResultsTestKit.Completion(achievementId, stranger),
            ResultsTestKit.Completion(achievementId, reported.Email),
            ResultsTestKit.Completion(Guid.NewGuid(), second.Email),
            ResultsTestKit.Completion(other, second.Email),
            ResultsTestKit.Completion(other, known.Email));
        var answer = await (await api.PostCompletionAsync(new JsonObject { ["items"] = items }, path: "/api/v1/completions/batch")).JsonAsync();
        var results = answer["items"]!.AsArray();
        int Status(int i) => (int)results[i]!["status"]!;
        Guid AwardId(int i) => Guid.Parse((string)results[i]!["award"]!["awardId"]!);

        Assert.Equal([201, 201, 200, 404, 201, 201], Enumerable.Range(0, items.Count).Select(Status));
        Assert.Equal(beforeId, AwardId(2).ToString());
        Assert.True((bool)results[2]!["award"]!["existing"]!);
        Assert.Equal("issued", (string?)results[0]!["award"]!["state"]);
        Assert.Equal("awaitingClaim", (string?)results[1]!["award"]!["state"]);

        var awards = await host.DbAsync(db => db.Awards.AsNoTracking().Where(a => a.AchievementId == achievementId || a.AchievementId == other)
            .ToDictionaryAsync(a => a.Id, a => a.RecipientPersonId, Ct));
        Assert.Equal(known.Id, awards[AwardId(0)]);
        Assert.Null(awards[AwardId(1)]);
        Assert.Equal(second.Id, awards[AwardId(4)]);
        Assert.Equal(known.Id, awards[AwardId(5)]);

        // The same completion again in a batch is the same award (the batch's look-up finds the completion stored just now).
        var again = await (await api.PostCompletionAsync(new JsonObject { ["items"] = new JsonArray(ResultsTestKit.Completion(achievementId, known.Email)) },
            path: "/api/v1/completions/batch")).JsonAsync();
        Assert.Equal(200, (int)again["items"]![0]!["status"]!);
        Assert.Equal(AwardId(0).ToString(), (string)again["items"]![0]!["award"]!["awardId"]!);
    }
}

public sealed class BatchLookupTestsOnSqlite(SqliteHost host) : BatchLookupTests(host), IClassFixture<SqliteHost>;

public sealed class BatchLookupTestsOnPostgres(PostgresHost host) : BatchLookupTests(host), IClassFixture<PostgresHost>;
