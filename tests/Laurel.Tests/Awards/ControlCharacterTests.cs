using System.Net;
using Laurel.Tests.Completions;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Awards;

/// <summary>
/// Issue 12, finding 5, re-attacked: a NUL (or another control character) in a text that goes into the signed credential
/// (grade, narrative, evidence name/description). PostgreSQL refuses to store NUL in text and JSON, so the results API
/// answered 500 there; the award rules now refuse such text as a field error on both databases.
/// </summary>
public abstract class ControlCharacterTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("narrative", "Passed\u0000 with honours")]
    [InlineData("grade", "8\u0000")]
    [InlineData("evidence[0].name", "Final\u0000exam")]
    [InlineData("evidence[0].description", "Report\u0007 of the assessment")]
    public async Task Results_api_refuses_a_control_character_in_a_credential_text_naming_the_field(string field, string value)
    {
        var achievementId = await host.NewAchievementAsync();
        var learner = await host.NewLearnerAsync();
        using var api = await host.ApiClientAsync();
        var body = ResultsTestKit.Completion(achievementId, learner.Email);
        if (field.StartsWith("evidence", StringComparison.Ordinal)) body["evidence"]![0]![field["evidence[0].".Length..]] = value;
        else body[field] = value;
        var response = await api.PostCompletionAsync(body, path: "/api/v1/completions?culture=en");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.JsonAsync())["errors"]!.AsObject();
        Assert.Equal([field], errors.Select(e => e.Key));
        Assert.Contains("control character", (string)errors[field]![0]!);
        Assert.False(await host.DbAsync(db => db.Awards.AnyAsync(a => a.AchievementId == achievementId, Ct)));
    }

    [Fact]
    public async Task Line_breaks_and_tabs_in_a_narrative_are_kept_and_signed()
    {
        var achievementId = await host.NewAchievementAsync();
        var learner = await host.NewLearnerAsync();
        using var api = await host.ApiClientAsync();
        var body = ResultsTestKit.Completion(achievementId, learner.Email);
        body["narrative"] = "Line one\r\nLine two\tend";
        var response = await api.PostCompletionAsync(body, path: "/api/v1/completions?culture=en");

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        var award = await host.DbAsync(db => db.Awards.AsNoTracking().SingleAsync(a => a.AchievementId == achievementId, Ct));
        Assert.Equal(Laurel.Credentials.Verification.Verdict.Valid, (await host.VerifyAsync(award.CredentialJson)).Verdict);
    }
}

public sealed class ControlCharacterTestsOnSqlite(SqliteHost host) : ControlCharacterTests(host), IClassFixture<SqliteHost>;

public sealed class ControlCharacterTestsOnPostgres(PostgresHost host) : ControlCharacterTests(host), IClassFixture<PostgresHost>;
