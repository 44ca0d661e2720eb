using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Laurel.Features.Awards;
using Laurel.Features.Wallets;
using Laurel.Features.Wallets.Offers;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using static Laurel.Testing.Data.AwardKit;

namespace Laurel.Tests.Wallets;

/// <summary>
/// Issue 16, learner side: "Add to wallet" makes an OpenID4VCI offer (pre-authorized code + tx_code, all three forms) only for
/// the owner of an issued badge; the QR's VCALM interaction URL answers wallets with both protocols and browsers with a page;
/// expired and used offers say so; the owner can stop one wallet copy.
/// </summary>
public abstract class WalletOfferTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> AddToWalletAsync(HttpClient client, Guid awardId) =>
        client.PostFormAsync("/account", [], postUrl: $"/backpack/badges/{awardId}/wallet");

    private Task<List<WalletOffer>> OffersAsync(Guid awardId) =>
        host.DbAsync(db => db.WalletOffers.AsNoTracking().Where(o => o.AwardId == awardId).OrderBy(o => o.CreatedAt).ToListAsync(Ct));

    private async Task<WalletOffer> NewOfferAsync(HttpClient learner, Guid awardId)
    {
        var before = (await OffersAsync(awardId)).Select(o => o.Id).ToHashSet();
        var response = await AddToWalletAsync(learner, awardId);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/backpack/badges/{awardId}/wallet#offer", response.Headers.Location!.ToString());
        return Assert.Single(await OffersAsync(awardId), o => !before.Contains(o.Id));
    }

    [Fact]
    public async Task Learner_adds_an_issued_badge_and_gets_an_offer_of_all_three_forms_with_a_tx_code_on_screen()
    {
        var awardId = await host.CreateAwardAsync(new AwardSpec { Achievement = "Solar Energy Systems" });
        var award = await host.AwardAsync(awardId);
        using var learner = await host.SignInAsDemoAsync("learner");
        var offer = await NewOfferAsync(learner, awardId);

        Assert.Equal(WalletOfferState.Offered, offer.State);
        Assert.Equal(await host.DemoLearnerIdAsync(), offer.PersonId);
        Assert.Equal(award.InstitutionId, offer.InstitutionId);
        Assert.Equal([$"{award.AchievementId:N}.sd-jwt", $"{award.AchievementId:N}.ldp", $"{award.AchievementId:N}.jwt"], offer.ConfigurationIds);
        Assert.Equal(TimeSpan.FromMinutes(10), offer.ExpiresAt - offer.CreatedAt);
        // Only hashes are looked up; the secrets themselves are kept encrypted, and match the hashes.
        var secrets = WalletOfferSecrets.Unprotect(host.Services.GetRequiredService<IDataProtectionProvider>(), offer.ProtectedSecrets);
        Assert.Equal(WalletSecrets.Hash(secrets.PreAuthorizedCode), offer.PreAuthorizedCodeHash);
        Assert.Equal(WalletSecrets.Hash(secrets.IssuerState), offer.IssuerStateHash);
        Assert.Matches("^[0-9]{6}$", secrets.TxCode);
        Assert.Equal(WalletSecrets.Hash(secrets.TxCode!), offer.TxCodeHash);
        Assert.DoesNotContain(secrets.PreAuthorizedCode, offer.ProtectedSecrets);

        var page = await learner.PageAsync($"/backpack/badges/{awardId}/wallet?culture=en");
        Assert.Contains($"id=\"tx-code\">{secrets.TxCode}<", page);
        Assert.Contains("src=\"data:image/svg+xml;base64,", page);
        var offerUri = host.BaseUrl + WalletRoutes.OfferPath(offer.Id);
        Assert.Contains($"id=\"open-in-wallet\" href=\"openid-credential-offer://?credential_offer_uri={Uri.EscapeDataString(offerUri)}\"", page);
        Assert.Contains("your wallet", page);
        Assert.Contains("id=\"no-copies\"", page);
        Assert.Contains($"href=\"/backpack/badges/{awardId}/wallet-disclosure\"", page);
        Assert.Contains("Voer deze code in je wallet in", await learner.PageAsync($"/backpack/badges/{awardId}/wallet?culture=nl"));

        var audit = await host.DbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.EntityId == offer.Id).ToListAsync(Ct));
        Assert.Equal(WalletOfferService.OfferCreatedAction, Assert.Single(audit).Action);
        Assert.DoesNotContain(secrets.TxCode!, audit[0].Details ?? "");

        // The badge's own page leads there with an "Add to wallet" button.
        var detail = await learner.PageAsync($"/backpack/badges/{awardId}?culture=en");
        Assert.Contains("id=\"add-to-wallet\">Add to wallet<", detail);
        Assert.Contains($"action=\"/backpack/badges/{awardId}/wallet\"", detail);
    }

    [Theory]
    [InlineData(AwardState.Suspended)]
    [InlineData(AwardState.Revoked)]
    [InlineData(AwardState.AwaitingClaim)]
    [InlineData(AwardState.Declined)]
    public async Task A_badge_that_is_not_issued_gets_no_offer_and_says_why(AwardState state)
    {
        var awardId = await host.CreateAwardAsync();
        await host.SetAsync(awardId, a => a.State = state);
        using var learner = await host.SignInAsDemoAsync("learner");
        var refused = await learner.PostFormAsync("/account", [new("culture", "en")], postUrl: $"/backpack/badges/{awardId}/wallet?culture=en");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("only an issued badge can", await refused.Content.ReadAsStringAsync(Ct));
        Assert.Empty(await OffersAsync(awardId));
        var page = await learner.PageAsync($"/backpack/badges/{awardId}/wallet?culture=en");
        Assert.Contains("id=\"offer-unavailable\"", page);
        Assert.DoesNotContain("id=\"make-offer\"", page);
        Assert.DoesNotContain("id=\"add-to-wallet\"", await learner.PageAsync($"/backpack/badges/{awardId}"));
    }

    [Fact]
    public async Task Withdrawn_badges_someone_elses_badges_staff_and_anonymous_get_no_offer_and_no_page()
    {
        var withdrawn = await host.CreateAwardAsync();
        await host.SetAsync(withdrawn, a => a.State = AwardState.Withdrawn);
        var others = await host.CreateAwardAsync(new AwardSpec { RecipientPersonId = await host.OtherLearnerIdAsync(), ToDemoLearner = false });
        var mine = await host.CreateAwardAsync();
        using var learner = await host.SignInAsDemoAsync("learner");
        using var awarder = await host.SignInAsDemoAsync("awarder");
        foreach (var awardId in new[] { withdrawn, others })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await AddToWalletAsync(learner, awardId)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await learner.GetAsync($"/backpack/badges/{awardId}/wallet", Ct)).StatusCode);
        }
        // Staff of the awarding institution are no owners either.
        Assert.Equal(HttpStatusCode.NotFound, (await AddToWalletAsync(awarder, mine)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await awarder.GetAsync($"/backpack/badges/{mine}/wallet", Ct)).StatusCode);
        using var anonymous = host.CreateClient();
        var signIn = await anonymous.GetAsync($"/backpack/badges/{mine}/wallet", Ct);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains("/account/sign-in", signIn.Headers.Location!.ToString());
        var anonymousPost = await anonymous.PostAsync($"/backpack/badges/{mine}/wallet", new FormUrlEncodedContent([]), Ct);
        Assert.DoesNotContain("/wallet", anonymousPost.Headers.Location?.ToString() ?? "");
        foreach (var awardId in new[] { withdrawn, others, mine }) Assert.Empty(await OffersAsync(awardId));

        // The owner's offer state is the owner's only.
        var offer = await NewOfferAsync(learner, mine);
        var state = JsonNode.Parse(await learner.GetStringAsync($"/backpack/badges/{mine}/wallet?handler=State&offer={offer.Id}&culture=en", Ct))!;
        Assert.Equal("Offered", (string?)state["state"]);
        Assert.True((bool)state["open"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await awarder.GetAsync($"/backpack/badges/{mine}/wallet?handler=State&offer={offer.Id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_new_offer_expires_the_oldest_unused_one_beyond_three_but_never_one_a_wallet_is_redeeming()
    {
        var awardId = await host.CreateAwardAsync();
        using var learner = await host.SignInAsDemoAsync("learner");
        var redeeming = await NewOfferAsync(learner, awardId);
        await host.DbAsync(db => db.WalletOffers.Where(o => o.Id == redeeming.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.State, WalletOfferState.TokenIssued), Ct));
        var first = await NewOfferAsync(learner, awardId);
        var second = await NewOfferAsync(learner, awardId);
        var third = await NewOfferAsync(learner, awardId);
        Assert.Equal(WalletOfferState.Offered, (await OffersAsync(awardId)).Single(o => o.Id == first.Id).State);
        var fourth = await NewOfferAsync(learner, awardId);

        var offers = (await OffersAsync(awardId)).ToDictionary(o => o.Id);
        Assert.Equal(WalletOfferState.Expired, offers[first.Id].State);
        Assert.Equal(WalletOfferState.TokenIssued, offers[redeeming.Id].State);
        Assert.All([second, third, fourth], o => Assert.Equal(WalletOfferState.Offered, offers[o.Id].State));
        Assert.Equal(5, offers.Values.Select(o => o.PreAuthorizedCodeHash).Distinct().Count());

        // The expired one's QR code now tells a wallet so.
        using var wallet = host.CreateClient();
        var gone = await wallet.GetAsync(WalletRoutes.InteractionPath(first.Id) + "?iuv=1", Ct);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
    }

    [Fact]
    public async Task Too_many_offers_in_an_hour_are_refused()
    {
        var awardId = await host.CreateAwardAsync();
        var award = await host.AwardAsync(awardId);
        await host.DbAsync(async db =>
        {
            for (var i = 0; i < 20; i++)
                db.WalletOffers.Add(new WalletOffer
                {
                    Id = Guid.NewGuid(), AwardId = awardId, PersonId = award.RecipientPersonId!.Value, InstitutionId = award.InstitutionId,
                    PreAuthorizedCodeHash = WalletSecrets.Hash(WalletSecrets.NewSecret()), IssuerStateHash = WalletSecrets.Hash(WalletSecrets.NewSecret()),
                    ProtectedSecrets = "x", State = WalletOfferState.Expired, CreatedAt = DateTime.UtcNow.AddMinutes(-30), ExpiresAt = DateTime.UtcNow.AddMinutes(-20),
                });
            return await db.SaveChangesAsync(Ct);
        });
        using var learner = await host.SignInAsDemoAsync("learner");
        var refused = await learner.PostFormAsync("/account", [], postUrl: $"/backpack/badges/{awardId}/wallet?culture=en");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("many codes for this badge in the last hour", await refused.Content.ReadAsStringAsync(Ct));
        Assert.Equal(20, (await OffersAsync(awardId)).Count);
    }

    [Fact]
    public async Task Interaction_url_gives_wallets_both_protocols_and_browsers_a_page_without_the_code()
    {
        var awardId = await host.CreateAwardAsync(new AwardSpec { Achievement = "Responsible AI in Practice" });
        using var learner = await host.SignInAsDemoAsync("learner");
        var offer = await NewOfferAsync(learner, awardId);
        var interaction = WalletRoutes.InteractionPath(offer.Id) + "?iuv=1";

        using var wallet = host.CreateClient();
        foreach (var accept in new[] { "application/json", null, "*/*" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, interaction);
            if (accept is not null) request.Headers.Accept.ParseAdd(accept);
            var response = await wallet.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
            var protocols = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["protocols"]!.AsObject();
            Assert.Equal("openid-credential-offer://?credential_offer_uri=" + Uri.EscapeDataString(host.BaseUrl + WalletRoutes.OfferPath(offer.Id)),
                (string?)protocols["OID4VCI"]);
            Assert.Equal(host.BaseUrl + WalletRoutes.ExchangePath(offer.Id), (string?)protocols["vcapi"]);
        }

        var secrets = WalletOfferSecrets.Unprotect(host.Services.GetRequiredService<IDataProtectionProvider>(), offer.ProtectedSecrets);
        foreach (var (culture, words) in new[] { ("en", "Continue in your wallet"), ("nl", "Verder in je wallet") })
        {
            using var browser = new HttpRequestMessage(HttpMethod.Get, interaction + "&culture=" + culture);
            browser.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
            var html = await wallet.SendAsync(browser, Ct);
            Assert.Equal(HttpStatusCode.OK, html.StatusCode);
            var text = WebUtility.HtmlDecode(await html.Content.ReadAsStringAsync(Ct));
            Assert.Contains(words, text);
            Assert.Contains("href=\"openid-credential-offer://?credential_offer_uri=", text);
            // Whoever scans someone's QR code learns neither the code nor whose badge it is.
            Assert.DoesNotContain(secrets.TxCode!, text);
            Assert.DoesNotContain("Responsible AI in Practice", text);
        }
    }

    [Fact]
    public async Task Expired_and_used_offers_answer_410_and_unknown_ones_404_for_wallets_and_browsers()
    {
        var awardId = await host.CreateAwardAsync();
        using var learner = await host.SignInAsDemoAsync("learner");
        var expired = await NewOfferAsync(learner, awardId);
        await host.DbAsync(db => db.WalletOffers.Where(o => o.Id == expired.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.ExpiresAt, DateTime.UtcNow.AddSeconds(-1)), Ct));
        var used = await NewOfferAsync(learner, awardId);
        await host.DbAsync(db => db.WalletOffers.Where(o => o.Id == used.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.State, WalletOfferState.Issued), Ct));

        using var wallet = host.CreateClient();
        foreach (var (id, status) in new[] { (expired.Id, HttpStatusCode.Gone), (used.Id, HttpStatusCode.Gone), (Guid.NewGuid(), HttpStatusCode.NotFound) })
        {
            using var json = new HttpRequestMessage(HttpMethod.Get, WalletRoutes.InteractionPath(id) + "?iuv=1&culture=en");
            json.Headers.Accept.ParseAdd("application/json");
            var problem = await wallet.SendAsync(json, Ct);
            Assert.Equal(status, problem.StatusCode);
            Assert.Equal("application/problem+json", problem.Content.Headers.ContentType!.MediaType);
            var body = JsonNode.Parse(await problem.Content.ReadAsStringAsync(Ct))!;
            Assert.Equal((int)status, (int)body["status"]!);
            Assert.Contains(status == HttpStatusCode.Gone ? "expired or was already used" : "does not exist", (string?)body["title"]);

            using var page = new HttpRequestMessage(HttpMethod.Get, WalletRoutes.InteractionPath(id) + "?iuv=1&culture=nl");
            page.Headers.Accept.ParseAdd("text/html");
            var html = await wallet.SendAsync(page, Ct);
            Assert.Equal(status, html.StatusCode);
            Assert.Contains(status == HttpStatusCode.Gone ? "verlopen of al gebruikt" : "bestaat niet", WebUtility.HtmlDecode(await html.Content.ReadAsStringAsync(Ct)));
        }

        // The learner's page shows the newest offer's state instead of a QR code.
        var mine = await learner.PageAsync($"/backpack/badges/{awardId}/wallet?culture=en");
        Assert.Contains("the badge was sent to your wallet", mine);
        Assert.DoesNotContain("id=\"wallet-qr\"", mine);
        Assert.Matches("data-step=\"Issued\" class=\"step-done\" aria-current=\"step\"", mine);
    }

    [Fact]
    public async Task Owner_stops_one_wallet_copy_and_nobody_else_can()
    {
        var awardId = await host.CreateAwardAsync();
        var phone = await AddCopyAsync(host, awardId, WalletCredentialFormat.SdJwtVc, "pre-authorized_code", "credential_accepted");
        var laptop = await AddCopyAsync(host, awardId, WalletCredentialFormat.LdpVc, "vcapi", null);
        using var learner = await host.SignInAsDemoAsync("learner");
        var page = await learner.PageAsync($"/backpack/badges/{awardId}/wallet?culture=en");
        Assert.Contains("SD-JWT VC (eduWallet, EU wallets)", page);
        Assert.Contains("VC-API exchange", page);
        Assert.Contains("yes, it holds the badge", page);
        Assert.Equal(2, Regex.Matches(page, "class=\"stop-copy\"").Count);

        // Another learner and staff cannot stop it, nor through another award of their own.
        using var awarder = await host.SignInAsDemoAsync("awarder");
        Assert.Equal(HttpStatusCode.NotFound, (await StopAsync(awarder, awardId, phone)).StatusCode);
        var othersAward = await host.CreateAwardAsync(new AwardSpec { Achievement = "Solar Energy Systems" });
        Assert.Equal(HttpStatusCode.NotFound, (await StopAsync(learner, othersAward, phone)).StatusCode);

        var stopped = await StopAsync(learner, awardId, phone);
        Assert.Equal(HttpStatusCode.Redirect, stopped.StatusCode);
        Assert.Equal($"/backpack/badges/{awardId}/wallet?stopped=true#copies", stopped.Headers.Location!.ToString());
        var copies = await host.DbAsync(db => db.WalletCopies.AsNoTracking().Where(c => c.AwardId == awardId).ToDictionaryAsync(c => c.Id, Ct));
        Assert.NotNull(copies[phone].StoppedAt);
        Assert.Null(copies[laptop].StoppedAt);
        Assert.Equal(AwardState.Issued, (await host.AwardAsync(awardId)).State);
        Assert.Equal(WalletCopyStopper.CopyStoppedAction, (await host.DbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.EntityId == phone, Ct))).Action);

        var after = await learner.PageAsync($"/backpack/badges/{awardId}/wallet?stopped=true&culture=en");
        Assert.Contains("whoever checks its status now sees it as revoked", after);
        Assert.Contains($"data-copy=\"{phone}\" data-stopped=\"true\"", after);
        Assert.Single(Regex.Matches(after, "class=\"stop-copy\""));
        Assert.Contains("the file is still in the wallet", after);
        // Stopping twice changes nothing.
        Assert.Equal(HttpStatusCode.Redirect, (await StopAsync(learner, awardId, phone)).StatusCode);
        Assert.Single(await host.DbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.EntityId == phone).ToListAsync(Ct)));
    }

    private static Task<HttpResponseMessage> StopAsync(HttpClient client, Guid awardId, Guid copyId) =>
        client.PostFormAsync("/account", [new("copyId", copyId.ToString())], postUrl: $"/backpack/badges/{awardId}/wallet?handler=StopCopy");

    /// <summary>A wallet copy as the issuance part stores it (that part is built in parallel).</summary>
    public static async Task<Guid> AddCopyAsync(LaurelHost host, Guid awardId, WalletCredentialFormat format, string protocol, string? notification)
    {
        var award = await host.AwardAsync(awardId);
        var copy = new WalletCopy
        {
            Id = Guid.CreateVersion7(), AwardId = awardId, InstitutionId = award.InstitutionId, Format = format,
            ConfigurationId = WalletConfigurationId.For(award.AchievementId, format), Protocol = protocol,
            HolderKeyThumbprint = WalletSecrets.NewSecret()[..43], NotificationId = WalletSecrets.NewSecret(),
            LastNotificationEvent = notification, IssuedAt = DateTime.UtcNow.AddMinutes(-5),
        };
        await host.DbAsync(async db =>
        {
            db.WalletCopies.Add(copy);
            return await db.SaveChangesAsync(Ct);
        });
        return copy.Id;
    }
}

public sealed class WalletOfferTestsOnSqlite(WalletSqliteHost host) : WalletOfferTests(host), IClassFixture<WalletSqliteHost>;

public sealed class WalletOfferTestsOnPostgres(WalletPostgresHost host) : WalletOfferTests(host), IClassFixture<WalletPostgresHost>;
