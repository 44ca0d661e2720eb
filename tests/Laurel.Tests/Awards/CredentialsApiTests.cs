using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Verification;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Demo;

namespace Laurel.Tests.Awards;

/// <summary>VC-API issue and status endpoints: API clients of the institution and staff with the Award right; ProblemDetails otherwise.</summary>
public abstract class CredentialsApiTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static JsonObject IssueBody(Guid achievementId, string email, string completed = "2025-06-20") => new()
    {
        ["credential"] = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["credentialSubject"] = new JsonObject
            {
                ["type"] = new JsonArray("AchievementSubject"),
                ["identifier"] = new JsonArray(new JsonObject { ["type"] = "IdentityObject", ["hashed"] = false, ["identityType"] = "emailAddress", ["identityHash"] = email }),
                ["achievement"] = new JsonObject { ["id"] = $"http://localhost:5000/catalog/{achievementId}" },
                ["activityEndDate"] = completed,
                ["result"] = new JsonArray(new JsonObject { ["type"] = new JsonArray("Result"), ["value"] = "7.5" }),
            },
            ["evidence"] = new JsonArray(new JsonObject { ["id"] = "https://uu.example/evidence/9", ["name"] = "Exam" }),
        },
        ["options"] = new JsonObject(),
    };

    private async Task<HttpClient> ApiClientAsync(bool otherInstitution = false)
    {
        var (id, secret) = otherInstitution ? await host.NewOtherInstitutionClientAsync() : (DemoData.DemoApiClientId, DemoData.DemoApiClientSecret);
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await host.TokenAsync(id, secret));
        return client;
    }

    [Fact]
    public async Task Api_client_of_the_institution_issues_a_credential_that_verifies()
    {
        var achievementId = await host.NewAchievementAsync();
        var learner = await host.NewLearnerAsync();
        using var client = await ApiClientAsync();
        var response = await client.PostAsJsonAsync("/credentials/issue", IssueBody(achievementId, learner.Email), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var vc = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["verifiableCredential"]!.AsObject();
        Assert.Equal("7.5", (string?)vc["credentialSubject"]!["result"]![0]!["value"]);
        var report = await host.VerifyAsync(vc.ToJsonString(), new VerificationRequest { RecipientIdentity = learner.Email, RecipientIdentityType = "emailAddress" });
        Assert.Equal(Verdict.Valid, report.Verdict);
        Assert.Equal(CheckOutcome.Passed, report.Check(CheckIds.Recipient)!.Outcome);
    }

    [Fact]
    public async Task Staff_issue_and_revoke_through_the_api_and_the_status_list_follows()
    {
        var achievementId = await host.NewAchievementAsync();
        using var staff = await host.SignInAsDemoAsync("awarder");
        var issued = await staff.PostAsJsonAsync("/credentials/issue", IssueBody(achievementId, (await host.NewLearnerAsync()).Email), Ct);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var vc = JsonNode.Parse(await issued.Content.ReadAsStringAsync(Ct))!["verifiableCredential"]!;
        var credentialId = (string)vc["id"]!;

        var noReason = await staff.PostAsJsonAsync("/credentials/status", new JsonObject
        {
            ["credentialId"] = credentialId, ["credentialStatus"] = new JsonArray(new JsonObject { ["type"] = "BitstringStatusListCredential", ["status"] = "revoked" }),
        }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("credentialStatus[0].reason", await noReason.Content.ReadAsStringAsync(Ct));

        var revoke = await staff.PostAsJsonAsync("/credentials/status", new JsonObject
        {
            ["credentialId"] = credentialId,
            ["credentialStatus"] = new JsonArray(new JsonObject { ["type"] = "BitstringStatusListCredential", ["status"] = "revoked", ["reason"] = "Issued by mistake" }),
        }, Ct);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        var body = JsonNode.Parse(await revoke.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("revoked", (string?)body["status"]);
        Assert.Equal("Issued by mistake", (string?)body["reason"]);
        var report = await host.VerifyAsync(vc.ToJsonString());
        Assert.Equal("status.revoked", report.Check(CheckIds.Status)!.Code);
    }

    [Fact]
    public async Task A_scheduled_award_has_no_status_to_change_and_the_api_says_so()
    {
        var achievementId = await host.NewAchievementAsync();
        using var staff = await host.SignInAsDemoAsync("awarder");
        var scheduledFor = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var award = await Laurel.Tests.Claims.ClaimFlowTests.DirectAwardAsync(host, staff, achievementId, (await host.NewLearnerAsync()).Email,
            scheduledFor: scheduledFor);
        Assert.Equal(AwardState.Scheduled, award.State);

        var revoke = await staff.PostAsJsonAsync("/credentials/status", new JsonObject
        {
            ["credentialId"] = CredentialBuilder.CredentialId(award.Id),
            ["credentialStatus"] = new JsonArray(new JsonObject { ["type"] = "BitstringStatusListCredential", ["status"] = "revoked", ["reason"] = "Wrong learner" }),
        }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, revoke.StatusCode);
        var problem = JsonNode.Parse(await revoke.Content.ReadAsStringAsync(Ct))!;
        // No Accept-Language: an API answers in English.
        Assert.Contains("has no signed credential", (string?)problem["errors"]!["credentialStatus[0].status"]![0]);
        Assert.Equal(AwardState.Scheduled, (await host.AwardAsync(award.Id)).State);
    }

    [Fact]
    public async Task Every_problem_in_the_issue_request_is_named_at_once()
    {
        var achievementId = await host.NewAchievementAsync(gradeRequired: true);
        using var client = await ApiClientAsync();
        var body = IssueBody(achievementId, (await host.NewLearnerAsync()).Email, completed: "2999-01-01");
        body["credential"]!["credentialSubject"]!.AsObject().Remove("result");
        body["credential"]!["evidence"]![0]!["id"] = "javascript:alert(1)";
        var response = await client.PostAsJsonAsync("/credentials/issue?culture=en", body, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["errors"]!.AsObject();
        Assert.Contains("credential.credentialSubject.activityEndDate", errors.Select(e => e.Key));
        Assert.Contains("credential.credentialSubject.result[0].value", errors.Select(e => e.Key));
        Assert.Contains("credential.evidence[0].id", errors.Select(e => e.Key));

        var unknown = IssueBody(achievementId, "nobody-" + Guid.NewGuid().ToString("N")[..6] + "@example.org");
        var unknownResponse = await client.PostAsJsonAsync("/credentials/issue?culture=en", unknown, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknownResponse.StatusCode);
        Assert.Contains("has signed in to Laurel yet", await unknownResponse.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Refusals_are_problem_details_with_the_right_status()
    {
        var achievementId = await host.NewAchievementAsync();
        var email = (await host.NewLearnerAsync()).Email;

        using var anonymous = host.CreateClient();
        var noAuth = await anonymous.PostAsJsonAsync("/credentials/issue", IssueBody(achievementId, email), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, noAuth.StatusCode);
        Assert.Equal("application/problem+json", noAuth.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/credentials/status", new JsonObject(), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/credentials/issue", null, Ct)).StatusCode);

        using var badToken = host.CreateClient();
        badToken.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await badToken.PostAsJsonAsync("/credentials/issue", IssueBody(achievementId, email), Ct)).StatusCode);

        using var other = await ApiClientAsync(otherInstitution: true);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync("/credentials/issue", IssueBody(achievementId, email), Ct)).StatusCode);

        using var viewer = await host.SignInAsDemoAsync("viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/credentials/issue", IssueBody(achievementId, email), Ct)).StatusCode);

        using var client = await ApiClientAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/credentials/issue", IssueBody(Guid.NewGuid(), email), Ct)).StatusCode);
        var text = await client.PostAsync("/credentials/issue", new StringContent("credential=1", Encoding.UTF8, "application/x-www-form-urlencoded"), Ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal("application/problem+json", text.Content.Headers.ContentType!.MediaType);
        var garbage = await client.PostAsync("/credentials/issue", new StringContent("{\"credential\": [", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        var deep = await client.PostAsync("/credentials/issue", new StringContent(new string('[', 5000) + new string(']', 5000), Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, deep.StatusCode);
        var huge = await client.PostAsync("/credentials/issue", new StringContent("{\"x\":\"" + new string('a', 2 * 1024 * 1024) + "\"}", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);

        // A status change for another institution's credential is refused too.
        using var staff = await host.SignInAsDemoAsync("awarder");
        var awardId = await staff.AwardThroughPageAsync(achievementId, email);
        var change = new JsonObject
        {
            ["credentialId"] = CredentialBuilder.CredentialId(awardId),
            ["credentialStatus"] = new JsonArray(new JsonObject { ["status"] = "suspended", ["reason"] = "x" }),
        };
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync("/credentials/status", change, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/credentials/status", change, Ct)).StatusCode);
        change["credentialId"] = $"urn:uuid:{Guid.NewGuid()}";
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/credentials/status", change, Ct)).StatusCode);
        Assert.Equal(AwardState.Issued, (await host.AwardAsync(awardId)).State);
    }

    [Fact]
    public async Task Both_endpoints_are_in_the_OpenAPI_document()
    {
        using var client = host.CreateClient();
        var doc = await client.GetStringAsync("/openapi/v1.json", Ct);
        Assert.Contains("\"/credentials/issue\"", doc);
        Assert.Contains("\"/credentials/status\"", doc);
        Assert.Contains("IssueCredentialRequest", doc);
    }
}

public sealed class CredentialsApiTestsOnSqlite(SqliteHost host) : CredentialsApiTests(host), IClassFixture<SqliteHost>;

public sealed class CredentialsApiTestsOnPostgres(PostgresHost host) : CredentialsApiTests(host), IClassFixture<PostgresHost>;
