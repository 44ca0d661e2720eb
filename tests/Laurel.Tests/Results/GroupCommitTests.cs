using System.Net;
using System.Text.Json.Nodes;
using Laurel.Infrastructure.Auditing;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Completions;

/// <summary>
/// Completions arriving at the same time are stored in groups (one transaction each, AwardGroupCommitter); every one still gets the
/// answer it would get alone and the database holds exactly one award, audit entry and e-mail per completion, each with its own
/// status index. Fired all at once: new learners, the same completion several times, invalid ones, replays of one Idempotency-Key
/// and a batch that overlaps the single requests.
/// </summary>
public abstract class GroupCommitTests(LaurelHost host)
{
    private readonly LaurelHost host = host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewEmail() => $"group-{Guid.NewGuid():N}@example.org";

    [Fact]
    public async Task Concurrent_completions_each_get_their_own_answer_and_are_stored_exactly_once()
    {
        var achievementId = await host.NewAchievementAsync();
        using var api = await host.ApiClientAsync();
        var fresh = Enumerable.Range(0, 30).Select(_ => NewEmail()).ToList();
        var repeated = Enumerable.Range(0, 5).Select(_ => NewEmail()).ToList();
        var keyed = Enumerable.Range(0, 3).Select(_ => (Email: NewEmail(), Key: "group-" + Guid.NewGuid())).ToList();
        var inBatch = Enumerable.Range(0, 10).Select(_ => NewEmail()).ToList();
        var future = ResultsTestKit.Completion(achievementId, NewEmail(), completedOn: DateOnly.FromDateTime(DateTime.UtcNow).AddDays(5).ToString("yyyy-MM-dd"));
        var noLearner = ResultsTestKit.Completion(achievementId, NewEmail());
        noLearner.Remove("learner");

        var singles = fresh.Select(e => Post(ResultsTestKit.Completion(achievementId, e)))
            .Concat(repeated.SelectMany(e => Enumerable.Range(0, 3).Select(_ => Post(ResultsTestKit.Completion(achievementId, e)))))
            .Concat(keyed.SelectMany(k => Enumerable.Range(0, 4).Select(_ => Post(ResultsTestKit.Completion(achievementId, k.Email), k.Key))))
            .Concat([Post(future), Post(noLearner), Post(ResultsTestKit.Completion(Guid.NewGuid(), NewEmail()))])
            .ToList();
        // The batch repeats one learner of the single requests and one of its own items.
        var batchItems = new JsonArray([.. inBatch.Select(e => (JsonNode)ResultsTestKit.Completion(achievementId, e)),
            ResultsTestKit.Completion(achievementId, repeated[0]), ResultsTestKit.Completion(achievementId, inBatch[0])]);
        var batch = api.PostCompletionAsync(new JsonObject { ["items"] = batchItems }, path: "/api/v1/completions/batch");
        var answers = await Task.WhenAll(singles);
        var batchAnswer = await (await batch).JsonAsync();

        (HttpStatusCode Status, JsonObject Body) AnswerOf(int i) => answers[i];
        var at = 0;
        var awardOf = new Dictionary<string, string>();
        foreach (var email in fresh)
        {
            var (status, body) = AnswerOf(at++);
            Assert.Equal(HttpStatusCode.Created, status);
            Assert.False((bool)body["existing"]!);
            awardOf[email] = (string)body["awardId"]!;
        }
        var items = batchAnswer["items"]!.AsArray();
        foreach (var email in repeated)
        {
            var answered = Enumerable.Range(0, 3).Select(_ => AnswerOf(at++)).ToList();
            // The batch's item for the first of them races the three single requests: one of the four awards it.
            if (email == repeated[0])
                answered.Add(((HttpStatusCode)(int)items[inBatch.Count]!["status"]!, items[inBatch.Count]!["award"]!.AsObject()));
            Assert.Single(answered, a => a.Status == HttpStatusCode.Created);
            Assert.Equal(answered.Count - 1, answered.Count(a => a.Status == HttpStatusCode.OK && (bool)a.Body["existing"]!));
            awardOf[email] = Assert.Single(answered.Select(a => (string)a.Body["awardId"]!).Distinct());
        }
        foreach (var (email, _) in keyed)
        {
            var four = Enumerable.Range(0, 4).Select(_ => AnswerOf(at++)).ToList();
            Assert.All(four, a => Assert.Equal(HttpStatusCode.Created, a.Status));
            Assert.Single(four.Select(a => a.Body.ToJsonString()).Distinct());
            awardOf[email] = (string)four[0].Body["awardId"]!;
        }
        Assert.Equal(HttpStatusCode.UnprocessableEntity, AnswerOf(at++).Status);
        Assert.Equal(HttpStatusCode.BadRequest, AnswerOf(at++).Status);
        Assert.Equal(HttpStatusCode.NotFound, AnswerOf(at++).Status);

        for (var i = 0; i < inBatch.Count; i++)
        {
            var status = (int)items[i]!["status"]!;
            if (i == 0) Assert.True(status is 200 or 201, $"item 0 answered {status}");
            else Assert.Equal(201, status);
            awardOf[inBatch[i]] = (string)items[i]!["award"]!["awardId"]!;
        }
        Assert.Equal(awardOf[inBatch[0]], (string)items[inBatch.Count + 1]!["award"]!["awardId"]!);
        Assert.Equal([200, 201], ((int[])[(int)items[0]!["status"]!, (int)items[inBatch.Count + 1]!["status"]!]).Order());

        // The database: one award per completion (the ones answered), one completion record, one audit entry and one e-mail each,
        // every status index used once.
        var expected = awardOf.Values.Select(Guid.Parse).ToHashSet();
        Assert.Equal(fresh.Count + repeated.Count + keyed.Count + inBatch.Count, expected.Count);
        var stored = await host.DbAsync(db => db.Awards.AsNoTracking().Where(a => a.AchievementId == achievementId)
            .Select(a => new { a.Id, a.RecipientIdentity, a.RevocationListId, a.StatusIndex, a.CredentialJson }).ToListAsync(Ct));
        Assert.Equal(expected.Order(), stored.Select(a => a.Id).Order());
        Assert.All(stored, a => Assert.Contains("\"proof\"", a.CredentialJson));
        Assert.Equal(stored.Count, stored.Select(a => a.RecipientIdentity).Distinct().Count());
        Assert.Equal(expected.Order(), (await host.DbAsync(db => db.Completions.Where(c => c.AchievementId == achievementId)
            .Select(c => c.AwardId).ToListAsync(Ct))).Order());
        var audited = await host.DbAsync(db => db.AuditEntries.Where(e => e.Action == AuditActions.AwardIssued && expected.Contains(e.EntityId))
            .Select(e => e.EntityId).ToListAsync(Ct));
        Assert.Equal(expected.Order(), audited.Order());
        var mailed = await host.DbAsync(db => db.OutboxMessages.Where(m => m.RelatedEntityId != null && expected.Contains(m.RelatedEntityId.Value))
            .Select(m => m.RelatedEntityId!.Value).ToListAsync(Ct));
        Assert.Equal(expected.Order(), mailed.Order());
        var everyIndex = await host.DbAsync(db => db.Awards.AsNoTracking().Where(a => a.SigningKeyId != "")
            .Select(a => new { a.RevocationListId, a.StatusIndex }).ToListAsync(Ct));
        Assert.Equal(everyIndex.Count, everyIndex.Distinct().Count());

        async Task<(HttpStatusCode, JsonObject)> Post(JsonObject body, string? key = null)
        {
            var response = await api.PostCompletionAsync(body, key);
            return (response.StatusCode, await response.JsonAsync());
        }
    }
}

public sealed class GroupCommitTestsOnSqlite(SqliteHost host) : GroupCommitTests(host), IClassFixture<SqliteHost>;

public sealed class GroupCommitTestsOnPostgres(PostgresHost host) : GroupCommitTests(host), IClassFixture<PostgresHost>;
