using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Laurel.Tests.Verification;

/// <summary>Issue 4 "Done means": hostile or broken input gives a clear report or a 4xx on both the page and the API, never a 500.</summary>
public sealed class BadInputTests(VerifyHost host) : IClassFixture<VerifyHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Deep(int depth) => new string('[', depth) + new string(']', depth);

    private async Task<(HttpStatusCode Status, string Body, string? ContentType)> PostApiAsync(HttpContent content)
    {
        using var client = host.CreateClient();
        // Expect: 100-continue (as curl sends for large bodies) lets the server refuse before the client uploads everything.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/credentials/verify") { Content = content };
        request.Headers.ExpectContinue = true;
        using var response = await client.SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct), response.Content.Headers.ContentType?.MediaType);
    }

    private Task<(HttpStatusCode Status, string Body, string? ContentType)> PostApiAsync(string json) =>
        PostApiAsync(new StringContent(json, Encoding.UTF8, "application/json"));

    private static string Wrap(JsonNode credential) => new JsonObject { ["verifiableCredential"] = credential }.ToJsonString();

    /// <summary>A credential whose status list lives at <paramref name="statusUrl"/>, signed by the loopback issuer.</summary>
    private JsonObject CredentialWithStatusAt(string statusUrl) => host.Issuer.Credential(change: c => c["credentialStatus"]!["statusListCredential"] = statusUrl);

    private JsonObject UnknownContextCredential()
    {
        var credential = host.Issuer.Credential();
        credential["@context"]!.AsArray().Add("https://unknown.example/contexts/v1");
        return credential;
    }

    public static TheoryData<string, string> HostileStatusUrls => new()
    {
        { "loopback-not-allowed", "http://127.0.0.1:{otherPort}/status" },
        { "private", "http://10.0.0.1/status" },
        { "cloud-metadata", "http://169.254.169.254/latest/meta-data/" },
        { "redirect-to-private", "{issuer}/to?target=http%3A%2F%2F10.0.0.1%2Fstatus" },
        { "redirect-to-metadata", "{issuer}/to?target=http%3A%2F%2F169.254.169.254%2Flatest%2Fmeta-data%2F" },
    };

    private string Expand(string template) => template
        .Replace("{otherPort}", (host.Issuer.Server.BaseUrl.Port == 1 ? 2 : host.Issuer.Server.BaseUrl.Port - 1).ToString())
        .Replace("{issuer}", host.Issuer.Server.BaseUrl.AbsoluteUri.TrimEnd('/'));

    // ---- API ----

    [Theory]
    [InlineData("text/plain", "{}", 0, "request.unsupported-media-type")]
    [InlineData("application/json", "", 3, "request.body-too-large")]
    [InlineData("application/json", "{\"verifiableCredential\": [", 0, "request.malformed-json")]
    public async Task Api_body_problems_carry_a_stable_type_and_code(string contentType, string json, int megabytes, string code)
    {
        var body = megabytes > 0 ? "{\"x\":\"" + new string(' ', megabytes * 1024 * 1024) + "\"}" : json;
        var (_, answer, type) = await PostApiAsync(new StringContent(body, Encoding.UTF8, contentType));
        Assert.Equal("application/problem+json", type);
        var problem = JsonNode.Parse(answer)!;
        Assert.Equal(code, problem["code"]!.GetValue<string>());
        Assert.EndsWith("/" + code, problem["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Api_garbage_body_is_a_400_problem()
    {
        var (status, body, type) = await PostApiAsync("this is not json {");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", type);
        Assert.Contains("not valid JSON", body);
    }

    [Fact]
    public async Task Api_garbage_credential_string_is_a_400_problem_naming_the_field()
    {
        // A string is read only as a VC-JWT; anything else in a string is refused before verification (issue 15).
        var (status, body, type) = await PostApiAsync(Wrap(JsonValue.Create("garbage garbage")));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", type);
        Assert.True(JsonNode.Parse(body)!["errors"]!.AsObject().ContainsKey("verifiableCredential"), body);
    }

    [Fact]
    public async Task Api_garbage_credential_object_is_a_400_report_naming_the_format_check()
    {
        var (status, body, _) = await PostApiAsync(Wrap(new JsonObject { ["garbage"] = "garbage" }));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("format", JsonNode.Parse(body)!["errors"]![0]!["check"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    public async Task Api_body_over_2_MB_is_a_413_problem(int megabytes)
    {
        var padding = new string(' ', megabytes * 1024 * 1024);
        var (status, body, type) = await PostApiAsync("{\"verifiableCredential\":{\"x\":\"" + padding + "\"}}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("application/problem+json", type);
        Assert.Contains("larger than 2 MB", body);
    }

    [Fact]
    public async Task Api_10000_deep_nesting_is_a_400_problem()
    {
        var (status, body, type) = await PostApiAsync("{\"verifiableCredential\":" + Deep(10_000) + "}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", type);
        Assert.Contains("nests deeper", body);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    public async Task Api_wrong_content_type_is_a_415_problem(string contentType)
    {
        var (status, body, type) = await PostApiAsync(new StringContent(Wrap(host.Issuer.Credential()), Encoding.UTF8, contentType));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal("application/problem+json", type);
        Assert.Contains("application/json", body);
    }

    [Fact]
    public async Task Api_unknown_context_fails_the_proof_check()
    {
        var (status, body, _) = await PostApiAsync(Wrap(UnknownContextCredential()));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("proof", JsonNode.Parse(body)!["errors"]!.AsArray().Select(e => e!["check"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Api_decompression_bomb_status_list_fails_the_status_check()
    {
        var (status, body, _) = await PostApiAsync(Wrap(host.Issuer.Credential(OtherIssuer.BombListPath)));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = JsonNode.Parse(body)!["errors"]![0]!;
        Assert.Equal("status", error["check"]!.GetValue<string>());
        Assert.Equal("status.list_error", error["code"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(HostileStatusUrls))]
    public async Task Api_status_list_at_an_internal_address_is_not_fetched(string name, string template)
    {
        var (status, body, _) = await PostApiAsync(Wrap(CredentialWithStatusAt(Expand(template))));
        Assert.True(status == HttpStatusCode.BadRequest, name);
        var error = JsonNode.Parse(body)!["errors"]![0]!;
        Assert.Equal("status.unavailable", error["code"]!.GetValue<string>());
        Assert.Contains("does not fetch", error["detail"]!.GetValue<string>());
    }

    // ---- Page ----

    [Fact]
    public async Task Page_garbage_file_gives_a_clear_report()
    {
        var (status, html) = await VerifyPageTests.PostFileAsync(host, Encoding.UTF8.GetBytes("\u0001\u0002garbage"), "x.json", culture: "en");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Failed", VerifyPageTests.Outcome(html, "format"));
        Assert.Contains("The input is not credential JSON, a VC-JWT or a badge image.", html);
    }

    [Fact]
    public async Task Page_10_MB_JSON_file_is_refused_with_a_clear_message()
    {
        var big = Encoding.UTF8.GetBytes("{\"x\":\"" + new string('a', 10 * 1024 * 1024) + "\"}");
        var (status, html) = await VerifyPageTests.PostFileAsync(host, big, "big.json", culture: "en");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("The file is larger than 5 MB; a credential is never that large.", html);
    }

    [Fact]
    public async Task Page_10_MB_pasted_text_is_refused_with_a_clear_message()
    {
        var (status, html) = await VerifyPageTests.PostTextAsync(host, "{\"x\":\"" + new string('a', 10 * 1024 * 1024) + "\"}", "en");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("The text is longer than 5 MB; a credential is never that large.", html);
    }

    [Fact]
    public async Task Page_10000_deep_nesting_gives_a_clear_report()
    {
        var (status, html) = await VerifyPageTests.PostTextAsync(host, Deep(10_000), "en");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Failed", VerifyPageTests.Outcome(html, "format"));
        Assert.Contains("The text is not valid JSON (or it nests too deeply).", html);
    }

    [Fact]
    public async Task Page_unknown_context_fails_the_signature_check()
    {
        var (_, html) = await VerifyPageTests.PostTextAsync(host, UnknownContextCredential().ToJsonString(), "en");
        Assert.Contains("data-verdict=\"Invalid\"", html);
        Assert.Equal("Failed", VerifyPageTests.Outcome(html, "proof"));
    }

    [Fact]
    public async Task Page_decompression_bomb_status_list_fails_the_status_check()
    {
        var (status, html) = await VerifyPageTests.PostTextAsync(host, host.Issuer.Credential(OtherIssuer.BombListPath).ToJsonString(), "en");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Failed", VerifyPageTests.Outcome(html, "status"));
        Assert.Contains("The status could not be read from the issuer&#x27;s status list.", html);
    }

    [Theory]
    [MemberData(nameof(HostileStatusUrls))]
    public async Task Page_address_to_an_internal_host_is_not_fetched(string name, string template)
    {
        var (_, html) = await VerifyPageTests.PostUrlAsync(host, Expand(template));
        Assert.True(VerifyPageTests.Outcome(html, "format") == "Failed", name);
        Assert.Contains("The address could not be fetched.", html);
        Assert.Contains("does not fetch from it", html);
    }

    [Theory]
    [MemberData(nameof(HostileStatusUrls))]
    public async Task Page_status_list_at_an_internal_address_is_not_fetched(string name, string template)
    {
        var (status, html) = await VerifyPageTests.PostTextAsync(host, CredentialWithStatusAt(Expand(template)).ToJsonString(), "en");
        Assert.True(status == HttpStatusCode.OK, name);
        Assert.Equal("Failed", VerifyPageTests.Outcome(html, "status"));
        Assert.Contains("does not fetch from it", html);
    }
}
