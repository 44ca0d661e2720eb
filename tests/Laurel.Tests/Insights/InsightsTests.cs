using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Laurel.Features.Insights;
using Microsoft.EntityFrameworkCore;
using static Laurel.Testing.Data.AwardKit;

namespace Laurel.Tests.Insights;

/// <summary>A host whose flush timer never fires during a test, so each test decides when counts are written (and that they are not before).</summary>
public sealed class InsightsSqliteHost() : LaurelHost(new TestHostOptions(Db.Sqlite).WithSetting("Laurel:Insights:FlushSeconds", "3600"));

public sealed class InsightsPostgresHost() : LaurelHost(new TestHostOptions(Db.Postgres).WithSetting("Laurel:Insights:FlushSeconds", "3600"));

/// <summary>
/// Insights as staff read them: badge page views, verifications, downloads, LinkedIn adds and public shares counted in memory and
/// written by the flush (never by the public request), rolled up per definition and institution; CSV exports; who may see them.
/// </summary>
public abstract partial class InsightsTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<int> FlushAsync() => host.Services.GetRequiredService<InsightsFlush>().FlushAsync(Ct);

    private Task<long> StoredCountsAsync(Guid achievementId) =>
        host.DbAsync(db => db.Set<InsightDailyCount>().Where(c => c.AchievementId == achievementId).SumAsync(c => c.Count, Ct));

    [GeneratedRegex("data-number=\"(?<name>[a-z-]+)\">(?<value>\\d+)")]
    private static partial Regex NumberPattern();

    private static async Task<Dictionary<string, long>> NumbersAsync(HttpClient staff, string path)
    {
        var html = await staff.GetStringAsync(path, Ct);
        return NumberPattern().Matches(html).ToDictionary(m => m.Groups["name"].Value, m => long.Parse(m.Groups["value"].Value));
    }

    private async Task<(Guid Award, Guid Achievement, Guid Issuer, Guid Institution)> PublicAwardAsync(string? recipientName = "Lotte de Vries")
    {
        var id = await host.CreateAwardAsync(new AwardSpec { IsPublic = true, ShowGrade = true, ShowEvidence = true, RecipientName = recipientName });
        return await host.DbAsync(db => db.Awards.Where(a => a.Id == id)
            .Select(a => new ValueTuple<Guid, Guid, Guid, Guid>(a.Id, a.AchievementId, a.Achievement!.IssuerId, a.InstitutionId)).SingleAsync(Ct));
    }

    [Fact]
    public async Task Every_kind_is_counted_for_the_definition_and_institution_but_written_only_by_the_flush()
    {
        var (award, achievement, _, institution) = await PublicAwardAsync();
        await FlushAsync();
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        var definitionBefore = await NumbersAsync(admin, $"/manage/achievements/{achievement}/insights");
        var institutionBefore = await NumbersAsync(admin, $"/manage/institutions/{institution}/insights");
        var storedBefore = await StoredCountsAsync(achievement);

        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/badges/{award}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/badges/{award}", Ct)).StatusCode);
        using var learner = await host.SignInAsDemoAsync("learner");
        // The learner's own look at the page is no view by someone else.
        Assert.Equal(HttpStatusCode.OK, (await learner.GetAsync($"/badges/{award}", Ct)).StatusCode);
        var credential = await anonymous.GetStringAsync($"/badges/{award}/credential.json", Ct);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/badges/{award}/badge.png", Ct)).StatusCode);
        var linkedIn = await anonymous.GetAsync($"/badges/{award}/linkedin?to=profile", Ct);
        Assert.Equal(HttpStatusCode.Redirect, linkedIn.StatusCode);
        Assert.StartsWith("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME", linkedIn.Headers.Location!.ToString());
        Assert.Contains("certId=" + award.ToString("D"), linkedIn.Headers.Location!.ToString());
        var feed = await anonymous.GetAsync($"/badges/{award}/linkedin?to=feed", Ct);
        Assert.StartsWith("https://www.linkedin.com/sharing/share-offsite/?url=", feed.Headers.Location!.ToString());
        var verify = await anonymous.PostAsJsonAsync("/credentials/verify",
            new { verifiableCredential = System.Text.Json.JsonDocument.Parse(credential).RootElement }, Ct);
        Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        var share = await learner.PostFormAsync($"/backpack/badges/{award}",
            [new("awardId", award.ToString()), new("isPublic", "true"), new("showGrade", "true"), new("showEvidence", "true")], handler: "Sharing");
        Assert.Equal(HttpStatusCode.Redirect, share.StatusCode);

        // Nothing reached the database on the way: the counts wait in memory for the flush.
        Assert.Equal(storedBefore, await StoredCountsAsync(achievement));
        Assert.Equal(definitionBefore["page-views"], (await NumbersAsync(admin, $"/manage/achievements/{achievement}/insights"))["page-views"]);

        Assert.True(await FlushAsync() > 0);
        var definition = await NumbersAsync(admin, $"/manage/achievements/{achievement}/insights");
        Assert.Equal(definitionBefore["page-views"] + 2, definition["page-views"]);
        Assert.Equal(definitionBefore["downloads"] + 2, definition["downloads"]);
        Assert.Equal(definitionBefore["linkedin"] + 2, definition["linkedin"]);
        Assert.Equal(definitionBefore["verifications"] + 1, definition["verifications"]);
        Assert.Equal(definitionBefore["shares"] + 1, definition["shares"]);
        // Counting is no award: the awards number comes from the awards themselves and stays as it was.
        Assert.Equal(definitionBefore["awards"], definition["awards"]);
        var rolledUp = await NumbersAsync(admin, $"/manage/institutions/{institution}/insights");
        Assert.Equal(institutionBefore["page-views"] + 2, rolledUp["page-views"]);
        Assert.Equal(institutionBefore["verifications"] + 1, rolledUp["verifications"]);

        // A second flush with nothing new adds nothing; a further view lands on the same day's row.
        Assert.Equal(0, await FlushAsync());
        await anonymous.GetAsync($"/badges/{award}", Ct);
        await FlushAsync();
        Assert.Equal(definition["page-views"] + 1, (await NumbersAsync(admin, $"/manage/achievements/{achievement}/insights"))["page-views"]);
    }

    [Fact]
    public async Task Unknown_awards_and_private_badges_are_not_counted_and_linkedin_needs_a_visible_badge()
    {
        var privateAward = await host.CreateAwardAsync(new AwardSpec());
        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/badges/{privateAward}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/badges/{privateAward}/linkedin?to=profile", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/badges/{Guid.NewGuid()}/linkedin?to=profile", Ct)).StatusCode);
        var achievement = await host.DbAsync(db => db.Awards.Where(a => a.Id == privateAward).Select(a => a.AchievementId).SingleAsync(Ct));
        var before = await StoredCountsAsync(achievement);
        await FlushAsync();
        Assert.Equal(before, await StoredCountsAsync(achievement));
    }

    [Fact]
    public async Task Awards_csv_lists_the_awards_in_scope_and_defuses_formulas()
    {
        var (award, achievement, issuer, institution) = await PublicAwardAsync(recipientName: "=HYPERLINK(\"http://evil.example\",\"x\")");
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        foreach (var path in new[] { $"/manage/institutions/{institution}", $"/manage/issuers/{issuer}", $"/manage/achievements/{achievement}" })
        {
            var response = await admin.GetAsync(path + "/insights/awards.csv", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
            var csv = await response.Content.ReadAsStringAsync(Ct);
            var row = csv.Split("\r\n").Single(l => l.StartsWith(award.ToString("D"), StringComparison.Ordinal));
            // The formula is text: a leading apostrophe, quoted because of its quotes and comma.
            Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",", row);
            Assert.Contains(",Issued,", row);
        }
        var numbers = await admin.GetStringAsync($"/manage/achievements/{achievement}/insights/numbers.csv?period=week", Ct);
        var lines = numbers.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + 1 + InsightsQuery.BucketCount, lines.Length);
        Assert.Matches("^(total|totaal),", lines[1]);
    }

    [Fact]
    public void The_buffer_keeps_at_most_MaxKeys_keys_until_a_drain_and_concurrent_counts_are_all_kept()
    {
        // Kept beside the dictionary instead of asking its Count (which takes every lock) on each request: the cap must still hold.
        var counter = new InsightsCounter(TimeProvider.System);
        var signer = "did:web:example.org";
        Parallel.For(0, InsightsCounter.MaxKeys, _ => counter.Count(Guid.NewGuid(), InsightKind.Verification, signer: signer));
        Assert.Equal(InsightsCounter.MaxKeys, counter.Pending);
        var known = Guid.NewGuid();
        counter.Count(known, InsightKind.PageView);
        Assert.Equal(InsightsCounter.MaxKeys, counter.Pending); // a new key over the cap is dropped
        Assert.Equal(InsightsCounter.MaxKeys, counter.Drain().Count);
        Assert.Equal(0, counter.Pending);

        // After the drain new keys are taken again, and increments racing on one key are none of them lost.
        Parallel.For(0, 10_000, i => counter.Count(known, InsightKind.PageView));
        counter.Count(Guid.NewGuid(), InsightKind.Download);
        var batch = counter.Drain();
        Assert.Equal(2, batch.Count);
        Assert.Equal(10_000, batch.Single(b => b.Key.AwardId == known).Value);
    }

    [Fact]
    public void Csv_cells_that_a_spreadsheet_would_run_get_an_apostrophe()
    {
        Assert.Equal("'=1+1", Csv.Cell("=1+1"));
        Assert.Equal("'+31", Csv.Cell("+31"));
        Assert.Equal("'-2", Csv.Cell("-2"));
        Assert.Equal("'@SUM(A1)", Csv.Cell("@SUM(A1)"));
        Assert.Equal("\"a,b\"", Csv.Cell("a,b"));
        Assert.Equal("Lotte", Csv.Cell("Lotte"));
    }

    [Fact]
    public async Task Only_staff_with_the_view_right_on_the_node_see_its_insights()
    {
        var (_, achievement, issuer, institution) = await PublicAwardAsync();
        var faculty = await host.DbAsync(db => db.Issuers.Where(i => i.Id == issuer).Select(i => i.FacultyId).SingleAsync(Ct));
        string[] institutionPaths = [$"/manage/institutions/{institution}/insights", $"/manage/institutions/{institution}/insights/awards.csv",
            $"/manage/institutions/{institution}/insights/numbers.csv"];

        using var admin = await host.SignInAsDemoAsync("institution-admin");
        foreach (var path in institutionPaths) Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(path, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/manage/faculties/{faculty}/insights", Ct)).StatusCode);

        // The viewer holds a role on one issuer: that issuer and its definitions, not the faculty or institution above.
        using var viewer = await host.SignInAsDemoAsync("viewer");
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/manage/issuers/{issuer}/insights", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/manage/achievements/{achievement}/insights/awards.csv", Ct)).StatusCode);
        foreach (var path in institutionPaths.Append($"/manage/faculties/{faculty}/insights"))
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(path, Ct)).StatusCode);

        using var learner = await host.SignInAsDemoAsync("learner");
        foreach (var path in institutionPaths) Assert.Equal(HttpStatusCode.Forbidden, (await learner.GetAsync(path, Ct)).StatusCode);

        await host.EnsureOtherInstitutionAdminAsync();
        using var other = await host.SignInAsDemoAsync("tud-admin");
        foreach (var path in institutionPaths.Append($"/manage/achievements/{achievement}/insights/awards.csv"))
            Assert.Contains((await other.GetAsync(path, Ct)).StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/manage/institutions/{Guid.NewGuid()}/insights", Ct)).StatusCode);
        using var anonymous = host.CreateClient();
        foreach (var path in institutionPaths) Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync(path, Ct)).StatusCode);
    }

    [Fact]
    public async Task Dashboard_summary_links_to_the_insights_page_and_the_page_has_chart_and_table()
    {
        var (_, _, _, institution) = await PublicAwardAsync();
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        var dashboard = await admin.GetStringAsync("/manage", Ct);
        Assert.Contains($"href=\"/manage/institutions/{institution}/insights\"", dashboard);
        var page = await admin.GetStringAsync($"/manage/institutions/{institution}/insights?period=week", Ct);
        Assert.Contains("<svg", page);
        Assert.Contains("role=\"img\"", page);
        Assert.Contains("<title id=\"chart-awards-title\">", page);
        Assert.Contains("id=\"insights-time\"", page);
        Assert.Contains("id=\"insights-children\"", page);
        Assert.Contains("awards.csv", page);

        // A viewer on one issuer sees no institution summary (it would lead to a 403).
        using var viewer = await host.SignInAsDemoAsync("viewer");
        Assert.DoesNotContain($"/manage/institutions/{institution}/insights", await viewer.GetStringAsync("/manage", Ct));
    }
}

public sealed class InsightsTestsOnSqlite(InsightsSqliteHost host) : InsightsTests(host), IClassFixture<InsightsSqliteHost>;

public sealed class InsightsTestsOnPostgres(InsightsPostgresHost host) : InsightsTests(host), IClassFixture<InsightsPostgresHost>;
