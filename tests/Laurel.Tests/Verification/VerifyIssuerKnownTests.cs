using System.Net;
using System.Text;
using Laurel.Tests.Pathways;

namespace Laurel.Tests.Verification;

/// <summary>A verifier host whose operator trusts its <see cref="OtherIssuer"/> (Laurel:TrustedIssuers), under a name of the list's own.</summary>
public sealed class TrustedVerifyHost : VerifyHost
{
    public const string ListedAs = "Registry: Hogeschool Elders";

    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Laurel:TrustedIssuers:0:Id"] = Issuer.Did;
        settings["Laurel:TrustedIssuers:0:Name"] = ListedAs;
    }
}

/// <summary>
/// Issue 12 finding 1 on the public verifier: after the checks, a separate line says who proved to have issued the credential
/// (the signing key is the issuer's) and whether this Laurel knows that issuer — one of its institutions, on its trusted-issuer
/// list, or unknown, in which case the name is only the credential's own claim. Without a recipient the page says the
/// recipient was not checked.
/// </summary>
public sealed class VerifyIssuerKnownTests(TrustedVerifyHost host) : IClassFixture<TrustedVerifyHost>
{
    private static string Known(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "data-issuer-known=\"(\\w+)\"") is { Success: true } m ? m.Groups[1].Value : "(absent)";

    [Fact]
    public async Task A_credential_signed_by_an_institution_on_this_Laurel_names_that_institution_as_known_issuer()
    {
        var (credential, _) = await LaurelIssuing.IssueAsync(host);
        var did = credential["issuer"]!["id"]!.GetValue<string>();

        var (status, html) = await VerifyPageTests.PostFileAsync(host, Encoding.UTF8.GetBytes(credential.ToJsonString()), "badge.json", culture: "en");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("LaurelInstitution", Known(html));
        // The name comes from Laurel's own records (the credential itself says "Universiteit Utrecht").
        Assert.Contains($"Known issuer: {did} is an institution on this Laurel (Utrecht University).", WebUtility.HtmlDecode(html));
        var (_, dutch) = await VerifyPageTests.PostFileAsync(host, Encoding.UTF8.GetBytes(credential.ToJsonString()), "badge.json", culture: "nl");
        Assert.Contains($"Bekende uitgever: {did} is een instelling op deze Laurel (Universiteit Utrecht).", WebUtility.HtmlDecode(dutch));
    }

    [Fact]
    public async Task A_credential_signed_at_home_with_a_fresh_did_key_has_a_valid_signature_but_an_unknown_issuer_whose_name_is_its_own_claim()
    {
        var (forged, did) = await IndependentSigner.SignAsync("https://badges.example.edu/achievements/1", "someone@example.org", "Universiteit Utrecht");

        var (status, html) = await VerifyPageTests.PostTextAsync(host, forged, culture: "en");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Passed", VerifyPageTests.Outcome(html, "proof"));
        Assert.Equal("Unknown", Known(html));
        html = WebUtility.HtmlDecode(html);
        Assert.Contains($"Unknown issuer: the signature is from {did}, which this Laurel does not know; the name \"Universiteit Utrecht\" is the credential's own claim.", html);
        Assert.DoesNotContain("Known issuer:", html);
        // No recipient was given: the page must not suggest it checked to whom the credential was issued.
        Assert.Contains("<strong>Recipient</strong>: <span class=\"verify-outcome\">not checked</span>", html);
        Assert.Contains("No recipient was given, so it was not checked to whom the credential was issued.", html);

        var (_, dutch) = await VerifyPageTests.PostTextAsync(host, forged, culture: "nl");
        Assert.Contains($"Onbekende uitgever: de handtekening komt van {did}, die deze Laurel niet kent; de naam \"Universiteit Utrecht\" is een eigen bewering van het credential.",
            WebUtility.HtmlDecode(dutch));
        Assert.Contains("<strong>Ontvanger</strong>: <span class=\"verify-outcome\">niet gecontroleerd</span>", WebUtility.HtmlDecode(dutch));
    }

    [Fact]
    public async Task A_credential_from_an_issuer_on_the_trusted_list_shows_the_list_name()
    {
        var credential = Encoding.UTF8.GetBytes(host.Issuer.Credential().ToJsonString());

        var (status, html) = await VerifyPageTests.PostFileAsync(host, credential, "badge.json", OtherIssuer.RecipientEmail, "en");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Trusted", Known(html));
        Assert.Contains($"Known issuer: {host.Issuer.Did} is on this Laurel's trusted-issuer list ({TrustedVerifyHost.ListedAs}).", WebUtility.HtmlDecode(html));
        Assert.Equal("Passed", VerifyPageTests.Outcome(html, "recipient"));
        var (_, dutch) = await VerifyPageTests.PostFileAsync(host, credential, "badge.json", culture: "nl");
        Assert.Contains($"Bekende uitgever: {host.Issuer.Did} staat op de lijst van vertrouwde uitgevers van deze Laurel ({TrustedVerifyHost.ListedAs}).",
            WebUtility.HtmlDecode(dutch));
    }

    [Fact]
    public async Task A_tampered_credential_does_not_get_its_trusted_issuer_confirmed()
    {
        var credential = host.Issuer.Credential();
        credential["credentialSubject"]!["achievement"]!["name"] = "Forged";

        var (_, html) = await VerifyPageTests.PostTextAsync(host, credential.ToJsonString(), "en");

        Assert.Equal("Failed", VerifyPageTests.Outcome(html, "proof"));
        Assert.Equal("Unproven", Known(html));
        Assert.Contains("Issuer not confirmed: the signature is not tied to the issuer the credential names", WebUtility.HtmlDecode(html));
        Assert.DoesNotContain(TrustedVerifyHost.ListedAs, WebUtility.HtmlDecode(html));
    }
}
