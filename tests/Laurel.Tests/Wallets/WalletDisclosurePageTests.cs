using System.Net;
using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.Keys;
using Laurel.Credentials.SdJwt;
using Laurel.Features.Awards;
using Laurel.Features.Wallets;
using Laurel.Features.Wallets.Formats;
using Microsoft.EntityFrameworkCore;
using static Laurel.Tests.Wallets.WalletTestKit;

namespace Laurel.Tests.Wallets;

/// <summary>
/// <c>/backpack/badges/{id}/wallet-disclosure</c>: the owner sees the defaults and saves choices that the next SD-JWT VC follows;
/// another learner and staff get 404, an anonymous visitor is sent to sign in; a bad choice is named and nothing is stored.
/// </summary>
public abstract class WalletDisclosurePageTests(LaurelHost host)
{
    private static string PagePath(Guid awardId) => $"/backpack/badges/{awardId}/wallet-disclosure";

    private Task<WalletDisclosure?> StoredAsync(Guid awardId) =>
        host.DbAsync(db => db.Set<WalletDisclosure>().AsNoTracking().FirstOrDefaultAsync(d => d.AwardId == awardId));

    private static KeyValuePair<string, string>[] Choices(string name, string grade, string evidence) =>
        [new("recipientName", name), new("grade", grade), new("evidence", evidence)];

    [Fact]
    public async Task Owner_sees_the_defaults_and_the_next_wallet_copy_follows_the_saved_choices()
    {
        var awardId = await host.CreateAwardAsync(new AwardSpec
        {
            Evidence = [new AwardEvidence { Url = "https://portfolio.example/lotte", Name = "Portfolio" }],
        });
        using var learner = await host.SignInAsDemoAsync("learner");
        var page = await learner.PageAsync(PagePath(awardId) + "?culture=en");
        Assert.Contains("What your wallet shows: Data Literacy for Professionals", page);
        foreach (var field in new[] { "recipientName", "grade", "evidence" })
            Assert.Matches($"id=\"{field}-Selective\" name=\"{field}\" value=\"Selective\" checked=\"checked\"", page);
        Assert.Contains("Je resultaat", await learner.PageAsync(PagePath(awardId) + "?culture=nl"));

        var saved = await learner.PostFormAsync(PagePath(awardId), Choices("Omitted", "Always", "Selective"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(PagePath(awardId) + "?saved=true", saved.Headers.Location!.ToString());
        var stored = await StoredAsync(awardId);
        Assert.Equal((ClaimDisclosure.Omitted, ClaimDisclosure.Always, ClaimDisclosure.Selective), (stored!.RecipientName, stored.Grade, stored.Evidence));
        Assert.Matches("id=\"grade-Always\" name=\"grade\" value=\"Always\" checked=\"checked\"", await learner.PageAsync(PagePath(awardId) + "?saved=true&culture=en"));

        using var holder = P256Key.Generate();
        var (credential, _) = await IssueAsync(host, awardId, WalletCredentialFormat.SdJwtVc, Holder(P256Jwk.Export(holder)));
        var token = SdJwtToken.Parse(credential.GetValue<string>());
        var payload = JsonNode.Parse(Convert.FromBase64String(Pad(token.IssuerJwt.Split('.')[1])))!.AsObject();
        Assert.Equal("8.5", (string?)payload["grade"]);
        Assert.False(payload.ContainsKey("recipient_name"));
        Assert.Equal(["evidence"], token.Disclosures.Select(d => Disclosure.Parse(d).ClaimName));
    }

    [Fact]
    public async Task Other_learners_and_staff_get_404_and_anonymous_visitors_sign_in_first()
    {
        var someoneElses = await host.CreateAwardAsync(new AwardSpec { RecipientPersonId = await host.OtherLearnerIdAsync(), ToDemoLearner = false });
        var own = await host.CreateAwardAsync(new AwardSpec { Achievement = "Responsible AI in Practice" });
        using var learner = await host.SignInAsDemoAsync("learner");
        Assert.Equal(HttpStatusCode.NotFound, (await learner.GetAsync(PagePath(someoneElses), Ct)).StatusCode);
        // A valid form (token from the learner's own page) aimed at someone else's badge changes nothing.
        var aimed = await learner.PostFormAsync(PagePath(own), Choices("Always", "Always", "Always"), postUrl: PagePath(someoneElses));
        Assert.Equal(HttpStatusCode.NotFound, aimed.StatusCode);
        Assert.Null(await StoredAsync(someoneElses));

        using var admin = await host.SignInAsDemoAsync("institution-admin");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(PagePath(own), Ct)).StatusCode);

        using var anonymous = host.CreateClient();
        var response = await anonymous.GetAsync(PagePath(own), Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/sign-in", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_bad_choice_or_a_missing_antiforgery_token_stores_nothing()
    {
        var awardId = await host.CreateAwardAsync(new AwardSpec { Achievement = "Solar Energy Systems" });
        using var learner = await host.SignInAsDemoAsync("learner");
        var bad = await learner.PostFormAsync(PagePath(awardId) + "?culture=en", Choices("Everything", "1", "Selective"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var html = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync(Ct));
        Assert.Contains("href=\"#recipientName\">Choose one of the options.", html);
        Assert.Contains("href=\"#grade\">Choose one of the options.", html);
        Assert.DoesNotContain("href=\"#evidence\"", html);
        Assert.Null(await StoredAsync(awardId));

        var forged = await learner.PostAsync(PagePath(awardId), new FormUrlEncodedContent(Choices("Always", "Always", "Always")), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Null(await StoredAsync(awardId));
    }

    private static string Pad(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - s.Length % 4) % 4);
    }
}

public sealed class WalletDisclosurePageSqliteTests(WalletSqliteHost host) : WalletDisclosurePageTests(host), IClassFixture<WalletSqliteHost>;

public sealed class WalletDisclosurePagePostgresTests(WalletPostgresHost host) : WalletDisclosurePageTests(host), IClassFixture<WalletPostgresHost>;
