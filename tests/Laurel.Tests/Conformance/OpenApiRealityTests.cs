using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Conformance;

/// <summary>
/// The OpenAPI document against real answers: Laurel is called as a wallet, a verifier's wallet, an OB 2.0 backpack, a browser
/// and a probe would call it, and every answer's status must be one the document lists for that operation, with the
/// Content-Type the document names for it (or no body where it names none, and a Location where it describes a redirect).
/// So the document cannot drift from what the wallet protocol, download and file endpoints really send.
/// </summary>
public sealed class OpenApiRealityTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string Hex = Guid.NewGuid().ToString("N");

    private async Task<JsonObject> DocumentAsync(HttpClient client) =>
        JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json", Ct))!["paths"]!.AsObject();

    /// <summary>Checks one real answer against the document's operation <paramref name="template"/>; returns what does not match.</summary>
    private static async Task<string?> MismatchAsync(JsonObject paths, string method, string template, HttpResponseMessage response)
    {
        var label = $"{method} {template} → {(int)response.StatusCode}";
        if (paths[template]?[method.ToLowerInvariant()] is not JsonObject operation) return label + ": operation not in the document";
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation["responses"]?[status] is not JsonObject documented) return label + ": status not documented";
        var content = documented["content"] as JsonObject;
        var body = await response.Content.ReadAsByteArrayAsync(Ct);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (content is null or { Count: 0 })
        {
            if (body.Length > 0) return label + $": documented without a body, answered {mediaType} ({body.Length} bytes)";
        }
        else if (mediaType is null || !content.ContainsKey(mediaType))
            return label + $": answered {mediaType ?? "no content type"}, documented {string.Join(", ", content.Select(c => c.Key))}";
        if (documented["headers"]?["Location"] is not null && response.Headers.Location is null) return label + ": no Location header";
        return null;
    }

    private sealed record Call(string Method, string Template, string Url, HttpContent? Body = null, string? Accept = null,
        HttpStatusCode? Expected = null);

    [Fact]
    public async Task Wallet_protocol_download_and_file_answers_have_the_status_and_content_type_the_document_names()
    {
        var awardId = await host.CreateAwardAsync(new AwardSpec { IsPublic = true, ShowGrade = true });
        var (slug, achievementId) = await host.DbAsync(async db =>
        {
            var award = await db.Awards.Include(a => a.Achievement).SingleAsync(a => a.Id == awardId);
            var institution = await db.Institutions.SingleAsync(i => i.Id == award.InstitutionId);
            return (institution.Slug, award.AchievementId);
        });
        var unknown = Guid.NewGuid();
        StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
        FormUrlEncodedContent Form(params (string, string)[] fields) => new(fields.Select(f => KeyValuePair.Create(f.Item1, f.Item2)));

        Call[] calls =
        [
            // Operations and OpenID4VCI (VCI-2.1, 3.1, 5.1, 6.1, 6.8; SD-JWT VC type metadata).
            new("GET", "/health", "/health", Expected: HttpStatusCode.OK),
            new("GET", "/.well-known/openid-credential-issuer/oid4vci/{slug}", $"/.well-known/openid-credential-issuer/oid4vci/{slug}", Expected: HttpStatusCode.OK),
            new("GET", "/oid4vci/{slug}/.well-known/openid-credential-issuer", $"/oid4vci/{slug}/.well-known/openid-credential-issuer", Expected: HttpStatusCode.OK),
            new("GET", "/.well-known/openid-credential-issuer/oid4vci/{slug}", "/.well-known/openid-credential-issuer/oid4vci/no-such-institution", Expected: HttpStatusCode.NotFound),
            new("POST", "/oid4vci/{slug}/nonce", $"/oid4vci/{slug}/nonce", Expected: HttpStatusCode.OK),
            new("POST", "/oid4vci/{slug}/credential", $"/oid4vci/{slug}/credential", Json("""{"credential_configuration_id":"x","proofs":{"jwt":["x"]}}"""), Expected: HttpStatusCode.Unauthorized),
            new("POST", "/oid4vci/{slug}/notification", $"/oid4vci/{slug}/notification", Json("""{"notification_id":"x","event":"credential_accepted"}"""), Expected: HttpStatusCode.Unauthorized),
            new("GET", "/oid4vci/offers/{offerId}", $"/oid4vci/offers/{Hex}", Expected: HttpStatusCode.NotFound),
            new("GET", "/oid4vci/{slug}/types/{achievementId}", $"/oid4vci/{slug}/types/{achievementId:N}", Expected: HttpStatusCode.OK),
            new("GET", "/oid4vci/{slug}/types/{achievementId}", $"/oid4vci/{slug}/types/{Hex}", Expected: HttpStatusCode.NotFound),
            // VCALM exchanges and the interaction URL.
            new("POST", "/wallet/exchanges/{offerId}", $"/wallet/exchanges/{Hex}", Json("{}"), Expected: HttpStatusCode.NotFound),
            new("POST", "/wallet/exchanges/{offerId}", $"/wallet/exchanges/{Hex}", new StringContent("x", Encoding.UTF8, "text/plain"), Expected: HttpStatusCode.UnsupportedMediaType),
            new("POST", "/presentations/exchanges/{requestId}", $"/presentations/exchanges/{unknown}", Json("{}"), Expected: HttpStatusCode.NotFound),
            new("POST", "/presentations/exchanges/{requestId}/sessions/{sessionId}", $"/presentations/exchanges/{unknown}/sessions/{unknown}", Json("{}"), Expected: HttpStatusCode.NotFound),
            new("GET", "/ask/{requestId}/interact", $"/ask/{unknown}/interact", Accept: "application/json", Expected: HttpStatusCode.NotFound),
            new("GET", "/ask/{requestId}/interact", $"/ask/{unknown}/interact", Accept: "text/html", Expected: HttpStatusCode.Found),
            // OpenID4VP.
            new("GET", "/oid4vp/requests/{requestId}", $"/oid4vp/requests/{unknown}", Expected: HttpStatusCode.NotFound),
            new("POST", "/oid4vp/requests/{requestId}", $"/oid4vp/requests/{unknown}", Json("{}"), Expected: HttpStatusCode.UnsupportedMediaType),
            new("POST", "/oid4vp/responses/{sessionId}", $"/oid4vp/responses/{unknown}", Form(("state", "x"), ("vp_token", "{}")), Expected: HttpStatusCode.BadRequest),
            // Open Badges 2.0 hosted documents.
            new("GET", "/ob2/assertions/{id}", $"/ob2/assertions/{awardId}", Expected: HttpStatusCode.OK),
            new("GET", "/ob2/assertions/{id}", $"/ob2/assertions/{awardId}", Accept: "application/json", Expected: HttpStatusCode.OK),
            new("GET", "/ob2/assertions/{id}", $"/ob2/assertions/{unknown}", Expected: HttpStatusCode.NotFound),
            new("GET", "/ob2/badges/{id}", $"/ob2/badges/{achievementId}", Expected: HttpStatusCode.OK),
            new("GET", "/badges/{id}/badge-ob2.png", $"/badges/{awardId}/badge-ob2.png", Expected: HttpStatusCode.OK),
            // Public files of a badge.
            new("GET", "/badges/{id}/credential.json", $"/badges/{awardId}/credential.json", Expected: HttpStatusCode.OK),
            new("GET", "/badges/{id}/credential.json", $"/badges/{unknown}/credential.json", Expected: HttpStatusCode.NotFound),
            new("GET", "/badges/{id}/credential.jwt", $"/badges/{awardId}/credential.jwt", Expected: HttpStatusCode.NotFound),
            new("GET", "/badges/{id}/badge.png", $"/badges/{awardId}/badge.png", Expected: HttpStatusCode.OK),
            new("GET", "/badges/{id}/badge.svg", $"/badges/{awardId}/badge.svg", Expected: HttpStatusCode.OK),
            new("GET", "/badges/{id}/certificate.pdf", $"/badges/{awardId}/certificate.pdf", Expected: HttpStatusCode.OK),
            new("GET", "/badges/{id}/share.png", $"/badges/{awardId}/share.png", Expected: HttpStatusCode.OK),
            new("GET", "/badges/{id}/linkedin", $"/badges/{awardId}/linkedin?to=feed", Expected: HttpStatusCode.Found),
            new("GET", "/catalog/{id}/badge.png", $"/catalog/{achievementId}/badge.png", Expected: HttpStatusCode.OK),
            new("GET", "/catalog/{id}/image", $"/catalog/{unknown}/image", Expected: HttpStatusCode.NotFound),
            new("GET", "/backpack/badges/{id}/qr.png", $"/backpack/badges/{awardId}/qr.png", Expected: HttpStatusCode.OK),
            new("GET", "/collections/{id}/qr.png", $"/collections/{unknown}/qr.png", Expected: HttpStatusCode.NotFound),
            new("GET", "/recognition/decisions/{key}", $"/recognition/decisions/{Hex}", Expected: HttpStatusCode.NotFound),
            new("GET", "/institutions/{slug}/logo", "/institutions/no-such-institution/logo", Expected: HttpStatusCode.NotFound),
            // Staff and learner downloads without a session.
            new("GET", "/manage/awards/{id}/credential.json", $"/manage/awards/{awardId}/credential.json", Expected: HttpStatusCode.Found),
            new("GET", "/manage/achievements/{id}/bulk/template.csv", $"/manage/achievements/{achievementId}/bulk/template.csv", Expected: HttpStatusCode.Found),
            new("GET", "/backpack/exemptions/{applicationId}/letter.pdf", $"/backpack/exemptions/{unknown}/letter.pdf", Expected: HttpStatusCode.NotFound),
        ];

        using var client = host.CreateClient();
        var paths = await DocumentAsync(client);
        var problems = new List<string>();
        foreach (var call in calls)
        {
            using var request = new HttpRequestMessage(new HttpMethod(call.Method), call.Url) { Content = call.Body };
            if (call.Accept is not null) request.Headers.Accept.ParseAdd(call.Accept);
            using var response = await client.SendAsync(request, Ct);
            if (call.Expected is { } expected && response.StatusCode != expected)
                problems.Add($"{call.Method} {call.Url}: expected {(int)expected}, got {(int)response.StatusCode}");
            if (await MismatchAsync(paths, call.Method, call.Template, response) is { } mismatch) problems.Add(mismatch);
        }
        Assert.True(problems.Count == 0, "Answers the OpenAPI document does not describe:\n" + string.Join("\n", problems));
    }
}
