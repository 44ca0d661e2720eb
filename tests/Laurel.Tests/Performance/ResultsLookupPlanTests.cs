using System.Data.Common;
using System.Net;
using System.Text.Json.Nodes;
using Laurel.Tests.Completions;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Performance;

/// <summary>
/// Issue 18: the results API's look-ups (earlier completions, awards the learners already hold) stay index probes per learner while
/// a definition grows faster than PostgreSQL's statistics. In a results season a new definition gets thousands of awards between two
/// autovacuum ANALYZE runs; the planner then believes it has almost none, and a look-up that names the definition can be planned as
/// "every row of the definition, filtered by learner" (PostgreSQL 15 prices <c>= ANY(array)</c> on an index's second column as one
/// descent per element and drops it for a filter), which reads every completion of the definition on every request and grows with it.
/// Here the definition gets 4,000 awards and completions after the last ANALYZE (autovacuum off for the two tables meanwhile), then a
/// batch of new learners is reported, and every statement it ran on Awards or Completions is run again under
/// <c>EXPLAIN (ANALYZE, BUFFERS)</c> with its own parameters: none may touch more than a few dozen buffers.
/// </summary>
public sealed class ResultsLookupPlanTestsOnPostgres(PostgresHost host) : IClassFixture<PostgresHost>
{
    private const int Grown = 4_000;
    private const int MaxBuffers = 60;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lookups_stay_index_probes_when_a_definition_outgrows_the_statistics()
    {
        var achievementId = await host.NewAchievementAsync();
        using var api = await host.ApiClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await api.PostCompletionAsync(ResultsTestKit.Completion(achievementId, (await host.NewLearnerAsync()).Email))).StatusCode);
        var template = await host.DbAsync(db => db.Completions.Where(c => c.AchievementId == achievementId).Select(c => new { c.Id, c.AwardId }).SingleAsync(Ct));

        // A realistic table first (other definitions' awards, mostly issued), analyzed; then the new definition grows unseen.
        await GrowAsync(template.AwardId, template.Id, await host.NewAchievementAsync(), "earlier");
        await ExecuteAsync("ALTER TABLE \"Awards\" SET (autovacuum_enabled = false); ALTER TABLE \"Completions\" SET (autovacuum_enabled = false); "
            + "ANALYZE \"Awards\", \"Completions\"");
        try
        {
            await GrowAsync(template.AwardId, template.Id, achievementId, "grown");

            using var capture = new SqlCapture();
            await capture.ReadyAsync();
            capture.Traced(api);
            capture.Step = "batch";
            var items = new JsonArray();
            for (var i = 0; i < 5; i++) items.Add(ResultsTestKit.Completion(achievementId, (await host.NewLearnerAsync()).Email));
            var answer = await api.PostCompletionAsync(new JsonObject { ["items"] = items }, path: "/api/v1/completions/batch");
            Assert.True(answer.IsSuccessStatusCode, $"the batch answered {(int)answer.StatusCode}");
            var body = await answer.JsonAsync();
            Assert.All(body["items"]!.AsArray(), item => Assert.Equal(201, (int)item!["status"]!));

            var lookups = capture.Commands.Where(c => c.Sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
                && (c.Sql.Contains("\"Completions\"", StringComparison.Ordinal) || c.Sql.Contains("\"Awards\"", StringComparison.Ordinal))).ToList();
            // The capture saw both look-ups (a broken capture would pass every plan).
            Assert.Contains(lookups, c => c.Sql.Contains("FROM \"Completions\"", StringComparison.Ordinal));
            Assert.Contains(lookups, c => c.Sql.Contains("\"RecipientIdentity\"", StringComparison.Ordinal));
            var costly = new List<string>();
            foreach (var lookup in lookups)
            {
                var (buffers, plan) = await BuffersAsync(lookup.Sql, lookup.Parameters);
                if (buffers > MaxBuffers) costly.Add($"{buffers} buffers:\n{lookup.Sql}\n{plan}");
            }
            Assert.True(costly.Count == 0, $"{costly.Count} look-up(s) read more than {MaxBuffers} buffers with {Grown} rows the planner does not know of:\n\n"
                + string.Join("\n\n", costly));
        }
        finally
        {
            await ExecuteAsync("ALTER TABLE \"Awards\" RESET (autovacuum_enabled); ALTER TABLE \"Completions\" RESET (autovacuum_enabled)");
        }
    }

    /// <summary>Copies of the template award and completion for <paramref name="definition"/>, each for another learner; their ids
    /// sort like Laurel's own time-ordered ones (UUIDv7), before anything issued after them.</summary>
    private Task GrowAsync(Guid template, Guid completion, Guid definition, string learners) => ExecuteAsync($"""
        INSERT INTO "Awards" SELECT (jsonb_populate_record(NULL::"Awards", to_jsonb(a) || jsonb_build_object(
            'Id', ('00000000-0000-7000-8{(learners == "earlier" ? 0 : 1)}00-' || lpad(to_hex(g), 12, '0'))::uuid,
            'AchievementId', '{definition}', 'RecipientIdentity', '{learners}-' || g || '@students.example.org', 'RecipientPersonId', NULL))).*
        FROM "Awards" a, generate_series(1, {Grown}) g WHERE a."Id" = '{template}';
        INSERT INTO "Completions" SELECT (jsonb_populate_record(NULL::"Completions", to_jsonb(c) || jsonb_build_object('Id', gen_random_uuid(),
            'AchievementId', '{definition}', 'LearnerKey', 'emailAddress:{learners}-' || g || '@students.example.org'))).*
        FROM "Completions" c, generate_series(1, {Grown}) g WHERE c."Id" = '{completion}';
        """);

    private Task ExecuteAsync(string sql) => host.DbAsync(async db =>
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
        await db.Database.CloseConnectionAsync();
        return 0;
    });

    /// <summary>Shared buffers (hit and read) the statement touches when run with its own parameters, and its plan.</summary>
    private Task<(long Buffers, string Plan)> BuffersAsync(string statement, IReadOnlyList<DbParameter> parameters) => host.DbAsync(async db =>
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement;
        foreach (var p in parameters) command.Parameters.Add(p is ICloneable cloneable ? cloneable.Clone() : throw new InvalidOperationException(p.ParameterName));
        var plan = JsonNode.Parse((string)(await command.ExecuteScalarAsync(Ct))!)![0]!["Plan"]!;
        await db.Database.CloseConnectionAsync();
        return ((long)plan["Shared Hit Blocks"]! + (long)plan["Shared Read Blocks"]!, plan.ToJsonString());
    });
}
