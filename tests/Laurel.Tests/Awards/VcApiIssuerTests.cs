using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.StatusList;
using Laurel.Features.Demo;
using Laurel.Features.Publishing.Keys;

namespace Laurel.Tests.Awards;

/// <summary>
/// POST /credentials/issue as a VC-API issuer of any VC 2.0 credential (signed exactly as asked, or refused naming every field),
/// and POST /credentials/status for such credentials (both request forms), as an integrator and a verifier see them.
/// </summary>
public abstract class VcApiIssuerTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> ApiClientAsync(string? scope = null, bool otherInstitution = false)
    {
        var (id, secret) = otherInstitution ? await host.NewOtherInstitutionClientAsync() : (DemoData.DemoApiClientId, DemoData.DemoApiClientSecret);
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await host.TokenAsync(id, secret, scope));
        return client;
    }

    private string UuDid
    {
        get
        {
            using var scope = host.Services.CreateScope();
            var uu = scope.ServiceProvider.GetRequiredService<Laurel.Infrastructure.Database.LaurelDb>().Institutions.Single(i => i.Slug == "uu").Id;
            return scope.ServiceProvider.GetRequiredService<IssuerKeys>().DidOfAsync(uu, Ct).GetAwaiter().GetResult();
        }
    }

    internal static JsonObject Credential(string? id = null) => new()
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
        ["id"] = id ?? $"urn:uuid:{Guid.NewGuid()}",
        ["type"] = new JsonArray("VerifiableCredential", "https://example.org/#CourseCredential"),
        ["name"] = new JsonArray(new JsonObject { ["@value"] = "Cursus", ["@language"] = "nl" }, new JsonObject { ["@value"] = "Course", ["@language"] = "en", ["@direction"] = "ltr" }),
        ["validFrom"] = "2025-02-01T09:00:00+01:00",
        ["validUntil"] = "2030-01-01T00:00:00Z",
        ["credentialSubject"] = new JsonObject { ["id"] = "did:example:learner", ["name"] = "Alex" },
        ["credentialSchema"] = new JsonObject { ["id"] = "https://example.org/schema.json", ["type"] = "JsonSchema" },
        ["evidence"] = new JsonArray(new JsonObject { ["id"] = "https://example.org/evidence/1", ["type"] = "https://example.org/#Exam" }),
        ["termsOfUse"] = new JsonObject { ["type"] = "https://example.org/#Policy" },
        ["refreshService"] = new JsonObject { ["id"] = "https://example.org/refresh", ["type"] = "https://example.org/#Refresh" },
    };

    private static async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(HttpClient client, string path, JsonNode body)
    {
        var response = await client.PostAsJsonAsync(path + "?culture=en", body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject());
    }

    private static JsonObject IssueBody(JsonObject credential, JsonObject? options = null) =>
        new() { ["credential"] = credential.DeepClone(), ["options"] = options?.DeepClone() ?? new JsonObject() };

    [Fact]
    public async Task A_VC_2_0_credential_is_signed_exactly_as_asked_with_both_status_entries_and_verifies()
    {
        using var client = await ApiClientAsync();
        var asked = Credential();
        var (status, body) = await PostAsync(client, "/credentials/issue",
            IssueBody(asked, new JsonObject { ["created"] = "2025-03-01T10:00:00Z" }));

        Assert.Equal(HttpStatusCode.Created, status);
        var vc = body["verifiableCredential"]!.AsObject();
        var proof = vc["proof"]!.AsObject();
        Assert.Equal("2025-03-01T10:00:00Z", (string?)proof["created"]);
        Assert.Equal("eddsa-rdfc-2022", (string?)proof["cryptosuite"]);
        Assert.StartsWith(UuDid + "#", (string?)proof["verificationMethod"]);
        var entries = vc["credentialStatus"]!.AsArray();
        Assert.Equal(["revocation", "suspension"], entries.Select(e => (string?)e!["statusPurpose"]));
        Assert.All(entries, e => Assert.Equal("BitstringStatusListEntry", (string?)e!["type"]));

        // What was asked is what was signed: only the issuer (omitted) and Laurel's status entries and proof were added.
        var signedPart = vc.DeepClone().AsObject();
        foreach (var added in new[] { "proof", "credentialStatus" }) signedPart.Remove(added);
        Assert.Equal(UuDid, (string?)signedPart["issuer"]);
        signedPart.Remove("issuer");
        Assert.True(JsonNode.DeepEquals(asked, signedPart), signedPart.ToJsonString());

        var resolver = host.Services.GetRequiredService<LocalIssuerResolver>();
        Assert.True((await DataIntegrityProofs.VerifyAsync(vc, resolver, ct: Ct)).Verified);
        vc["validUntil"] = "2031-01-01T00:00:00Z";
        Assert.False((await DataIntegrityProofs.VerifyAsync(vc, resolver, ct: Ct)).Verified);
    }

    [Fact]
    public async Task Every_problem_is_named_at_once_and_nothing_is_signed()
    {
        using var client = await ApiClientAsync();
        var credential = Credential();
        credential["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://example.org/contexts/mine.jsonld", 12);
        credential["validUntil"] = "2020-01-01T00:00:00Z";
        credential["name"] = new JsonObject { ["@value"] = "x", ["url"] = "y" };
        credential["evidence"] = new JsonObject { ["id"] = "https://example.org/e" };
        credential["credentialSubject"] = new JsonObject();
        credential["proof"] = new JsonObject { ["type"] = "DataIntegrityProof" };
        var (status, body) = await PostAsync(client, "/credentials/issue",
            IssueBody(credential, new JsonObject { ["created"] = "yesterday", ["mandatoryPointers"] = new JsonArray("/issuer") }));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = body["errors"]!.AsObject().Select(e => e.Key).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "credential.@context[1]", "credential.@context[2]", "credential.validUntil", "credential.name", "credential.evidence.type",
            "credential.credentialSubject", "credential.proof", "options.created", "options.mandatoryPointers",
        }, errors);
        Assert.Contains("https://example.org/contexts/mine.jsonld", body["errors"]!["credential.@context[1]"]![0]!.ToString());
    }

    [Fact]
    public async Task A_term_the_contexts_do_not_define_is_refused_by_name_never_dropped()
    {
        using var client = await ApiClientAsync();
        var credential = Credential();
        credential["credentialSubject"]!["favouriteColour"] = "blue";
        var (status, body) = await PostAsync(client, "/credentials/issue", IssueBody(credential));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("favouriteColour", body["errors"]!["credential"]![0]!.ToString());

        // With the W3C undefined-terms context the caller opts in to @vocab, and the same claim is signed.
        credential["@context"]!.AsArray().Add("https://www.w3.org/ns/credentials/undefined-terms/v2");
        credential["id"] = $"urn:uuid:{Guid.NewGuid()}";
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(client, "/credentials/issue", IssueBody(credential))).Status);
    }

    [Fact]
    public async Task Signing_as_another_institution_or_without_the_right_is_forbidden()
    {
        using var client = await ApiClientAsync();
        var elsewhere = Credential();
        elsewhere["issuer"] = "did:web:example.com";
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(client, "/credentials/issue", IssueBody(elsewhere))).Status);

        // An API client of another institution asks for UU's DID.
        using var other = await ApiClientAsync(otherInstitution: true);
        var asUu = Credential();
        asUu["issuer"] = new JsonObject { ["id"] = UuDid, ["name"] = "Universiteit Utrecht" };
        var (status, body) = await PostAsync(other, "/credentials/issue", IssueBody(asUu));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains(UuDid, (string?)body["title"]);

        using var readOnly = await ApiClientAsync(scope: "awards:read");
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(readOnly, "/credentials/issue", IssueBody(Credential()))).Status);
        using var results = await ApiClientAsync(scope: "results:write");
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(results, "/credentials/issue", IssueBody(Credential()))).Status);
        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(anonymous, "/credentials/issue", IssueBody(Credential()))).Status);

        // An awarder of one issuer may award its definitions, not sign anything as the whole institution; an institution admin may.
        using var awarder = await host.SignInAsDemoAsync("awarder");
        var named = Credential();
        named["issuer"] = UuDid;
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(awarder, "/credentials/issue", IssueBody(named))).Status);
        // Without an institution of their own to sign as, Laurel cannot fill the issuer in and says so.
        var (unnamed, unnamedBody) = await PostAsync(awarder, "/credentials/issue", IssueBody(Credential()));
        Assert.Equal(HttpStatusCode.BadRequest, unnamed);
        Assert.Contains("credential.issuer", unnamedBody["errors"]!.AsObject().Select(e => e.Key));
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        var (adminStatus, adminBody) = await PostAsync(admin, "/credentials/issue", IssueBody(Credential()));
        Assert.Equal(HttpStatusCode.Created, adminStatus);
        Assert.Equal(UuDid, (string?)adminBody["verifiableCredential"]!["issuer"]);
    }

    [Fact]
    public async Task The_credential_id_is_unique_and_a_VC_1_1_credential_is_signed_without_status_entries()
    {
        using var client = await ApiClientAsync();
        var credential = Credential();
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(client, "/credentials/issue", IssueBody(credential))).Status);
        // Other content under an id already issued (an identical repeat is the same credential, see the next test).
        var other = (JsonObject)credential.DeepClone();
        other["credentialSubject"]!["name"] = "Sam";
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(client, "/credentials/issue", IssueBody(other))).Status);

        var v1 = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/2018/credentials/v1"),
            ["id"] = $"urn:uuid:{Guid.NewGuid()}",
            ["type"] = new JsonArray("VerifiableCredential"),
            ["issuanceDate"] = "2025-01-01T00:00:00Z",
            ["expirationDate"] = "2030-01-01T00:00:00Z",
            ["credentialSubject"] = new JsonObject { ["id"] = "did:example:learner" },
        };
        var (status, body) = await PostAsync(client, "/credentials/issue", IssueBody(v1));
        Assert.Equal(HttpStatusCode.Created, status);
        var vc = body["verifiableCredential"]!.AsObject();
        Assert.Null(vc["credentialStatus"]);
        Assert.IsType<JsonObject>(vc["proof"]);
        Assert.True((await DataIntegrityProofs.VerifyAsync(vc, host.Services.GetRequiredService<LocalIssuerResolver>(), ct: Ct)).Verified);
    }

    [Fact]
    public async Task Repeating_an_issue_request_returns_the_credential_already_issued_and_nothing_else_reuses_its_id()
    {
        // The W3C vc-data-model-2.0 suite issues https://example.org/credentials/1 on every run: a second run against the same
        // Laurel (or an integrator retrying after a lost answer) must get that credential again, not a 409 and an unusable id.
        using var client = await ApiClientAsync();
        var credential = Credential();
        var (first, firstBody) = await PostAsync(client, "/credentials/issue", IssueBody(credential));
        Assert.Equal(HttpStatusCode.Created, first);
        var issued = firstBody["verifiableCredential"]!.AsObject();
        var (again, againBody) = await PostAsync(client, "/credentials/issue", IssueBody(credential));
        Assert.Equal(HttpStatusCode.Created, again);
        Assert.Equal(issued.ToJsonString(), againBody["verifiableCredential"]!.ToJsonString());
        Assert.True((await DataIntegrityProofs.VerifyAsync(againBody["verifiableCredential"]!.AsObject(),
            host.Services.GetRequiredService<LocalIssuerResolver>(), ct: Ct)).Verified);

        // One id, one credential: other claims, other options, another institution, a revoked credential: 409 each time.
        var changed = (JsonObject)credential.DeepClone();
        changed["validUntil"] = "2031-01-01T00:00:00Z";
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(client, "/credentials/issue", IssueBody(changed))).Status);
        var onePurpose = new JsonObject { ["credentialStatus"] = new JsonObject { ["type"] = "BitstringStatusListEntry", ["statusPurpose"] = "revocation" } };
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(client, "/credentials/issue", IssueBody(credential, onePurpose))).Status);
        var otherCreated = new JsonObject { ["created"] = "2025-03-01T00:00:00Z" };
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(client, "/credentials/issue", IssueBody(credential, otherCreated))).Status);
        using var otherInstitution = await ApiClientAsync(otherInstitution: true);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(otherInstitution, "/credentials/issue", IssueBody(credential))).Status);

        var (revoked, _) = await PostAsync(client, "/credentials/status", new JsonObject
        {
            ["credentialId"] = (string)credential["id"]!,
            ["credentialStatus"] = new JsonObject { ["type"] = "BitstringStatusListEntry", ["statusPurpose"] = "revocation" },
        });
        Assert.Equal(HttpStatusCode.OK, revoked);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(client, "/credentials/issue", IssueBody(credential))).Status);
    }

    [Fact]
    public async Task A_repeated_request_with_its_own_created_and_one_status_purpose_is_the_same_credential_too()
    {
        using var client = await ApiClientAsync();
        var credential = Credential();
        var options = new JsonObject
        {
            ["created"] = "2025-03-01T10:00:00Z",
            ["credentialStatus"] = new JsonObject { ["type"] = "BitstringStatusListEntry", ["statusPurpose"] = "suspension" },
        };
        var (first, firstBody) = await PostAsync(client, "/credentials/issue", IssueBody(credential, options));
        Assert.Equal(HttpStatusCode.Created, first);
        Assert.Equal("suspension", (string?)firstBody["verifiableCredential"]!["credentialStatus"]!["statusPurpose"]);
        var (again, againBody) = await PostAsync(client, "/credentials/issue", IssueBody(credential, options));
        Assert.Equal(HttpStatusCode.Created, again);
        Assert.Equal(firstBody["verifiableCredential"]!.ToJsonString(), againBody["verifiableCredential"]!.ToJsonString());
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(client, "/credentials/issue", IssueBody(credential))).Status);
    }

    [Fact]
    public async Task Status_changes_of_a_generic_credential_show_in_the_served_status_lists()
    {
        using var client = await ApiClientAsync();
        var credential = Credential();
        var id = (string)credential["id"]!;
        var vc = (await PostAsync(client, "/credentials/issue", IssueBody(credential))).Body["verifiableCredential"]!.AsObject();
        var revocation = vc["credentialStatus"]![0]!.AsObject();
        var suspension = vc["credentialStatus"]![1]!.AsObject();
        Assert.False(await BitAsync(client, suspension));

        // The Bitstring Status List form (the W3C suite's updateStatus): suspend, then clear the bit.
        var (suspended, suspendedBody) = await PostAsync(client, "/credentials/status", new JsonObject
        {
            ["credentialId"] = id,
            ["credentialStatus"] = new JsonObject { ["type"] = "BitstringStatusListEntry", ["statusPurpose"] = "suspension" },
        });
        Assert.Equal(HttpStatusCode.OK, suspended);
        Assert.Equal("suspended", (string?)suspendedBody["status"]);
        Assert.True(await BitAsync(client, suspension));
        Assert.False(await BitAsync(client, revocation));
        var reinstated = await PostAsync(client, "/credentials/status", new JsonObject
        {
            ["credentialId"] = id,
            ["credentialStatus"] = new JsonObject { ["type"] = "BitstringStatusListEntry", ["statusPurpose"] = "suspension", ["status"] = false },
        });
        Assert.Equal(HttpStatusCode.OK, reinstated.Status);
        Assert.False(await BitAsync(client, suspension));

        // Laurel's form: revoke with a reason; revocation is final.
        var revoke = new JsonObject
        {
            ["credentialId"] = id,
            ["credentialStatus"] = new JsonArray(new JsonObject { ["type"] = "BitstringStatusListCredential", ["status"] = "revoked", ["reason"] = "Issued in error" }),
        };
        var (revoked, revokedBody) = await PostAsync(client, "/credentials/status", revoke);
        Assert.Equal(HttpStatusCode.OK, revoked);
        Assert.Equal("Issued in error", (string?)revokedBody["reason"]);
        Assert.True(await BitAsync(client, revocation));
        var (undo, undoBody) = await PostAsync(client, "/credentials/status", new JsonObject
        {
            ["credentialId"] = id,
            ["credentialStatus"] = new JsonObject { ["type"] = "BitstringStatusListEntry", ["statusPurpose"] = "revocation", ["status"] = false },
        });
        Assert.Equal(HttpStatusCode.BadRequest, undo);
        Assert.Contains("credentialStatus.status", undoBody["errors"]!.AsObject().Select(e => e.Key));
        Assert.True(await BitAsync(client, revocation));

        // Another institution's client may not touch it.
        using var other = await ApiClientAsync(otherInstitution: true);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(other, "/credentials/status", revoke)).Status);
    }

    [Fact]
    public async Task A_credentialStatus_in_the_request_is_signed_as_sent_and_Laurel_does_not_pretend_to_manage_it()
    {
        using var client = await ApiClientAsync();
        var credential = Credential();
        var own = new JsonObject
        {
            ["id"] = "https://status.example.org/lists/3#99", ["type"] = "BitstringStatusListEntry", ["statusPurpose"] = "revocation",
            ["statusListIndex"] = "99", ["statusListCredential"] = "https://status.example.org/lists/3",
        };
        credential["credentialStatus"] = own.DeepClone();
        var (status, body) = await PostAsync(client, "/credentials/issue", IssueBody(credential));
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.True(JsonNode.DeepEquals(own, body["verifiableCredential"]!["credentialStatus"]));

        var (change, changeBody) = await PostAsync(client, "/credentials/status", new JsonObject
        {
            ["credentialId"] = (string)credential["id"]!,
            ["credentialStatus"] = new JsonObject { ["type"] = "BitstringStatusListEntry", ["statusPurpose"] = "revocation" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, change);
        Assert.Contains("credentialStatus.status", changeBody["errors"]!.AsObject().Select(e => e.Key));

        // Only the suspension entry, on request.
        var onlySuspension = await PostAsync(client, "/credentials/issue", IssueBody(Credential(), new JsonObject
        {
            ["credentialStatus"] = new JsonObject { ["type"] = "BitstringStatusListEntry", ["statusPurpose"] = "suspension" },
        }));
        Assert.Equal(HttpStatusCode.Created, onlySuspension.Status);
        Assert.Equal("suspension", (string?)onlySuspension.Body["verifiableCredential"]!["credentialStatus"]!["statusPurpose"]);
    }

    [Fact]
    public async Task Hostile_input_is_refused_quickly()
    {
        using var client = await ApiClientAsync();
        var credential = Credential();
        credential["@context"]!.AsArray().Add("https://www.w3.org/ns/credentials/undefined-terms/v2");
        credential["credentialSubject"]!["items"] = new JsonArray([.. Enumerable.Range(0, 12_000).Select(i => (JsonNode)new JsonObject { ["n"] = i })]);
        var clock = Stopwatch.StartNew();
        var (status, body) = await PostAsync(client, "/credentials/issue", IssueBody(credential));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("MaxArrayLength", body["errors"]!["credential"]![0]!.ToString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");

        var deep = new StringBuilder("{\"credential\":");
        for (var i = 0; i < 200; i++) deep.Append("{\"a\":");
        deep.Append('1').Append('}', 201);
        var deepResponse = await client.PostAsync("/credentials/issue", new StringContent(deep.ToString(), Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, deepResponse.StatusCode);

        var huge = Credential();
        huge["credentialSubject"]!["name"] = new string('a', 1_100_000);
        var hugeResponse = await client.PostAsJsonAsync("/credentials/issue", IssueBody(huge), Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, hugeResponse.StatusCode);
    }

    [Fact]
    public async Task An_award_request_naming_another_issuer_is_refused_not_rewritten()
    {
        var achievementId = await host.NewAchievementAsync();
        using var client = await ApiClientAsync();
        var elsewhere = CredentialsApiTests.IssueBody(achievementId, (await host.NewLearnerAsync()).Email);
        elsewhere["credential"]!["issuer"] = "did:web:example.com";
        var (status, body) = await PostAsync(client, "/credentials/issue", elsewhere);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("did:web:example.com", (string?)body["title"]);

        var named = CredentialsApiTests.IssueBody(achievementId, (await host.NewLearnerAsync()).Email);
        named["credential"]!["issuer"] = new JsonObject { ["id"] = UuDid };
        var (awarded, awardedBody) = await PostAsync(client, "/credentials/issue", named);
        Assert.Equal(HttpStatusCode.Created, awarded);
        Assert.Equal(UuDid, (string?)awardedBody["verifiableCredential"]!["issuer"]!["id"]);
    }

    private async Task<bool> BitAsync(HttpClient client, JsonObject entry)
    {
        var url = new Uri((string)entry["statusListCredential"]!);
        var list = JsonNode.Parse(await client.GetStringAsync(url.PathAndQuery, Ct))!;
        var bits = StatusBitstring.Decode((string)list["credentialSubject"]!["encodedList"]!);
        return bits.Get(int.Parse((string)entry["statusListIndex"]!, System.Globalization.CultureInfo.InvariantCulture));
    }
}

public sealed class VcApiIssuerTestsOnSqlite(SqliteHost host) : VcApiIssuerTests(host), IClassFixture<SqliteHost>;

public sealed class VcApiIssuerTestsOnPostgres(PostgresHost host) : VcApiIssuerTests(host), IClassFixture<PostgresHost>;
