using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Laurel.Credentials.Baking;
using Laurel.Tests.Verification;
using static Laurel.Tests.Conformance.DisplayerBadges;

namespace Laurel.Tests.Conformance;

/// <summary>
/// The 1EdTech Open Badges 3.0 Displayer certification walk (OB3-8.2) on the public verifier: three badges — valid, expired,
/// revoked through a <c>1EdTechRevocationList</c> served by the issuer's (loopback) server — once as VC 2.0 and once as VC 1.1-era
/// OB 3.0 badges, all signed with eddsa-rdfc-2022, each brought in one of the three ways a viewer has (a baked PNG/SVG upload,
/// pasted JSON, an address); verification runs when the viewer presses the button. The result shows the checklist: the baked
/// image, name, description, issuer name, issue date and the state (valid / expired / revoked), in Dutch and English.
/// </summary>
public sealed partial class DisplayerWalkTests(VerifyHost host) : IClassFixture<VerifyHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public enum Way { BakedPng, BakedSvg, Paste, Address }

    private (JsonObject Badge, string ListPath) Issue(Kind kind, bool vc11)
    {
        var listPath = $"/revocations/{Guid.NewGuid():N}";
        var listUrl = host.Issuer.DocumentUrl(listPath).AbsoluteUri;
        var badge = host.Issuer.Credential(change: Change(kind, vc11, listUrl));
        JsonObject[] revoked = kind == Kind.Revoked ? [Entry((string)badge["id"]!, reason: "Awarded in error")] : [];
        host.Issuer.Publish(listPath, RevocationList(listUrl, host.Issuer.Did, [Entry("urn:uuid:" + Guid.NewGuid(), reason: "Another badge"), .. revoked]).ToJsonString());
        return (badge, listPath);
    }

    private async Task<(HttpStatusCode Status, string Html)> ViewAsync(JsonObject badge, Way way, string culture)
    {
        var json = badge.ToJsonString();
        switch (way)
        {
            case Way.BakedPng:
            case Way.BakedSvg:
                var (file, name) = way == Way.BakedPng ? ("ob3-microcredential.baked.png", "badge.png") : ("ob3-microcredential.baked.svg", "badge.svg");
                var image = BadgeImage.Bake(await File.ReadAllBytesAsync(Fixtures.Constructed(file), Ct), BadgeSpec.OpenBadges3, json);
                return await VerifyPageTests.PostFileAsync(host, image, name, culture: culture);
            case Way.Paste:
                return await VerifyPageTests.PostTextAsync(host, json, culture);
            default:
                var path = $"/badges/{Guid.NewGuid():N}.json";
                host.Issuer.Publish(path, json);
                return await PostUrlAsync(host.Issuer.DocumentUrl(path), culture);
        }
    }

    private async Task<(HttpStatusCode, string)> PostUrlAsync(Uri url, string culture)
    {
        using var client = host.CreateClient();
        var page = await client.GetStringAsync($"/verify?culture={culture}", Ct);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LaurelHost.AntiforgeryToken(page), ["url"] = url.AbsoluteUri,
        });
        using var response = await client.PostAsync($"/verify?handler=Url&culture={culture}", form, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    public static TheoryData<Kind, bool, Way, string> Walk() => new()
    {
        // VC 2.0 badges
        { Kind.Valid, false, Way.BakedPng, "en" },
        { Kind.Expired, false, Way.Paste, "en" },
        { Kind.Revoked, false, Way.Address, "en" },
        { Kind.Valid, false, Way.Paste, "nl" },
        { Kind.Expired, false, Way.BakedSvg, "nl" },
        { Kind.Revoked, false, Way.BakedPng, "nl" },
        // VC 1.1-era OB 3.0 badges
        { Kind.Valid, true, Way.BakedSvg, "en" },
        { Kind.Expired, true, Way.Address, "en" },
        { Kind.Revoked, true, Way.Paste, "en" },
        { Kind.Valid, true, Way.Address, "nl" },
        { Kind.Expired, true, Way.BakedPng, "nl" },
        { Kind.Revoked, true, Way.BakedSvg, "nl" },
    };

    [Theory]
    [MemberData(nameof(Walk))]
    public async Task The_verifier_shows_every_displayer_checklist_item_for_the_badge(Kind kind, bool vc11, Way way, string culture)
    {
        var (badge, _) = Issue(kind, vc11);

        var (status, raw) = await ViewAsync(badge, way, culture);
        var html = WebUtility.HtmlDecode(raw);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(vc11 ? "https://www.w3.org/2018/credentials/v1" : "https://www.w3.org/ns/credentials/v2", (string)badge["@context"]![0]!);
        Assert.Equal("eddsa-rdfc-2022", (string)badge["proof"]![0]!["cryptosuite"]!);
        Assert.Contains(AchievementName, Field(html, "who-badge"));
        Assert.Equal(Description, Field(html, "who-description"));
        Assert.Contains(IssuerName, Field(html, "who-issuer"));
        Assert.Equal(culture == "nl" ? "1 maart 2025" : "1 March 2025", Field(html, "who-issued"));
        var (state, stateText, verdict) = kind switch
        {
            Kind.Valid => ("valid", culture == "nl" ? "Geldig" : "Valid", "Valid"),
            Kind.Expired => ("expired", culture == "nl" ? "Verlopen" : "Expired", "Invalid"),
            _ => ("revoked", culture == "nl" ? "Ingetrokken" : "Revoked", "Invalid"),
        };
        Assert.Contains($"data-verdict=\"{verdict}\"", html);
        Assert.Matches($"id=\"who-state\" data-state=\"{state}\"><strong>{stateText}</strong>", html);
        Assert.Equal("Passed", VerifyPageTests.Outcome(raw, "proof"));
        Assert.Equal(kind == Kind.Revoked ? "Failed" : "Passed", VerifyPageTests.Outcome(raw, "status"));
        Assert.Equal(kind == Kind.Expired ? "Failed" : "Passed", VerifyPageTests.Outcome(raw, "dates"));
        if (kind == Kind.Revoked) Assert.Contains("Awarded in error", html);
        var image = ImageTag().Match(raw);
        if (way is Way.BakedPng or Way.BakedSvg)
        {
            Assert.True(image.Success, "the baked image is shown");
            Assert.StartsWith(way == Way.BakedPng ? "data:image/png;base64," : "data:image/svg+xml;base64,", WebUtility.HtmlDecode(image.Groups["src"].Value));
            Assert.Equal("true", image.Groups["baked"].Value);
        }
        else Assert.False(image.Success && image.Groups["baked"].Value == "true");
    }

    [Fact]
    public async Task A_revoked_badge_shows_as_valid_again_once_the_issuer_takes_it_off_its_list()
    {
        var (badge, listPath) = Issue(Kind.Revoked, vc11: false);
        var (_, before) = await ViewAsync(badge, Way.Paste, "en");

        host.Issuer.Publish(listPath, RevocationList(host.Issuer.DocumentUrl(listPath).AbsoluteUri, host.Issuer.Did,
            Entry((string)badge["id"]!, revoked: false)).ToJsonString());
        var (_, after) = await ViewAsync(badge, Way.Paste, "en");

        Assert.Contains("data-state=\"revoked\"", before);
        Assert.Contains("data-state=\"valid\"", after);
    }

    private static string Field(string html, string id)
    {
        var match = Regex.Match(html, $"<dd id=\"{id}\"[^>]*>(.*?)</dd>", RegexOptions.Singleline);
        Assert.True(match.Success, $"the result shows #{id}");
        return Regex.Replace(match.Groups[1].Value, "<[^>]+>", "").Trim();
    }

    [GeneratedRegex("<img class=\"verify-who-image\" id=\"who-image\" src=\"(?<src>[^\"]+)\"[^>]*data-baked=\"(?<baked>\\w+)\"", RegexOptions.Singleline)]
    private static partial Regex ImageTag();
}
