using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Laurel.Features.Awards.Results;

namespace Laurel.Tests.Completions;

/// <summary>
/// How many SQL statements one results-API award costs, counted through the real app: a regression (a definition read twice,
/// an uncached key lookup, …) fails here before it shows up as lower awards per second.
/// </summary>
public abstract class ResultsSqlCountTests(LaurelHost host)
{
    private readonly LaurelHost host = host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // One new award: active-client check, idempotency key, definition (with an earlier award of this completion), learner,
    // duplicate check; then its group (AwardGroupCommitter, here a group of one): the signing key (with the DID), the institution's
    // subscribed webhook endpoints (their deliveries join the SaveChanges) and one SaveChanges (award, completion, audit entry,
    // e-mail, stored answer). The status index comes from the node's block (StatusIndexBlocks), taken before the measured award.
    // PostgreSQL sends that SaveChanges as one batch; EF runs its rows as separate (in-process) SQLite statements, which the
    // SQLite budget allows for.
    private int MaxForNewAward => host is SqliteHost ? 13 : 8;
    private const int MaxForKeyReplay = 3;
    private const int MaxForNaturalKeyReplay = 3;

    private static async Task<(HttpResponseMessage Response, IReadOnlyList<string> Sql)> CountAsync(SqlCommandCounter counter, HttpClient api,
        JsonNode body, string? idempotencyKey = null, string path = "/api/v1/completions")
    {
        await counter.ReadyAsync();
        counter.Reset();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        request.Headers.Add("traceparent", counter.TraceParent);
        var response = await api.SendAsync(request, Ct);
        await response.Content.LoadIntoBufferAsync(Ct);
        return (response, counter.Commands);
    }

    private static string Describe(string what, IReadOnlyList<string> sql) =>
        $"{what} ran {sql.Count} statements:\n" + string.Join("\n---\n", sql);

    [Fact]
    public async Task A_new_award_and_its_replays_stay_within_their_statement_budgets()
    {
        using var counter = new SqlCommandCounter();
        var achievementId = await host.NewAchievementAsync();
        using var api = await host.ApiClientAsync();
        // Warm up: the definition's first award freezes it and the institution's key and status list exist from then on.
        Assert.Equal(HttpStatusCode.Created, (await api.PostCompletionAsync(ResultsTestKit.Completion(achievementId, (await host.NewLearnerAsync()).Email))).StatusCode);

        var learner = await host.NewLearnerAsync();
        var key = Guid.NewGuid().ToString();
        var (created, newSql) = await CountAsync(counter, api, ResultsTestKit.Completion(achievementId, learner.Email), key);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var (replayed, replaySql) = await CountAsync(counter, api, ResultsTestKit.Completion(achievementId, learner.Email), key);
        Assert.Equal(HttpStatusCode.Created, replayed.StatusCode);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());

