using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Laurel.Features.Notifications;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Laurel.Tests.Completions;
using Laurel.Tests.Notifications;

namespace Laurel.Tests.Performance;

/// <summary>
/// Issue 18: no hot path plans a sequential scan over Awards, OutboxMessages or AuditEntries. The real app is driven through its
/// hot paths (staff award list and its next page, audit trail with next page and filter, mail page, learner sign-in and pending
/// awards, the outbox batch claim, badge page, catalog, results API, verifying a Laurel credential) while every SQL command is
/// captured with its parameters; each command that touches one of those tables is then explained with the same parameters.
/// On PostgreSQL the tables hold 100k+ rows each (bench/load/seed-scale.sql), so a missing index shows as a Seq Scan; on SQLite,
/// whose planner does not weigh row counts, <c>EXPLAIN QUERY PLAN</c> must say SEARCH, never SCAN, for those tables.
/// Nothing is hard-coded: a query added to one of these paths later is explained too.
/// </summary>
public abstract class QueryPlanTests(LaurelHost host, ScaleSeed seed)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Regex HotTable = new("\"(Awards|OutboxMessages|AuditEntries)\"", RegexOptions.Compiled);

    [Fact]
    public async Task No_hot_path_scans_awards_outbox_or_audit()
    {
        using var capture = new SqlCapture();
        await seed.EnsureAsync(host);
        var institutionId = await host.UtrechtAsync();
        var achievementId = await host.DbAsync(db => db.Achievements.Where(a => a.Name == "Data Literacy for Professionals").Select(a => a.Id).SingleAsync());
        var awardId = await host.AwardThroughServiceAsync();
        var credential = (await host.AwardAsync(awardId)).CredentialJson;
        var apiAchievementId = await host.NewAchievementAsync();
        var learnerEmail = (await host.NewLearnerAsync()).Email;
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        using var api = await host.ApiClientAsync();
        await capture.ReadyAsync();
        capture.Traced(admin);
        capture.Traced(api);

        capture.Step = "staff award list";
        var list = await GetOkAsync(admin, $"/manage/achievements/{achievementId}/awards");
        if (NextLink(list) is { } nextAwards)
        {
            capture.Step = "staff award list, next page";
            await GetOkAsync(admin, nextAwards);
        }
        capture.Step = "audit trail";
        var audit = await GetOkAsync(admin, $"/manage/institutions/{institutionId}/audit");
        if (NextLink(audit) is { } nextAudit)
        {
            capture.Step = "audit trail, next page";
            await GetOkAsync(admin, nextAudit);
        }
        capture.Step = "audit trail, filtered";
        await GetOkAsync(admin, $"/manage/institutions/{institutionId}/audit?filter=award.revoked");
        capture.Step = "mail page";
        await GetOkAsync(admin, $"/manage/institutions/{institutionId}/mail");

        capture.Step = "learner sign-in";
        using var learner = capture.Traced(host.CreateClient());
        var signInPage = await learner.GetStringAsync("/account/sign-in", Ct);
        var signedIn = await learner.PostAsync("/account/sign-in?handler=Demo", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["persona"] = "learner", ["returnUrl"] = "/", ["__RequestVerificationToken"] = LaurelHost.AntiforgeryToken(signInPage),
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        capture.Step = "pending awards";
        await GetOkAsync(learner, "/backpack/claims");

        capture.Step = "outbox batch claim";
        var claimed = await capture.RunAsync(() => host.Services.GetRequiredService<OutboxDispatcher>().ClaimAsync(Ct));

        using var visitor = capture.Traced(host.CreateClient());
        capture.Step = "public badge page";
        await GetOkAsync(visitor, $"/badges/{awardId}");
        capture.Step = "catalog";
        await GetOkAsync(visitor, "/catalog");
        capture.Step = "verify a Laurel credential";
        var verified = await visitor.PostAsJsonAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = JsonNode.Parse(credential) }, Ct);
        Assert.True(verified.IsSuccessStatusCode, $"verify answered {(int)verified.StatusCode}");
        capture.Step = "results API";
        var created = await api.PostCompletionAsync(ResultsTestKit.Completion(apiAchievementId, learnerEmail));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var commands = capture.Commands;
        // The capture saw the paths at all (a broken capture would pass every plan).
        foreach (var (step, table) in new[]
        {
            ("staff award list", "Awards"), ("audit trail", "AuditEntries"), ("audit trail, filtered", "AuditEntries"),
            ("mail page", "OutboxMessages"), ("learner sign-in", "Awards"), ("outbox batch claim", "OutboxMessages"),
            ("public badge page", "Awards"), ("results API", "Awards"),
        })
            Assert.True(commands.Any(c => c.Step == step && c.Sql.Contains($"\"{table}\"", StringComparison.Ordinal)),
                $"No statement on {table} was captured for \"{step}\".");
        if (seed.Seeds)
        {
            Assert.NotEmpty(claimed);
            Assert.Contains(commands, c => c.Step == "staff award list, next page");
            Assert.Contains(commands, c => c.Step == "audit trail, next page");
        }

        var scans = new List<string>();
        var explained = 0;
        foreach (var command in commands)
            foreach (var statement in Statements(command.Sql).Where(s => HotTable.IsMatch(s)))
            {
                explained++;
                foreach (var scan in await ScansAsync(statement, command.Parameters))
                    scans.Add($"[{command.Step}] {scan} in:\n{statement}");
            }
        Assert.True(explained > 0);
        Assert.True(scans.Count == 0, $"{scans.Count} hot statement(s) scan a whole table ({host.Options.Database}):\n\n" + string.Join("\n\n", scans));
    }

    private static async Task<string> GetOkAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}");
        return body;
    }

    private static string? NextLink(string html) =>
        Regex.Match(html, "<a href=\"([^\"]+)\" rel=\"next\">") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    // EF sends a SaveChanges as several statements in one command; each is explained on its own.
    private static IEnumerable<string> Statements(string sql) =>
        sql.Split(";\n").Select(s => s.Trim().TrimEnd(';')).Where(s => Regex.IsMatch(s, @"^(SELECT|WITH|UPDATE|DELETE|INSERT)\b", RegexOptions.IgnoreCase));

    /// <summary>The whole-table scans of Awards, OutboxMessages or AuditEntries in the statement's plan.</summary>
    private async Task<List<string>> ScansAsync(string statement, IReadOnlyList<DbParameter> parameters)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        await db.Database.OpenConnectionAsync(Ct);
        try
        {
            return await ExplainAsync(db.Database.GetDbConnection(), statement, parameters);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<List<string>> ExplainAsync(DbConnection connection, string statement, IReadOnlyList<DbParameter> parameters)
    {
        await using var command = connection.CreateCommand();
        var postgres = host.Options.Database == Db.Postgres;
        command.CommandText = (postgres ? "EXPLAIN (FORMAT JSON) " : "EXPLAIN QUERY PLAN ") + statement;
        foreach (var p in parameters)
        {
            if (p is ICloneable cloneable) command.Parameters.Add(cloneable.Clone());
            else
            {
                var copy = command.CreateParameter();
                (copy.ParameterName, copy.Value, copy.DbType) = (p.ParameterName, p.Value, p.DbType);
                command.Parameters.Add(copy);
            }
        }
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var scans = new List<string>();
        if (postgres)
        {
            await reader.ReadAsync(Ct);
            SeqScans(JsonNode.Parse(reader.GetString(0))![0]!["Plan"]!, scans);
            return scans;
        }
        // SQLite names tables by their alias in the plan ("SCAN a"): map the aliases EF gave the hot tables.
        var aliases = Regex.Matches(statement, "\"(Awards|OutboxMessages|AuditEntries)\"(?: AS \"(\\w+)\")?")
            .Select(m => m.Groups[2].Success ? m.Groups[2].Value : m.Groups[1].Value).ToHashSet();
        while (await reader.ReadAsync(Ct))
        {
            var detail = reader.GetString(3);
            if (Regex.Match(detail, @"^SCAN (\w+)") is { Success: true } m && aliases.Contains(m.Groups[1].Value)) scans.Add(detail);
        }
        return scans;
    }

    private static void SeqScans(JsonNode plan, List<string> scans)
    {
        if ((string?)plan["Node Type"] == "Seq Scan" && (string?)plan["Relation Name"] is "Awards" or "OutboxMessages" or "AuditEntries")
            scans.Add($"Seq Scan on {plan["Relation Name"]} (filter {plan["Filter"]})");
        foreach (var child in plan["Plans"]?.AsArray() ?? []) SeqScans(child!, scans);
    }
}

