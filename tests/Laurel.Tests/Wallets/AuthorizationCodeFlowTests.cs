using System.Net;
using System.Text.Json.Nodes;
using Laurel.Features.Wallets;
using Laurel.Features.Wallets.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Wallets;

/// <summary>
/// The authorization code flow (VCI-4.2, HAIP): the reference wallet pushes its request (PAR, PKCE S256, DPoP), the learner signs
/// in at Laurel through eduID (a real OIDC provider), agrees on the consent page, and the wallet redeems the code for a
/// DPoP-bound token. Anti-QR-theft: someone else signing in with another person's issuer_state is refused.
/// </summary>
public abstract class AuthorizationCodeFlowTests(IOidcHost oidc)
{
    private const string ClientId = "https://wallet.example/reference";
    private const string RedirectUri = "https://wallet.example/cb";
    private readonly LaurelHost host = oidc.Laurel;
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private string Issuer => host.BaseUrl;

    /// <summary>Signs in as <paramref name="login"/> at the eduID provider (creating the person at first sign-in); a browser-like client.</summary>
    private async Task<(HttpClient Browser, HttpClient NoRedirects, Guid PersonId)> SignInAsync(string login)
    {
        var jar = new CookieContainer();
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = true }) { BaseAddress = new Uri(host.BaseUrl) };
        var outcome = await OidcBrowser.SignInAsync(host, "eduid", login, "/account", browser);
        Assert.Equal(HttpStatusCode.OK, outcome.Final.StatusCode);
        var personId = await host.DbAsync(db => db.LinkedIdentities.Where(i => i.Provider == "eduid" && i.Subject == login).Select(i => i.PersonId).SingleAsync(Ct));
        var noRedirects = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false }) { BaseAddress = new Uri(host.BaseUrl) };
        return (browser, noRedirects, personId);
    }

    private Task<JsonObject> ParAsync(string state, string? scope = null, string? issuerState = null, bool dpop = true) =>
        WalletAuthKit.WalletAsync("par", new { issuer = Issuer, clientId = ClientId, redirectUri = RedirectUri, scope, issuerState, dpop, stateFile = state });

    /// <summary>Opens the authorization URL signed in and agrees; returns the redirect back to the wallet.</summary>
    private async Task<string> AgreeAsync(HttpClient browser, HttpClient noRedirects, string authorizationUrl)
    {
        var page = await browser.GetAsync(authorizationUrl, Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LaurelHost.AntiforgeryToken(html),
            ["decision"] = "allow",
        });
        var answer = await noRedirects.PostAsync(authorizationUrl, form, Ct);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        return answer.Headers.Location!.ToString();
    }

    private Task<JsonObject> TokenAsync(string state, string responseUrl, string? verifier = null, bool otherKey = false) =>
        WalletAuthKit.WalletAsync("token", new { issuer = Issuer, clientId = ClientId, redirectUri = RedirectUri, stateFile = state, responseUrl, verifier, otherKey });

    [Fact]
    public async Task Reference_wallet_gets_a_DPoP_bound_token_through_PAR_PKCE_and_an_eduID_sign_in_for_its_offer()
    {
        var (first, _, personId) = await SignInAsync("anouk");
        first.Dispose();
        var (offer, secrets) = await host.NewOfferAsync(personId);
        var state = WalletAuthKit.StateFile();
        var par = await ParAsync(state, issuerState: secrets.IssuerState);
        var authorizationUrl = par.Text("authorizationRequestUrl");
        Assert.StartsWith(Issuer + WalletRoutes.AuthorizePath + "?", authorizationUrl);
        Assert.Contains("request_uri=urn", authorizationUrl);

        // A new browser: Laurel sends the learner to sign in first and comes back to the consent page.
        var jar = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = jar }) { BaseAddress = new Uri(host.BaseUrl) };
        using var noRedirects = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false }) { BaseAddress = new Uri(host.BaseUrl) };
        var signIn = await browser.GetAsync(authorizationUrl, Ct);
        Assert.Equal("/account/sign-in", signIn.RequestMessage!.RequestUri!.AbsolutePath);
        var pathAndQuery = new Uri(authorizationUrl).PathAndQuery;
        var consent = await OidcBrowser.SignInAsync(host, "eduid", "anouk", pathAndQuery, browser);
        Assert.Equal(WalletRoutes.AuthorizePath, consent.Final.RequestMessage!.RequestUri!.AbsolutePath);
        var badge = await host.DbAsync(db => db.Awards.Where(a => a.Id == offer.AwardId).Select(a => a.Achievement!.Name).SingleAsync(Ct));
        Assert.Contains(badge, consent.Html);
        Assert.Contains(ClientId, consent.Html);
        Assert.Contains("wallet.example", consent.Html);

        var response = await AgreeAsync(browser, noRedirects, authorizationUrl);
        Assert.StartsWith(RedirectUri + "?code=", response);
        Assert.Contains("iss=" + Uri.EscapeDataString(Issuer), response);
        var result = await TokenAsync(state, response);

        Assert.True(result["ok"]!.GetValue<bool>(), result.ToJsonString());
        Assert.Equal("DPoP", result["token"].Text("token_type"));
        Assert.Equal(WalletOfferState.TokenIssued, (await host.OfferAsync(offer.Id)).State);
        var credentialUrl = host.BaseUrl + "/oid4vci/uu/credential";
        var headers = await WalletAuthKit.WalletAsync("resource", new { url = credentialUrl, stateFile = state });
        var access = await host.ValidateAsync(credentialUrl, headers.Text("authorization"), headers.Text("dpop"));
        Assert.True(access.Grant is not null, access.ErrorDescription);
        Assert.Equal(("authorization_code", personId, (Guid?)offer.Id), (access.Grant.Flow, access.Grant.PersonId, access.Grant.OfferId));
        Assert.Equal(offer.ConfigurationIds, access.Grant.ConfigurationIds);

        // With that DPoP-bound token the wallet (@openid4vc/openid4vci) fetches its credential: the offer is then issued.
        var sdJwtConfiguration = offer.ConfigurationIds.First(c => c.EndsWith(".sd-jwt", StringComparison.Ordinal));
        var credential = await WalletAuthKit.WalletAsync("credential", new { credentialIssuer = host.BaseUrl + "/oid4vci/uu", configurationId = sdJwtConfiguration, stateFile = state });
        Assert.True(credential["error"] is null, credential.ToJsonString());
        Assert.Contains('~', (string)credential["credentials"]![0]!);
        Assert.Equal(WalletOfferState.Issued, (await host.OfferAsync(offer.Id)).State);
        Assert.Equal("authorization_code", await host.DbAsync(db => db.WalletCopies.Where(c => c.OfferId == offer.Id).Select(c => c.Protocol).SingleAsync(Ct)));

        // The code is single use.
        var again = await TokenAsync(state, response);
        Assert.Equal("invalid_grant", again["error"].Text("error"));
    }

    [Fact]
    public async Task Without_issuer_state_the_grant_covers_requested_badges_the_learner_holds()
    {
        var (browser, noRedirects, personId) = await SignInAsync("anouk");
        using var _ = browser;
        using var __ = noRedirects;
        var awardId = await host.CreateAwardAsync(new AwardSpec { RecipientPersonId = personId });
        var achievementId = await host.DbAsync(db => db.Awards.Where(a => a.Id == awardId).Select(a => a.AchievementId).SingleAsync(Ct));
        var held = WalletConfigurationId.For(achievementId, WalletCredentialFormat.SdJwtVc);
        var notHeld = WalletConfigurationId.For(Guid.NewGuid(), WalletCredentialFormat.SdJwtVc);
        var state = WalletAuthKit.StateFile();
        var par = await ParAsync(state, scope: held + " " + notHeld);

        var response = await AgreeAsync(browser, noRedirects, par.Text("authorizationRequestUrl"));
        var result = await TokenAsync(state, response);

        Assert.True(result["ok"]!.GetValue<bool>(), result.ToJsonString());
        var credentialUrl = host.BaseUrl + "/oid4vci/uu/credential";
        var headers = await WalletAuthKit.WalletAsync("resource", new { url = credentialUrl, stateFile = state });
        var access = await host.ValidateAsync(credentialUrl, headers.Text("authorization"), headers.Text("dpop"));
        Assert.Equal([held], access.Grant!.ConfigurationIds);
        Assert.Null(access.Grant.OfferId);
    }

    [Fact]
    public async Task Someone_who_scanned_another_persons_QR_is_refused_and_the_offer_stays_open()
    {
        var owner = await host.NewLearnerAsync();
        var (offer, secrets) = await host.NewOfferAsync(owner.Id);
        var (browser, noRedirects, _) = await SignInAsync("anouk");
        using var _1 = browser;
        using var _2 = noRedirects;
        var state = WalletAuthKit.StateFile();
        var par = await ParAsync(state, issuerState: secrets.IssuerState);

        var page = await browser.GetAsync(par.Text("authorizationRequestUrl") + "&culture=nl", Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("data-outcome=\"NotYours\"", html);
        Assert.DoesNotContain("decision", html);
        // Posting anyway gives no code either.
        var post = await noRedirects.PostAsync(par.Text("authorizationRequestUrl"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LaurelHost.AntiforgeryToken(await browser.GetStringAsync("/account", Ct)),
            ["decision"] = "allow",
        }), Ct);
        Assert.NotEqual(HttpStatusCode.Redirect, post.StatusCode);
        var stored = await host.OfferAsync(offer.Id);
        Assert.Equal((WalletOfferState.Offered, 0), (stored.State, stored.TxCodeFailures));
        // The owner's pre-authorized code still works.
        var ownerWallet = await WalletAuthKit.WalletAsync("preauth", new { issuer = Issuer, code = secrets.PreAuthorizedCode, txCode = secrets.TxCode });
        Assert.True(ownerWallet["ok"]!.GetValue<bool>(), ownerWallet.ToJsonString());
    }

    [Fact]
    public async Task Refusal_page_speaks_Dutch_and_English()
    {
        var owner = await host.NewLearnerAsync();
        var (_, secrets) = await host.NewOfferAsync(owner.Id);
        var (browser, noRedirects, _) = await SignInAsync("anouk");
        using var _1 = browser;
        using var _2 = noRedirects;
        var state = WalletAuthKit.StateFile();
        var url = (await ParAsync(state, issuerState: secrets.IssuerState)).Text("authorizationRequestUrl");

        var nl = System.Net.WebUtility.HtmlDecode(await (await browser.GetAsync(url + "&culture=nl", Ct)).Content.ReadAsStringAsync(Ct));
        var en = System.Net.WebUtility.HtmlDecode(await (await browser.GetAsync(url + "&culture=en", Ct)).Content.ReadAsStringAsync(Ct));

        Assert.Contains("Deze badge is niet van jou", nl);
        Assert.Contains("This badge is not yours", en);
    }

    [Fact]
    public async Task PKCE_mismatch_burns_the_code_and_expired_codes_are_refused()
    {
        var (browser, noRedirects, personId) = await SignInAsync("anouk");
        using var _1 = browser;
        using var _2 = noRedirects;
        var (_, secrets) = await host.NewOfferAsync(personId);
        var state = WalletAuthKit.StateFile();
        var response = await AgreeAsync(browser, noRedirects, (await ParAsync(state, issuerState: secrets.IssuerState)).Text("authorizationRequestUrl"));

        var wrongVerifier = await TokenAsync(state, response, verifier: new string('a', 43));
        var rightVerifier = await TokenAsync(state, response);

        Assert.Equal("invalid_grant", wrongVerifier["error"].Text("error"));
        Assert.Contains("PKCE", wrongVerifier["error"].Text("error_description"));
        Assert.Equal("invalid_grant", rightVerifier["error"].Text("error"));

        // A code left lying beyond its lifetime is refused.
        var (_, secrets2) = await host.NewOfferAsync(personId);
        var state2 = WalletAuthKit.StateFile();
        var response2 = await AgreeAsync(browser, noRedirects, (await ParAsync(state2, issuerState: secrets2.IssuerState)).Text("authorizationRequestUrl"));
        await host.DbAsync(db => db.Set<WalletAuthorizationRecord>().Where(r => r.Kind == WalletAuthorizationRecords.CodeKind)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ExpiresAt, DateTime.UtcNow.AddSeconds(-1)), Ct));
        var expired = await TokenAsync(state2, response2);
        Assert.Equal("invalid_grant", expired["error"].Text("error"));
    }

    [Fact]
    public async Task A_code_pushed_with_DPoP_needs_a_proof_with_the_same_key()
    {
        var (browser, noRedirects, personId) = await SignInAsync("anouk");
        using var _1 = browser;
        using var _2 = noRedirects;
        var (_, secrets) = await host.NewOfferAsync(personId);
        var state = WalletAuthKit.StateFile();
        var response = await AgreeAsync(browser, noRedirects, (await ParAsync(state, issuerState: secrets.IssuerState)).Text("authorizationRequestUrl"));

        var otherKey = await TokenAsync(state, response, otherKey: true);

        Assert.Equal("invalid_dpop_proof", otherKey["error"].Text("error"));
    }

    [Fact]
    public async Task A_request_uri_is_single_use()
    {
        var (browser, noRedirects, personId) = await SignInAsync("anouk");
        using var _1 = browser;
        using var _2 = noRedirects;
        var (_, secrets) = await host.NewOfferAsync(personId);
        var url = (await ParAsync(WalletAuthKit.StateFile(), issuerState: secrets.IssuerState)).Text("authorizationRequestUrl");
        await AgreeAsync(browser, noRedirects, url);

        var again = await browser.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("data-outcome=\"Invalid\"", await again.Content.ReadAsStringAsync(Ct));
    }
}

public sealed class AuthorizationCodeFlowTestsOnSqlite(WalletOidcSqliteHost host) : AuthorizationCodeFlowTests(host), IClassFixture<WalletOidcSqliteHost>;

public sealed class AuthorizationCodeFlowTestsOnPostgres(WalletOidcPostgresHost host) : AuthorizationCodeFlowTests(host), IClassFixture<WalletOidcPostgresHost>;
