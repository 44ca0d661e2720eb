using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Identity.ApiClients;
using Laurel.Infrastructure;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Completions;

/// <summary>
/// Who awards through the APIs: an API client of one institution with the scopes its token carries (results:write and
/// awards:write both award within its own institution; the VC-API still requires awards:write), audited by client; and an award
/// signed right after a key rotation on another node uses the new key.
/// </summary>
public abstract class AwarderTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<string> NewTudClientAsync(params string[] scopes) => host.NewApiClientAsync("tudelft", "tud", "TU Delft LMS", scopes);

    // The VC-API issue request the credentials API tests send.
    private static JsonObject IssueBody(Guid achievementId, string email) => Laurel.Tests.Awards.CredentialsApiTests.IssueBody(achievementId, email);

    [Fact]
    public async Task A_client_with_only_results_write_awards_its_own_institutions_achievement_and_the_audit_names_the_client()
    {
        var achievementId = await host.NewAchievementAsync();
        var learner = await host.NewLearnerAsync();
        var clientId = await host.NewUuClientAsync(ApiScopes.ResultsWrite);
        using var sis = await host.ApiClientAsync(clientId, "uu-secret");

        var response = await sis.PostCompletionAsync(ResultsTestKit.Completion(achievementId, learner.Email));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var awardId = Guid.Parse((string)(await response.JsonAsync())["awardId"]!);
        var entry = await host.DbAsync(db => db.AuditEntries.SingleAsync(e => e.EntityId == awardId && e.Action == "award.issued", Ct));
        Assert.Equal("api:" + clientId, entry.Client);
        Assert.Null((await host.AwardAsync(awardId)).AwardedByPersonId);
        var completion = await host.DbAsync(db => db.Completions.SingleAsync(c => c.AwardId == awardId, Ct));
        Assert.Equal(clientId, completion.ClientId);
    }

    [Fact]
    public async Task A_results_write_client_cannot_award_another_institutions_achievement_and_is_told_why()
    {
        var uuAchievement = await host.NewAchievementAsync();
        var learner = await host.NewLearnerAsync();
        using var tud = await host.ApiClientAsync(await NewTudClientAsync(ApiScopes.ResultsWrite), "tud-secret");

        var response = await tud.PostCompletionAsync(ResultsTestKit.Completion(uuAchievement, learner.Email), path: "/api/v1/completions?culture=en");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal(403, (int)problem["status"]!);
        Assert.Contains("another institution", (string)problem["title"]!);
        Assert.Equal(0, await host.DbAsync(db => db.Awards.CountAsync(a => a.AchievementId == uuAchievement, Ct)));
    }

    [Fact]
    public async Task A_client_with_neither_awarding_scope_is_refused_by_both_apis()
    {
        var achievementId = await host.NewAchievementAsync();
        var learner = await host.NewLearnerAsync();
        using var reader = await host.ApiClientAsync(await host.NewUuClientAsync(ApiScopes.AwardsRead), "uu-secret");

        var completion = await reader.PostCompletionAsync(ResultsTestKit.Completion(achievementId, learner.Email));
        Assert.Equal(HttpStatusCode.Forbidden, completion.StatusCode);
        Assert.Contains("results:write", await completion.Content.ReadAsStringAsync(Ct));
        var issue = await reader.PostAsJsonAsync("/credentials/issue", IssueBody(achievementId, learner.Email), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, issue.StatusCode);
        Assert.Contains("awards:write", await issue.Content.ReadAsStringAsync(Ct));
        Assert.Equal(0, await host.DbAsync(db => db.Awards.CountAsync(a => a.AchievementId == achievementId, Ct)));
    }

    [Fact]
    public async Task The_vc_api_stays_the_door_for_awards_write_a_results_write_client_may_neither_issue_nor_revoke_there()
    {
        var achievementId = await host.NewAchievementAsync();
        var learner = await host.NewLearnerAsync();
        using var sis = await host.ApiClientAsync(await host.NewUuClientAsync(ApiScopes.ResultsWrite), "uu-secret");
        var awarded = await sis.PostCompletionAsync(ResultsTestKit.Completion(achievementId, learner.Email));
        var awardId = (string)(await awarded.JsonAsync())["awardId"]!;

        var issue = await sis.PostAsJsonAsync("/credentials/issue", IssueBody(achievementId, (await host.NewLearnerAsync()).Email), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, issue.StatusCode);
        Assert.Contains("awards:write", await issue.Content.ReadAsStringAsync(Ct));
        var revoke = await sis.PostAsJsonAsync("/credentials/status", new JsonObject
        {
            ["credentialId"] = "urn:uuid:" + awardId,
            ["credentialStatus"] = new JsonArray(new JsonObject { ["type"] = "BitstringStatusListCredential", ["status"] = "revoked", ["reason"] = "Test" }),
        }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, revoke.StatusCode);
        Assert.Equal(AwardState.Issued, (await host.AwardAsync(Guid.Parse(awardId))).State);

        // A client with awards:write issues there as before.
        using var vc = await host.ApiClientAsync(await host.NewUuClientAsync(ApiScopes.AwardsWrite), "uu-secret");
        Assert.Equal(HttpStatusCode.Created, (await vc.PostAsJsonAsync("/credentials/issue", IssueBody(achievementId, (await host.NewLearnerAsync()).Email), Ct)).StatusCode);
    }

    [Fact]
    public async Task The_policy_judges_an_api_client_by_its_institution_scopes_and_revocation()
    {
        var achievementId = await host.NewAchievementAsync();
        var resultsClient = await host.NewUuClientAsync(ApiScopes.ResultsWrite);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var policy = scope.ServiceProvider.GetRequiredService<AwardPolicy>();
        var achievement = (await policy.FindAchievementAsync(achievementId, Ct))!;
        var tud = await db.Institutions.Where(i => i.Slug == "tudelft").Select(i => i.Id).SingleAsync(Ct);
        static Awarder.ApiClient Client(string clientId, Guid institution, params string[] scopes) =>
            new(new ClaimsPrincipal(new ClaimsIdentity("test")), clientId, institution, scopes.ToHashSet(), ConfirmedActive: false);

        Assert.True(await policy.MayAwardAsync(Client(resultsClient, achievement.InstitutionId, ApiScopes.ResultsWrite), achievement, Ct));
        Assert.False(await policy.MayAwardAsync(Client(resultsClient, achievement.InstitutionId, ApiScopes.AwardsRead), achievement, Ct));
        Assert.False(await policy.MayAwardAsync(Client(resultsClient, tud, ApiScopes.ResultsWrite, ApiScopes.AwardsWrite), achievement, Ct));
        // Not confirmed active by the request: the policy asks the database, and a revoked client may not award.
        await db.ApiClients.Where(c => c.ClientId == resultsClient).ExecuteUpdateAsync(s => s.SetProperty(c => c.RevokedAt, DateTime.UtcNow), Ct);
        Assert.False(await policy.MayAwardAsync(Client(resultsClient, achievement.InstitutionId, ApiScopes.ResultsWrite), achievement, Ct));
    }

    private Task<(string Email, string Subject)> NewTudLearnerAsync(params string[] affiliations) => host.DbAsync(async db =>
    {
        var key = Guid.NewGuid().ToString("N")[..8];
        var person = new Laurel.Features.Identity.Person { Id = Guid.CreateVersion7(), DisplayName = "Learner " + key, EmailVerification = Laurel.Features.Identity.EmailVerification.Provider, Email = $"tud-{key}@example.org", CreatedAt = DateTime.UtcNow };
        person.Identities.Add(new Laurel.Features.Identity.LinkedIdentity { Id = Guid.CreateVersion7(), Provider = "eduid", Subject = "eduid-" + key, EmailVerification = Laurel.Features.Identity.EmailVerification.Provider, Email = person.Email, LinkedAt = DateTime.UtcNow });
        person.Identities.Add(new Laurel.Features.Identity.LinkedIdentity
        {
            Id = Guid.CreateVersion7(), Provider = "tudelft", Subject = "tud-" + key, HomeOrganisation = "tudelft.nl", Eppn = $"{key}@tudelft.nl",
            Affiliations = [.. affiliations], LinkedAt = DateTime.UtcNow.AddMinutes(1),
        });
        db.Persons.Add(person);
        await db.SaveChangesAsync(Ct);
        return (person.Email, "eduid-" + key);
    });

    [Fact]
    public async Task A_continuing_education_only_institution_refuses_its_initial_students_through_the_results_api()
    {
        var delft = await host.NewAchievementAsync(issuerNameEn: "TU Delft Extension School");
        using var tud = await host.ApiClientAsync(await NewTudClientAsync(ApiScopes.ResultsWrite), "tud-secret");
        var student = await NewTudLearnerAsync("student", "member");
        var professional = await NewTudLearnerAsync("employee");

        // By eduID the learner is found through one linked identity; the rule still sees the institution account's affiliation.
        var byEduId = ResultsTestKit.Completion(delft, "unused");
        byEduId["learner"] = new JsonObject { ["type"] = "eduid", ["id"] = student.Subject };
        var refused = await tud.PostCompletionAsync(byEduId, path: "/api/v1/completions?culture=en");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("initial", (string)(await refused.JsonAsync())["errors"]!["learner.id"]![0]!);
        var byEmail = await tud.PostCompletionAsync(ResultsTestKit.Completion(delft, student.Email));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, byEmail.StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await tud.PostCompletionAsync(ResultsTestKit.Completion(delft, professional.Email))).StatusCode);
        Assert.Equal(1, await host.DbAsync(db => db.Awards.CountAsync(a => a.AchievementId == delft, Ct)));
        // Reading the affiliations stored nothing: every learner still has exactly their two linked identities.
        Assert.Equal(2, await host.DbAsync(db => db.LinkedIdentities.CountAsync(i => i.Person!.Email == professional.Email, Ct)));
    }

    [Fact]
    public async Task An_award_right_after_a_key_rotation_on_another_node_is_signed_with_the_new_key()
    {
        var achievementId = await host.NewAchievementAsync();
        using var api = await host.ApiClientAsync();
        var before = await api.PostCompletionAsync(ResultsTestKit.Completion(achievementId, (await host.NewLearnerAsync()).Email));
        var oldKey = (await host.AwardAsync(Guid.Parse((string)(await before.JsonAsync())["awardId"]!))).SigningKeyId;
        var uu = await host.DbAsync(db => db.Institutions.Where(i => i.Slug == "uu").Select(i => i.Id).SingleAsync(Ct));

        // Another node rotates the key: the real CLI, a separate app on the same database.
        Assert.Equal(0, await LaurelCli.RunAsync(["keys", "rotate", "--institution", "uu", .. host.SecondNodeArgs()]));
        var after = await api.PostCompletionAsync(ResultsTestKit.Completion(achievementId, (await host.NewLearnerAsync()).Email));

        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        var award = await host.AwardAsync(Guid.Parse((string)(await after.JsonAsync())["awardId"]!));
        var active = await host.DbAsync(db => db.IssuerKeys.SingleAsync(k => k.InstitutionId == uu && k.RetiredAt == null, Ct));
        Assert.NotEqual(oldKey, award.SigningKeyId);
        Assert.EndsWith("#" + active.KeyId, award.SigningKeyId);
        Assert.Equal(award.SigningKeyId, (string?)JsonNode.Parse(award.CredentialJson)!["proof"]![0]!["verificationMethod"]);
        Assert.Equal(Laurel.Credentials.Verification.Verdict.Valid, (await host.VerifyAsync(award.CredentialJson)).Verdict);
    }
}

public sealed class AwarderTestsOnSqlite(SqliteHost host) : AwarderTests(host), IClassFixture<SqliteHost>;

public sealed class AwarderTestsOnPostgres(PostgresHost host) : AwarderTests(host), IClassFixture<PostgresHost>;
