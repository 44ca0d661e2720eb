using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Laurel.Tests.Verification;

/// <summary>
/// Issue 15, reopened: an EnvelopedVerifiableCredential (VC 2.0 §4.13.1) — alone in <c>POST /credentials/verify</c> or inside a
/// presentation — is opened and the credential in its data: URL verified (JSON-LD with its proof, or a VC-JWT), instead of being
/// reported as "not a credential".
/// </summary>
public sealed class EnvelopedCredentialTests(VerifyHost host) : IClassFixture<VerifyHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(string path, JsonObject body)
    {
        using var client = host.CreateClient();
        using var response = await client.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), Ct);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject());
    }

    private static JsonObject Envelope(string mediaType, string content) => new()
    {
        ["@context"] = "https://www.w3.org/ns/credentials/v2",
        ["id"] = $"data:{mediaType},{Uri.EscapeDataString(content)}",
        ["type"] = "EnvelopedVerifiableCredential",
    };

    [Fact]
    public async Task An_enveloped_credential_is_verified_by_what_it_holds()
    {
        var (status, body) = await PostAsync("/credentials/verify",
            new JsonObject { ["verifiableCredential"] = Envelope("application/vc+ld+json", host.Issuer.Credential().ToJsonString()) });
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Contains("proof", body["checks"]!.AsArray().Select(c => (string?)c));
        Assert.Equal(host.Issuer.Did, (string?)body["issuerId"]);

        var tampered = host.Issuer.Credential();
        tampered["credentialSubject"]!["achievement"]!["name"] = "Something I did not earn";
        var (refused, refusedBody) = await PostAsync("/credentials/verify",
            new JsonObject { ["verifiableCredential"] = Envelope("application/vc+ld+json", tampered.ToJsonString()) });
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Contains(refusedBody["errors"]!.AsArray(), e => (string?)e!["check"] == "proof");
        Assert.DoesNotContain(refusedBody["errors"]!.AsArray(), e => (string?)e!["code"] == "format.not_a_credential");
    }

    [Fact]
    public async Task A_presentation_with_enveloped_credentials_verifies_each_of_them()
    {
        var jwt = File.ReadAllText(Fixtures.Constructed("ob3-teamwork.vc-jwt.EdDSA.txt")).Trim();
        var presentation = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
            ["type"] = new JsonArray("VerifiablePresentation"),
            ["verifiableCredential"] = new JsonArray(
                Envelope("application/vc+ld+json", host.Issuer.Credential().ToJsonString()),
                Envelope("application/vc+jwt", jwt)),
        };
        var (status, body) = await PostAsync("/presentations/verify", new JsonObject { ["verifiablePresentation"] = presentation });
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.All(body["credentials"]!.AsArray(), c => Assert.Equal("valid", (string?)c!["verdict"]));
        Assert.Equal(2, body["credentials"]!.AsArray().Count);
    }
}