/// <summary>
/// Fills the class's PostgreSQL database once with 100k awards, outbox messages and audit entries (bench/load/seed-scale.sql,
/// a few seconds) and brings the planner's statistics up to date; SQLite is not seeded (its planner ignores row counts).
/// </summary>
public sealed class ScaleSeed
{
    public const int Rows = 100_000;
    private Task? _seeded;

    /// <summary>True when this fixture seeds (PostgreSQL).</summary>
    public bool Seeds { get; private set; }

    public Task EnsureAsync(LaurelHost host) => _seeded ??= SeedAsync(host);

    private async Task SeedAsync(LaurelHost host)
    {
        if (host.Options.Database != Db.Postgres) return;
        Seeds = true;
        var sql = (await File.ReadAllTextAsync(Path.Combine(TestPaths.RepositoryRoot, "bench", "load", "seed-scale.sql"), Ct))
            .Replace("__N__", Rows.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await host.DbAsync(async db =>
        {
            // Plain ADO: the script is SQL, not a format string (it has JSON braces).
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(Ct);
            // Autovacuum does the VACUUM on a live server; the index-only scans and the planner's row estimates depend on it.
            foreach (var text in new[] { sql, "VACUUM (ANALYZE) \"Awards\", \"OutboxMessages\", \"AuditEntries\", \"Achievements\"" })
            {
                await using var command = connection.CreateCommand();
                command.CommandText = text;
                command.CommandTimeout = 300;
                await command.ExecuteNonQueryAsync(Ct);
            }
            await db.Database.CloseConnectionAsync();
            return 0;
        });
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}

public sealed class QueryPlanTestsOnPostgres(PostgresHost host, ScaleSeed seed) : QueryPlanTests(host, seed), IClassFixture<PostgresHost>, IClassFixture<ScaleSeed>;

public sealed class QueryPlanTestsOnSqlite(SqliteHost host, ScaleSeed seed) : QueryPlanTests(host, seed), IClassFixture<SqliteHost>, IClassFixture<ScaleSeed>;