        var (again, naturalSql) = await CountAsync(counter, api, ResultsTestKit.Completion(achievementId, learner.Email));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        // The counter sees the request's statements at all (a broken counter would pass every budget).
        Assert.Contains(newSql, s => s.Contains("INSERT INTO \"Awards\"", StringComparison.Ordinal));
        Assert.True(newSql.Count <= MaxForNewAward, Describe($"a new award (at most {MaxForNewAward})", newSql));
        Assert.True(replaySql.Count <= MaxForKeyReplay, Describe($"a replay by Idempotency-Key (at most {MaxForKeyReplay})", replaySql));
        Assert.True(naturalSql.Count <= MaxForNaturalKeyReplay, Describe($"a repeated completion (at most {MaxForNaturalKeyReplay})", naturalSql));
    }

    [Fact]
    public async Task A_batch_costs_no_more_per_item_than_a_single_award()
    {
        using var counter = new SqlCommandCounter();
        var achievementId = await host.NewAchievementAsync();
        using var api = await host.ApiClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await api.PostCompletionAsync(ResultsTestKit.Completion(achievementId, (await host.NewLearnerAsync()).Email))).StatusCode);
        const int size = 10;
        var items = new JsonArray();
        for (var i = 0; i < size; i++) items.Add(ResultsTestKit.Completion(achievementId, (await host.NewLearnerAsync()).Email));

        var (response, sql) = await CountAsync(counter, api, new JsonObject { ["items"] = items }, Guid.NewGuid().ToString(), "/api/v1/completions/batch");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(size, (int)(await response.JsonAsync())["summary"]!["awarded"]!);
        // Group commit: per request the client check, the idempotency key and its stored answer, the signing key, the webhook
        // endpoints and one SaveChanges for all items (SQLite: a statement per row). The items' reads are made for all of them at
        // once (definitions, earlier completions, learners by e-mail in up to three, the duplicate check): none per item.
        var budget = PerBatch + BatchLookups + size * (host is SqliteHost ? PerItemSqlite : 0);
        Assert.True(sql.Count <= budget, Describe($"a batch of {size} (at most {budget})", sql));
    }

    [Fact]
    public async Task Concurrent_single_requests_are_read_and_checked_as_one_group()
    {
        using var counter = new SqlCommandCounter();
        var achievementId = await host.NewAchievementAsync();
        using var api = await host.ApiClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await api.PostCompletionAsync(ResultsTestKit.Completion(achievementId, (await host.NewLearnerAsync()).Email))).StatusCode);
        const int size = 10;
        var emails = new List<string>();
        for (var i = 0; i < size; i++) emails.Add((await host.NewLearnerAsync()).Email);
        var coalescer = host.Services.GetRequiredService<CompletionCoalescer>();
        await counter.ReadyAsync();
        counter.Reset();

        List<Task<HttpResponseMessage>> posts;
        using (await coalescer.HoldAsync())
        {
            posts = [.. emails.Select(async email =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/completions") { Content = JsonContent.Create(ResultsTestKit.Completion(achievementId, email)) };
                request.Headers.Add("traceparent", counter.TraceParent);
                var response = await api.SendAsync(request, Ct);
                await response.Content.LoadIntoBufferAsync(Ct);
                return response;
            })];
            while (coalescer.Waiting < size) await Task.Delay(10, Ct);
        }
        var responses = await Task.WhenAll(posts);
        var sql = counter.Commands;

        // Each request got its own new award.
        var ids = new HashSet<string>();
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            ids.Add((string)(await response.JsonAsync())["awardId"]!);
        }
        Assert.Equal(size, ids.Count);
        // Per request at most the active-client check (usually answered from ActiveApiClients); the reads once for the group
        // (as a batch), and the group commit (signing key, webhook endpoints, one SaveChanges; the committer may split the ten in two).
        // Read one by one, ten awards cost up to ten times MaxForNewAward (80 statements on PostgreSQL).
        var budget = size + BatchLookups + 2 * 3 + size * (host is SqliteHost ? PerItemSqlite : 0);
        Assert.True(sql.Count <= budget, Describe($"{size} concurrent single requests (at most {budget})", sql));
    }

    [Fact]
    public async Task A_client_found_active_moments_ago_is_not_read_again_until_it_is_revoked_here()
    {
        using var counter = new SqlCommandCounter();
        var achievementId = await host.NewAchievementAsync();
        using var api = await host.ApiClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await api.PostCompletionAsync(ResultsTestKit.Completion(achievementId, (await host.NewLearnerAsync()).Email))).StatusCode);
        var active = host.Services.GetRequiredService<Laurel.Features.Identity.ApiClients.ActiveApiClients>();

        active.Confirmed(Laurel.Features.Demo.DemoData.DemoApiClientId, active.Generation);
        var (cached, cachedSql) = await CountAsync(counter, api, ResultsTestKit.Completion(achievementId, (await host.NewLearnerAsync()).Email));
        Assert.Equal(HttpStatusCode.Created, cached.StatusCode);
        Assert.DoesNotContain(cachedSql, s => s.Contains("\"ApiClients\"", StringComparison.Ordinal));

        active.Forget(Laurel.Features.Demo.DemoData.DemoApiClientId);
        var (asked, askedSql) = await CountAsync(counter, api, ResultsTestKit.Completion(achievementId, (await host.NewLearnerAsync()).Email));
        Assert.Equal(HttpStatusCode.Created, asked.StatusCode);
        Assert.Contains(askedSql, s => s.Contains("\"ApiClients\"", StringComparison.Ordinal));
    }

    private const int PerBatch = 6;
    private const int BatchLookups = 6;
    // SQLite runs each inserted row as its own statement: award, completion, audit entry, e-mail, event.
    private const int PerItemSqlite = 5;
}

public sealed class ResultsSqlCountTestsOnSqlite(SqliteHost host) : ResultsSqlCountTests(host), IClassFixture<SqliteHost>;

public sealed class ResultsSqlCountTestsOnPostgres(PostgresHost host) : ResultsSqlCountTests(host), IClassFixture<PostgresHost>;
