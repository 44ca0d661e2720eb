using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Laurel.Tests.Verification;

/// <summary>
/// Issue 15, reopened: the error texts of <c>POST /credentials/verify</c> and <c>POST /presentations/verify</c> follow
/// Accept-Language (Dutch when asked, English by default) like the other APIs' — their field errors, the validation title and
/// the title of each failed check — while codes and problem types stay the same in every language.
/// </summary>
public sealed class VerifyApiLanguageTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(string path, string json, string? acceptLanguage)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (acceptLanguage is not null) request.Headers.Add("Accept-Language", acceptLanguage);
        using var response = await client.SendAsync(request, Ct);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject());
    }

    [Fact]
    public async Task Request_errors_of_the_verify_apis_are_Dutch_when_asked_and_English_by_default()
    {
        var stringCredential = """{"verifiableCredential": "{\"type\": [\"VerifiableCredential\"]}"}""";
        var (status, dutch) = await PostAsync("/credentials/verify", stringCredential, "nl-NL, en;q=0.5");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Een of meer velden zijn niet geldig.", (string?)dutch["title"]);
        Assert.Contains("moet een credential-object zijn", (string?)dutch["errors"]!["verifiableCredential"]![0]);

        var (_, english) = await PostAsync("/credentials/verify", stringCredential, null);
        Assert.Equal("One or more validation errors occurred.", (string?)english["title"]);
        Assert.Contains("must be a credential object", (string?)english["errors"]!["verifiableCredential"]![0]);
        Assert.Equal((string?)english["type"], (string?)dutch["type"]);

        var (presentationStatus, presentation) = await PostAsync("/presentations/verify", """{"options": {"challenge": 5}}""", "nl");
        Assert.Equal(HttpStatusCode.BadRequest, presentationStatus);
        Assert.Contains("verplicht", (string?)presentation["errors"]!["verifiablePresentation"]![0]);
        Assert.Contains("moet een string zijn", (string?)presentation["errors"]!["options.challenge"]![0]);
    }

    [Fact]
    public async Task A_failed_check_is_titled_in_the_asked_language_with_the_same_code()
    {
        // A credential without a proof: the proof check fails.
        var unsigned = new JsonObject
        {
            ["verifiableCredential"] = new JsonObject
            {
                ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
                ["type"] = new JsonArray("VerifiableCredential"),
                ["issuer"] = "did:example:issuer",
                ["credentialSubject"] = new JsonObject { ["id"] = "did:example:subject" },
            },
        }.ToJsonString();
        var (status, dutch) = await PostAsync("/credentials/verify", unsigned, "nl");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var (_, english) = await PostAsync("/credentials/verify", unsigned, "en");
        var nlProof = dutch["errors"]!.AsArray().Single(e => (string?)e!["code"] == "proof.missing")!;
        var enProof = english["errors"]!.AsArray().Single(e => (string?)e!["code"] == "proof.missing")!;
        Assert.Equal("The credential carries no digital signature.", (string?)enProof["title"]);
        Assert.NotEqual((string?)enProof["title"], (string?)nlProof["title"]);
        Assert.Equal((string?)enProof["type"], (string?)nlProof["type"]);
    }
}
