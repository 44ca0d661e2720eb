using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Laurel.Tests.Verification;

/// <summary>The VC-API verify endpoints, with credentials from another issuer served on loopback.</summary>
public sealed class VerifyApiTests(VerifyHost host) : IClassFixture<VerifyHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(string path, string json, string contentType = "application/json")
    {
        using var client = host.CreateClient();
        using var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, contentType), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    private Task<(HttpStatusCode Status, JsonObject Body)> VerifyAsync(JsonNode credential, JsonObject? options = null) =>
        PostAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = credential, ["options"] = options }.ToJsonString());

    private static List<string> Strings(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToList();

    private static List<string> ErrorChecks(JsonObject body) => body["errors"]!.AsArray().Select(e => e!["check"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task A_valid_credential_answers_200_with_every_check()
    {
        var (status, body) = await VerifyAsync(host.Issuer.Credential(), new JsonObject { ["recipient"] = OtherIssuer.RecipientEmail });
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal(["format", "schema", "proof", "issuer", "status", "dates", "recipient"], Strings(body["checks"]));
        Assert.Empty(body["errors"]!.AsArray());
        Assert.Equal("valid", body["verdict"]!.GetValue<string>());
        Assert.Equal(host.Issuer.Did, body["issuerId"]!.GetValue<string>());
        Assert.Contains(body["details"]!.AsArray(), d => d!["id"]!.GetValue<string>() == "status" && d["code"]!.GetValue<string>() == "status.ok");
    }

    [Fact]
    public async Task A_VC_JWT_string_is_accepted()
    {
        var jwt = File.ReadAllText(Fixtures.Constructed("ob3-teamwork.vc-jwt.EdDSA.txt")).Trim();
        var (status, body) = await VerifyAsync(JsonValue.Create(jwt));
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Contains("proof", Strings(body["checks"]));
    }

    [Fact]
    public async Task A_tampered_credential_answers_400_naming_the_proof_check()
    {
        var credential = host.Issuer.Credential();
        credential["credentialSubject"]!["achievement"]!["name"] = "Something I did not earn";
        var (status, body) = await VerifyAsync(credential);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("proof", ErrorChecks(body));
        Assert.DoesNotContain("proof", Strings(body["checks"]));
    }

    [Fact]
    public async Task A_revoked_credential_answers_400_naming_the_status_check()
    {
        var (status, body) = await VerifyAsync(host.Issuer.Credential(OtherIssuer.RevokedListPath, OtherIssuer.RevokedIndex));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["status"], ErrorChecks(body));
        Assert.Equal("status.revoked", body["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wrong_recipient_fails_the_recipient_check()
    {
        var (status, body) = await VerifyAsync(host.Issuer.Credential(), new JsonObject { ["recipient"] = "someone.else@example.org" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["recipient"], ErrorChecks(body));
    }

    [Fact]
    public async Task A_missing_credential_is_a_validation_problem_naming_the_field()
    {
        var (status, body) = await PostAsync("/credentials/verify", """{"options":{}}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body["errors"]!.AsObject().ContainsKey("verifiableCredential"));
        Assert.Equal(400, body["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_presentation_is_verified_credential_by_credential_and_its_proof_checked()
    {
        var presentation = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
            ["type"] = new JsonArray("VerifiablePresentation"),
            ["holder"] = host.Issuer.Did,
            ["verifiableCredential"] = new JsonArray(host.Issuer.Credential(), host.Issuer.Credential()),
        };
        var signed = host.Issuer.SignPresentation(presentation, "c-123", "employer.example");
        var request = new JsonObject { ["verifiablePresentation"] = signed.DeepClone(), ["options"] = new JsonObject { ["challenge"] = "c-123", ["domain"] = "employer.example" } };
        var (status, body) = await PostAsync("/presentations/verify", request.ToJsonString());
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal(["schema", "proof", "holder", "credentials"], Strings(body["checks"]));
        Assert.Equal(host.Issuer.Did, body["holderId"]!.GetValue<string>());
        Assert.Equal(2, body["credentials"]!.AsArray().Count);

        request["options"]!["challenge"] = "replayed";
        var (replayStatus, replay) = await PostAsync("/presentations/verify", request.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, replayStatus);
        Assert.Equal(["proof"], ErrorChecks(replay));
    }

    [Fact]
    public async Task A_presentation_with_a_revoked_credential_is_invalid()
    {
        var presentation = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
            ["type"] = "VerifiablePresentation",
            ["verifiableCredential"] = new JsonArray(host.Issuer.Credential(), host.Issuer.Credential(OtherIssuer.RevokedListPath, OtherIssuer.RevokedIndex)),
        };
        var (status, body) = await PostAsync("/presentations/verify", new JsonObject { ["verifiablePresentation"] = presentation }.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["credentials"], ErrorChecks(body));
        Assert.Equal(["valid", "invalid"], body["credentials"]!.AsArray().Select(c => c!["verdict"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_VC_2_0_credential_that_is_no_open_badge_answers_200_without_open_badge_checks()
    {
        var (status, body) = await VerifyAsync(host.Issuer.GenericCredential());
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Empty(body["errors"]!.AsArray());
        Assert.Contains(body["details"]!.AsArray(), d => d!["code"]!.GetValue<string>() == "schema.vc_valid");
        Assert.Null(body["achievementName"]);
    }

    [Fact]
    public async Task A_VC_2_0_credential_without_a_subject_answers_400_naming_the_data_model_problem()
    {
        var (status, body) = await VerifyAsync(host.Issuer.GenericCredential(c => c.Remove("credentialSubject")));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var schema = Assert.Single(body["errors"]!.AsArray(), e => e!["check"]!.GetValue<string>() == "schema")!;
        Assert.Equal("schema.vc_invalid", schema["code"]!.GetValue<string>());
        Assert.Contains("credentialSubject", schema["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_credential_sent_as_a_JSON_string_is_refused_with_400()
    {
        var (status, body) = await VerifyAsync(JsonValue.Create(host.Issuer.GenericCredential().ToJsonString()));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body["errors"]!.AsObject().ContainsKey("verifiableCredential"), body.ToJsonString());
    }

    [Fact]
    public async Task A_suspended_credential_answers_400_with_status_suspended_and_a_reinstated_one_200()
    {
        var (status, body) = await VerifyAsync(host.Issuer.SuspendableCredential(suspended: true));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["status"], ErrorChecks(body));
        Assert.Equal("status.suspended", body["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Contains("Not revoked according to", body["errors"]![0]!["detail"]!.GetValue<string>());

        var (okStatus, ok) = await VerifyAsync(host.Issuer.SuspendableCredential(suspended: false));
        Assert.True(okStatus == HttpStatusCode.OK, ok.ToJsonString());
        var detail = Assert.Single(ok["details"]!.AsArray(), d => d!["id"]!.GetValue<string>() == "status")!["detail"]!.GetValue<string>();
        Assert.Contains("Not revoked according to", detail);
        Assert.Contains("Not suspended according to", detail);
        Assert.DoesNotContain("Not revocation", detail);
    }

    private JsonObject Presentation(string? holder, params JsonNode[] credentials)
    {
        var presentation = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
            ["type"] = new JsonArray("VerifiablePresentation"),
        };
        if (holder is not null) presentation["holder"] = holder;
        if (credentials.Length > 0) presentation["verifiableCredential"] = new JsonArray(credentials);
        return presentation;
    }

    private Task<(HttpStatusCode Status, JsonObject Body)> VerifyPresentationAsync(JsonObject presentation, string? challenge = null, string? domain = null) =>
        PostAsync("/presentations/verify", new JsonObject
        {
            ["verifiablePresentation"] = presentation.DeepClone(),
            ["options"] = new JsonObject { ["challenge"] = challenge, ["domain"] = domain },
        }.ToJsonString());

    [Fact]
    public async Task A_signed_presentation_without_credentials_is_DID_authentication_and_answers_200()
    {
        var signed = host.Issuer.SignPresentation(Presentation(host.Issuer.Did), "c-42", "employer.example");

        var (status, body) = await VerifyPresentationAsync(signed, "c-42", "employer.example");
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal(["schema", "proof", "holder"], Strings(body["checks"]));
        Assert.Empty(body["credentials"]!.AsArray());

        var (wrongDomain, wrong) = await VerifyPresentationAsync(signed, "c-42", "elsewhere.example");
        Assert.Equal(HttpStatusCode.BadRequest, wrongDomain);
        Assert.Equal("proof.domain_mismatch", wrong["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_presentation_signed_by_someone_else_than_its_holder_is_invalid()
    {
        var signed = host.Issuer.SignPresentation(Presentation("did:example:alice", host.Issuer.GenericCredential()), "c-1", null);

        var (status, body) = await VerifyPresentationAsync(signed, "c-1");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["holder"], ErrorChecks(body));
        Assert.Equal("holder.key_mismatch", body["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unsigned_presentation_is_valid_only_through_its_credentials_and_never_with_a_challenge()
    {
        var (status, body) = await VerifyPresentationAsync(Presentation(null, host.Issuer.GenericCredential()));
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Contains(body["warnings"]!.AsArray(), w => w!["code"]!.GetValue<string>() == "proof.presentation_unsigned");

        var (challenged, _) = await VerifyPresentationAsync(Presentation(null, host.Issuer.GenericCredential()), "c-2");
        Assert.Equal(HttpStatusCode.BadRequest, challenged);
        var (empty, emptyBody) = await VerifyPresentationAsync(Presentation(null));
        Assert.Equal(HttpStatusCode.BadRequest, empty);
        Assert.Equal(["proof"], ErrorChecks(emptyBody));
    }

    [Fact]
    public async Task A_presentation_holding_a_credential_as_a_string_fails_its_structure_check()
    {
        var presentation = Presentation(null, host.Issuer.GenericCredential());
        presentation["verifiableCredential"]!.AsArray().Add(host.Issuer.GenericCredential().ToJsonString());

        var (status, body) = await VerifyPresentationAsync(presentation);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("schema", ErrorChecks(body));
        Assert.Contains("verifiableCredential[1]", body["errors"]![0]!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_verify_APIs_with_schemas()
    {
        using var client = host.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json", Ct))!;
        var schemas = document["components"]!["schemas"]!.AsObject();
        JsonNode Resolve(JsonNode schema) =>
            schema["$ref"] is { } reference ? schemas[reference.GetValue<string>().Split('/')[^1]]! : schema;
        foreach (var (path, bodyProperty, result) in new[]
        {
            ("/credentials/verify", "verifiableCredential", "VerificationResult"),
            ("/presentations/verify", "verifiablePresentation", "PresentationVerificationResult"),
        })
        {
            var post = document["paths"]?[path]?["post"];
            Assert.NotNull(post);
            var request = Resolve(post["requestBody"]!["content"]!["application/json"]!["schema"]!);
            Assert.NotNull(request["properties"]?[bodyProperty]);
            Assert.Equal("#/components/schemas/" + result, post["responses"]?["200"]?["content"]?["application/json"]?["schema"]?["$ref"]?.GetValue<string>());
            Assert.NotNull(post["responses"]?["413"]);
            Assert.NotNull(post["responses"]?["415"]);
        }
        Assert.NotNull(schemas["VerificationResult"]!["properties"]!["checks"]);
    }
}
