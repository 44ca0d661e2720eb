using System.Net;
using System.Text.Json.Nodes;
using Laurel.Features.Demo;
using Laurel.Features.Identity.ApiClients;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Completions;

/// <summary>Results API: awards from completions, every refusal reason as a ProblemDetails, clients and scopes, audit trail.</summary>
public abstract class ResultsApiTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_completion_is_awarded_and_the_audit_trail_names_the_api_client()
    {
        var achievementId = await host.NewAchievementAsync();
        var learner = await host.NewLearnerAsync();
        using var api = await host.ApiClientAsync();
        var response = await api.PostCompletionAsync(ResultsTestKit.Completion(achievementId, learner.Email));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        var awardId = Guid.Parse((string)body["awardId"]!);
        Assert.Equal("issued", (string?)body["state"]);
        Assert.False((bool)body["existing"]!);
        Assert.EndsWith($"/badges/{awardId}", (string)body["links"]!["badge"]!);

        var award = await host.AwardAsync(awardId);
        Assert.Equal(learner.Id, award.RecipientPersonId);
        Assert.Equal(new DateOnly(2025, 6, 20), award.CompletedOn);
        Assert.Equal("8", award.Grade);
        Assert.Equal("https://lms.uu.example/results/42", Assert.Single(award.Evidence).Url);
        Assert.Equal(Laurel.Credentials.Verification.Verdict.Valid, (await host.VerifyAsync(award.CredentialJson)).Verdict);

        // An unknown e-mail address gets an award that waits for a claim.
        var unknown = await api.PostCompletionAsync(ResultsTestKit.Completion(achievementId, $"new-{Guid.NewGuid():N}@example.org"));
        Assert.Equal(HttpStatusCode.Created, unknown.StatusCode);
        Assert.Equal("awaitingClaim", (string?)(await unknown.JsonAsync())["state"]);

        using var admin = await host.SignInAsDemoAsync("institution-admin");
        var uu = await host.DbAsync(db => db.Institutions.Where(i => i.Slug == "uu").Select(i => i.Id).SingleAsync(Ct));
        var audit = await admin.GetStringAsync($"/manage/institutions/{uu}/audit?filter=award.issued", Ct);
        var at = audit.IndexOf(awardId.ToString(), StringComparison.Ordinal);
        Assert.True(at > 0, "the award is in the audit trail");
        var start = audit.LastIndexOf("<tr", at, StringComparison.Ordinal);
        var row = audit[start..audit.IndexOf("</tr>", at, StringComparison.Ordinal)];
        Assert.Contains("Demo student information system", row);
        Assert.Contains($"(api:{DemoData.DemoApiClientId})", row);
    }

    [Fact]
    public async Task Unreadable_fields_are_all_reported_at_once_as_400()
    {
        var achievementId = await host.NewAchievementAsync();
        using var api = await host.ApiClientAsync();
        var response = await api.PostCompletionAsync(new JsonObject
        {
            ["learner"] = new JsonObject { ["type"] = "fax" },
            ["achievementId"] = achievementId.ToString(),
            ["completedOn"] = "20-06-2025",
            ["grade"] = new JsonObject(),
            ["evidence"] = "https://x.example",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = (await response.JsonAsync())["errors"]!.AsObject();
        foreach (var field in new[] { "learner.type", "learner.id", "completedOn", "grade", "evidence" }) Assert.True(errors.ContainsKey(field), field);
        Assert.Equal(0, await host.DbAsync(db => db.Awards.CountAsync(a => a.AchievementId == achievementId, Ct)));
    }

    [Fact]
    public async Task Every_policy_problem_is_reported_at_once_as_422_in_the_request_language()
    {
        var achievementId = await host.NewAchievementAsync(gradeRequired: true);
        var learner = await host.NewLearnerAsync();
        using var api = await host.ApiClientAsync();
        var body = ResultsTestKit.Completion(achievementId, learner.Email, completedOn: DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd"));
        body.Remove("grade");
        body["evidence"] = new JsonArray(new JsonObject { ["url"] = "ftp://files.example/x" });
        var response = await api.PostCompletionAsync(body, path: "/api/v1/completions?culture=en");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.JsonAsync())["errors"]!.AsObject();
        Assert.Contains("future", (string)errors["completedOn"]![0]!);
        Assert.True(errors.ContainsKey("grade"));
        Assert.True(errors.ContainsKey("evidence[0].url"));

        var before = ResultsTestKit.Completion(achievementId, learner.Email, completedOn: "2019-01-01");
        var early = await api.PostCompletionAsync(before);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
        Assert.True((await early.JsonAsync())["errors"]!.AsObject().ContainsKey("completedOn"));
        Assert.Equal(0, await host.DbAsync(db => db.Awards.CountAsync(a => a.AchievementId == achievementId, Ct)));
    }

    [Fact]
    public async Task Unknown_achievement_is_404_and_another_institutions_achievement_is_403()
    {
        var learner = await host.NewLearnerAsync();
        using var api = await host.ApiClientAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostCompletionAsync(ResultsTestKit.Completion(Guid.NewGuid(), learner.Email))).StatusCode);

        var delft = await host.NewAchievementAsync(issuerNameEn: "TU Delft Extension School");
        var foreign = await api.PostCompletionAsync(ResultsTestKit.Completion(delft, learner.Email));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(403, (int)(await foreign.JsonAsync())["status"]!);

        var (otherId, otherSecret) = await host.NewOtherInstitutionClientAsync();
        using var other = await host.ApiClientAsync(otherId, otherSecret);
        var uuAchievement = await host.NewAchievementAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostCompletionAsync(ResultsTestKit.Completion(uuAchievement, learner.Email))).StatusCode);
        Assert.Equal(0, await host.DbAsync(db => db.Awards.CountAsync(a => a.AchievementId == delft || a.AchievementId == uuAchievement, Ct)));
    }

    [Fact]
    public async Task No_token_a_revoked_client_or_a_missing_scope_is_refused()
    {
        var achievementId = await host.NewAchievementAsync();
        var learner = await host.NewLearnerAsync();
        var body = ResultsTestKit.Completion(achievementId, learner.Email);
        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostCompletionAsync(body)).StatusCode);

        var readOnly = await host.NewUuClientAsync(ApiScopes.AwardsRead);
        using var reader = await host.ApiClientAsync(readOnly, "uu-secret");
        var refused = await reader.PostCompletionAsync(body);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("results:write", await refused.Content.ReadAsStringAsync(Ct));

        // results:write alone is enough to report completions.
        var resultsOnly = await host.NewUuClientAsync(ApiScopes.ResultsWrite);
        using var sis = await host.ApiClientAsync(resultsOnly, "uu-secret");
        Assert.Equal(HttpStatusCode.Created, (await sis.PostCompletionAsync(body)).StatusCode);

        var revokedId = await host.NewUuClientAsync(ApiScopes.ResultsWrite);
        using var revoked = await host.ApiClientAsync(revokedId, "uu-secret");
        await host.DbAsync(db => db.ApiClients.Where(c => c.ClientId == revokedId).ExecuteUpdateAsync(s => s.SetProperty(c => c.RevokedAt, DateTime.UtcNow), Ct));
        var second = await host.NewLearnerAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await revoked.PostCompletionAsync(ResultsTestKit.Completion(achievementId, second.Email))).StatusCode);
        Assert.Equal(1, await host.DbAsync(db => db.Awards.CountAsync(a => a.AchievementId == achievementId, Ct)));
    }

    [Fact]
    public async Task OpenApi_document_describes_the_endpoints_their_schemas_and_the_security_scheme()
    {
        using var client = host.CreateClient();
        var doc = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json", Ct))!;
        var one = doc["paths"]!["/api/v1/completions"]!["post"]!;
        Assert.NotNull(doc["paths"]!["/api/v1/completions/batch"]!["post"]);
        Assert.Contains("CompletionRequest", one["requestBody"]!.ToJsonString());
        foreach (var status in new[] { "201", "200", "400", "422", "403", "404" }) Assert.NotNull(one["responses"]![status]);
        Assert.Contains("CompletionResponse", one["responses"]!["201"]!.ToJsonString());
        var schemas = doc["components"]!["schemas"]!.AsObject();
        foreach (var name in new[] { "CompletionRequest", "CompletionResponse", "LearnerReference", "CompletionBatchRequest", "CompletionBatchResponse" })
            Assert.True(schemas.ContainsKey(name), name);
        var scheme = doc["components"]!["securitySchemes"]!["clientCredentials"]!;
        Assert.Equal("oauth2", (string?)scheme["type"]);
        Assert.Equal("/oauth/token", (string?)scheme["flows"]!["clientCredentials"]!["tokenUrl"]);
        Assert.Contains("clientCredentials", one["security"]!.ToJsonString());
    }
}

public sealed class ResultsApiTestsOnSqlite(SqliteHost host) : ResultsApiTests(host), IClassFixture<SqliteHost>;

public sealed class ResultsApiTestsOnPostgres(PostgresHost host) : ResultsApiTests(host), IClassFixture<PostgresHost>;
