using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Laurel.Tests.Verification;

/// <summary>The /verify page without JavaScript: upload, paste, address, in Dutch and English, errors shown with the field named.</summary>
public sealed class VerifyPageTests(VerifyHost host) : IClassFixture<VerifyHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static async Task<(HttpStatusCode Status, string Html)> PostFileAsync(LaurelHost host, byte[] content, string fileName, string? recipient = null, string culture = "nl")
    {
        using var client = host.CreateClient();
        var page = await client.GetStringAsync($"/verify?culture={culture}", Ct);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(LaurelHost.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new StringContent(recipient ?? ""), "Recipient" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        using var response = await client.PostAsync($"/verify?handler=File&culture={culture}", form, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    internal static async Task<(HttpStatusCode Status, string Html)> PostTextAsync(LaurelHost host, string text, string culture = "nl")
    {
        using var client = host.CreateClient();
        var page = await client.GetStringAsync($"/verify?culture={culture}", Ct);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(LaurelHost.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new StringContent(text), "Text" },
        };
        using var response = await client.PostAsync($"/verify?handler=Text&culture={culture}", form, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    internal static string Outcome(string html, string check) =>
        System.Text.RegularExpressions.Regex.Match(html, $"data-check=\"{check}\" data-outcome=\"(\\w+)\"") is { Success: true } m ? m.Groups[1].Value : "(absent)";

    [Theory]
    [InlineData("nl", "Een credential controleren", "Een bestand uploaden")]
    [InlineData("en", "Verify a credential", "Upload a file")]
    public async Task The_page_offers_three_ways_in_in_both_languages(string culture, string heading, string fileHeading)
    {
        using var client = host.CreateClient();
        var html = await client.GetStringAsync($"/verify?culture={culture}", Ct);
        Assert.Contains($"<h1>{heading}</h1>", html);
        Assert.Contains(fileHeading, html);
        Assert.Contains("type=\"file\" id=\"file\" name=\"file\"", html);
        Assert.Contains("<textarea id=\"text\"", html);
        Assert.Contains("type=\"url\" id=\"url\" name=\"url\"", html);
        Assert.Equal(3, html.Split("name=\"__RequestVerificationToken\"").Length - 1 - (html.Contains("/account/sign-out") ? 1 : 0));
        Assert.Contains("/js/verify.js", html);
        Assert.DoesNotContain("<script>", html);
    }

    [Fact]
    public async Task An_uploaded_credential_shows_the_verdict_every_check_explained_and_the_key_facts()
    {
        var credential = Encoding.UTF8.GetBytes(host.Issuer.Credential().ToJsonString());
        var (status, html) = await PostFileAsync(host, credential, "badge.json", OtherIssuer.RecipientEmail, "en");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Valid: this credential is authentic and in force.", html);
        foreach (var check in new[] { "format", "schema", "proof", "issuer", "status", "dates", "recipient" })
            Assert.Equal("Passed", Outcome(html, check));
        Assert.Contains($"The signing key belongs to the issuer {host.Issuer.Did} (Hogeschool Elders).", html);
        Assert.Contains("The issuer has not revoked or suspended this credential.", html);
        Assert.Contains("Data Literacy for Professionals", html);
        Assert.Contains("EQF level 6", html);
        Assert.Contains("5 EC", html);
        Assert.Contains("emailAddress: identified by a protected (hashed) identifier", html);
    }

    [Fact]
    public async Task A_revoked_credential_is_shown_as_not_valid_in_Dutch()
    {
        var credential = Encoding.UTF8.GetBytes(host.Issuer.Credential(OtherIssuer.RevokedListPath, OtherIssuer.RevokedIndex).ToJsonString());
        var (_, html) = await PostFileAsync(host, credential, "badge.json");
        Assert.Contains("Niet geldig: minstens één controle is mislukt.", WebUtility.HtmlDecode(html));
        Assert.Equal("Failed", Outcome(html, "status"));
        Assert.Contains("De uitgever heeft dit credential ingetrokken.", html);
    }

    [Theory]
    [InlineData("ob3-teamwork.vc-jwt.baked.png", "baked in a PNG image")]
    [InlineData("ob3-teamwork.vc-jwt.baked.svg", "baked in an SVG image")]
    [InlineData("ob3-teamwork.vc-jwt.EdDSA.txt", "Open Badges 3.0 (VC-JWT)")]
    public async Task Baked_images_and_JWT_files_from_another_issuer_verify(string fixture, string formatText)
    {
        var (status, html) = await PostFileAsync(host, await File.ReadAllBytesAsync(Fixtures.Constructed(fixture), Ct), fixture, culture: "en");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-verdict=\"Valid\"", html);
        Assert.Contains(formatText, html);
        Assert.Equal("Passed", Outcome(html, "proof"));
    }

    [Theory]
    [InlineData("nl", "De uitgever heeft dit credential opgeschort.")]
    [InlineData("en", "The issuer has suspended this credential.")]
    public async Task A_suspended_credential_is_not_valid_and_the_status_check_says_suspended(string culture, string explanation)
    {
        var (_, html) = await PostTextAsync(host, host.Issuer.SuspendableCredential(suspended: true).ToJsonString(), culture);
        Assert.Contains("data-verdict=\"Invalid\"", html);
        Assert.Equal("Failed", Outcome(html, "status"));
        Assert.Contains(explanation, System.Net.WebUtility.HtmlDecode(html));
    }

    [Fact]
    public async Task A_VC_2_0_credential_that_is_no_open_badge_is_valid_on_the_page()
    {
        var (status, html) = await PostTextAsync(host, host.Issuer.GenericCredential().ToJsonString(), "en");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-verdict=\"Valid\"", html);
        Assert.Equal("Passed", Outcome(html, "schema"));
        Assert.Contains("W3C verifiable credential (JSON-LD, Data Integrity proof)", html);
    }

    [Fact]
    public async Task Pasted_tampered_text_names_the_failing_signature_check()
    {
        var credential = host.Issuer.Credential();
        credential["credentialSubject"]!["achievement"]!["name"] = "Forged";
        var (_, html) = await PostTextAsync(host, credential.ToJsonString(), "en");
        Assert.Contains("data-verdict=\"Invalid\"", html);
        Assert.Equal("Failed", Outcome(html, "proof"));
        Assert.Contains("The digital signature does not match the content", html);
    }

    [Fact]
    public async Task Missing_input_shows_an_error_summary_linking_to_the_field()
    {
        var (status, html) = await PostTextAsync(host, "   ", "en");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("<a href=\"#text\">Paste the credential text.</a>", html);
        Assert.Contains("aria-describedby=\"text-error\"", html);
        Assert.Contains("id=\"text-error\"", html);

        var (fileStatus, fileHtml) = await PostFileAsync(host, [], "empty.json", culture: "en");
        Assert.Equal(HttpStatusCode.BadRequest, fileStatus);
        Assert.Contains("<a href=\"#file\">Choose a file to verify.</a>", fileHtml);
    }

    /// <summary>The address form: a POST with the page's anti-forgery token (a GET never makes Laurel fetch).</summary>
    internal static async Task<(HttpStatusCode Status, string Html)> PostUrlAsync(LaurelHost host, string url, string culture = "en")
    {
        using var client = host.CreateClient();
        var page = await client.GetStringAsync($"/verify?culture={culture}", Ct);
        using var response = await client.PostAsync($"/verify?handler=Url&culture={culture}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LaurelHost.AntiforgeryToken(page),
            ["url"] = url,
        }), Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task The_address_form_verifies_the_credential_it_points_to()
    {
        var (status, html) = await PostUrlAsync(host, host.Issuer.DocumentUrl("/credential.json").AbsoluteUri);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-verdict=\"Valid\"", html);
        Assert.Equal("Passed", Outcome(html, "status"));
    }

    [Fact]
    public async Task A_url_in_the_query_only_fills_in_the_address_form_and_is_not_fetched()
    {
        // Issue 12: GET /verify?url= made Laurel fetch any address for anyone (an anonymous fetch proxy).
        using var client = host.CreateClient();
        var address = host.Issuer.DocumentUrl("/credential.json").AbsoluteUri;
        var html = await client.GetStringAsync("/verify?culture=en&url=" + Uri.EscapeDataString(address), Ct);
        Assert.DoesNotContain("data-verdict", html);
        Assert.Contains($"id=\"url\" name=\"url\" value=\"{address}\"", html);
    }

    [Fact]
    public async Task The_address_form_without_the_antiforgery_token_is_refused_and_nothing_is_fetched()
    {
        using var client = host.CreateClient();
        using var response = await client.PostAsync("/verify?handler=Url", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["url"] = host.Issuer.DocumentUrl("/credential.json").AbsoluteUri,
        }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("data-verdict", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task The_url_form_rejects_what_is_not_a_web_address()
    {
        using var client = host.CreateClient();
        var page = await client.GetStringAsync("/verify?culture=en", Ct);
        using var response = await client.PostAsync("/verify?handler=Url&culture=en", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LaurelHost.AntiforgeryToken(page),
            ["url"] = "javascript:alert(1)",
        }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<a href=\"#url\">Enter a full web address starting with https:// or http://.</a>", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        using var client = host.CreateClient();
        using var response = await client.PostAsync("/verify?handler=Text", new FormUrlEncodedContent(new Dictionary<string, string> { ["Text"] = "{}" }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("data-verdict", await response.Content.ReadAsStringAsync(Ct));
    }
}
