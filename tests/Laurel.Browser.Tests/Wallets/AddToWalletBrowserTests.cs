using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Laurel.Features.Wallets;
using Microsoft.EntityFrameworkCore;
using static Laurel.Testing.Data.AwardKit;

namespace Laurel.Browser.Tests.Wallets;

/// <summary>
/// Issue 16 in a real browser, only by clicking from "/": the learner opens a badge in the rugzak, presses "Add to wallet",
/// and gets a QR code that zbarimg decodes to the VCALM interaction URL (whose JSON names the OpenID4VCI offer) with the
/// tx_code beside it; a wallet takes the badge (<see cref="WalletTakesTheOfferAsync"/>), the page follows the offer's state,
/// lists the wallet copy, and "Stop this copy" stops it. In Dutch and English, on a desktop and on a 375 px phone, axe-clean.
/// </summary>
public abstract class AddToWalletBrowserTests(LaurelHost host, BrowserSession browser)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("nl-NL", false)]
    [InlineData("en-US", false)]
    [InlineData("nl-NL", true)]
    [InlineData("en-US", true)]
    public async Task Learner_adds_a_badge_to_a_wallet_and_stops_the_wallet_copy(string locale, bool phone)
    {
        var nl = locale.StartsWith("nl", StringComparison.Ordinal);
        var awardId = await host.CreateAwardAsync(new AwardSpec { Achievement = "Responsible AI in Practice" });
        var page = phone ? await browser.NewPhonePageAsync(locale) : await browser.NewPageAsync(locale);
        await Journey.SignInByClickingAsync(page, host.BaseUrl, "learner", "**/backpack");
        await Journey.ClickAsync(page, $"#award-{awardId} h2 a");
        await Assertions.Expect(page.Locator("#add-to-wallet")).ToHaveTextAsync(nl ? "Toevoegen aan wallet" : "Add to wallet");
        await Journey.ClickAsync(page, "#add-to-wallet");
        await page.WaitForURLAsync($"**/backpack/badges/{awardId}/wallet#offer");
        var offer = await host.DbAsync(db => db.WalletOffers.AsNoTracking().SingleAsync(o => o.AwardId == awardId, Ct));

        // The QR code is the interaction URL; the tx_code stands beside it.
        var interactionUrl = await DecodeQrAsync(page.Locator("#wallet-qr"));
        Assert.Equal(host.BaseUrl + WalletRoutes.InteractionPath(offer.Id) + "?iuv=1", interactionUrl);
        var txCode = page.Locator("#tx-code");
        await Assertions.Expect(txCode).ToBeVisibleAsync();
        Assert.Equal(offer.TxCodeHash, WalletSecrets.Hash(await txCode.InnerTextAsync()));
        await Assertions.Expect(page.Locator("#wallet-qr + figcaption")).ToHaveTextAsync(nl ? "Scan deze QR-code met je wallet-app." : "Scan this QR code with your wallet app.");
        var offerLink = "openid-credential-offer://?credential_offer_uri=" + Uri.EscapeDataString(host.BaseUrl + WalletRoutes.OfferPath(offer.Id));
        Assert.Equal(offerLink, (string?)(await ProtocolsAsync(interactionUrl))["OID4VCI"]);
        // On a phone the wallet app is on the same device: a wide button opens it, above the QR code.
        var open = page.Locator("#open-in-wallet");
        await Assertions.Expect(open).ToHaveAttributeAsync("href", offerLink);
        if (phone)
        {
            var button = await open.BoundingBoxAsync();
            var qr = await page.Locator("#wallet-qr").BoundingBoxAsync();
            Assert.True(button!.Width > 300 && button.Y < qr!.Y, "The open-in-wallet button is not a wide button above the QR code on a phone.");
        }

        await Screenshots.SaveAsync(page, $"add-to-wallet-{locale}-{(phone ? "phone" : "desktop")}.png");

        var copyId = await WalletTakesTheOfferAsync(interactionUrl, await txCode.InnerTextAsync(), awardId);

        // The page follows the offer (wallet-offer.js) without a reload.
        await Assertions.Expect(page.Locator("#offer-state-label")).ToHaveTextAsync(nl ? "je wallet bevestigde dat hij de badge heeft" : "your wallet confirmed it holds the badge",
            new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("[data-step=Acknowledged]")).ToHaveAttributeAsync("aria-current", "step");
        await Journey.CheckAsync(page);
        // Back on the badge and to its wallet page again, the copy is listed.
        await Journey.ClickAsync(page, "#back-to-badge");
        await Journey.ClickAsync(page, "#wallet-page");
        var copy = page.Locator($"[data-copy='{copyId}']");
        await Assertions.Expect(copy).ToContainTextAsync("SD-JWT VC");
        await Assertions.Expect(copy).ToContainTextAsync(nl ? "ja, hij heeft de badge" : "yes, it holds the badge");
        await Assertions.Expect(page.Locator("#revocation-meaning")).ToContainTextAsync(nl ? "ook al staat het bestand nog in de wallet" : "even though the file is still in the wallet");
        await Assertions.Expect(page.Locator("#disclosure-link")).ToHaveAttributeAsync("href", $"/backpack/badges/{awardId}/wallet-disclosure");

        await Journey.ClickAsync(page, $"[data-copy='{copyId}'] button.stop-copy");
        await Assertions.Expect(page.Locator("#copy-stopped")).ToContainTextAsync(nl ? "ziet hem nu als ingetrokken" : "now sees it as revoked");
        await Assertions.Expect(copy).ToHaveAttributeAsync("data-stopped", "true");
        await Assertions.Expect(copy.Locator("button.stop-copy")).ToHaveCountAsync(0);
        Assert.NotNull((await host.DbAsync(db => db.WalletCopies.AsNoTracking().SingleAsync(c => c.Id == copyId, Ct))).StoppedAt);
        // What the wallet's status check (a verifier's, through the Token Status List) now says: INVALID.
        var check = await ReferenceWallet.CheckAsync(_heldSdJwt!, ct: Ct);
        Assert.True(check["error"] is null, check.ToJsonString());
        Assert.Equal(1, (int)check["sdJwtVc"]!["status"]!);
        await Screenshots.SaveAsync(page, $"wallet-copy-stopped-{locale}-{(phone ? "phone" : "desktop")}.png");
        await page.Context.CloseAsync();
    }

    private string? _heldSdJwt;

    /// <summary>
    /// The reference wallet (independent npm packages) scans the QR code, enters the tx_code and takes the badge as an SD-JWT VC
    /// with a DPoP-bound token, verifies it (issuer key, disclosures, status VALID) and acknowledges it; returns the wallet copy.
    /// </summary>
    private async Task<Guid> WalletTakesTheOfferAsync(string interactionUrl, string txCode, Guid awardId)
    {
        var taken = await ReferenceWallet.TakeAsync(interactionUrl, txCode, ct: Ct);
        Assert.True(taken["error"] is null, "The reference wallet failed: " + taken.ToJsonString());
        Assert.True((bool)taken["notified"]!);
        Assert.Equal(0, (int)taken["sdJwtVc"]!["status"]!);
        _heldSdJwt = (string)taken["credentials"]![0]!;
        return await host.DbAsync(db => db.WalletCopies.AsNoTracking().Where(c => c.AwardId == awardId).Select(c => c.Id).SingleAsync(Ct));
    }

    /// <summary>What a wallet reads at the interaction URL (VCALM): the protocols object.</summary>
    private static async Task<JsonObject> ProtocolsAsync(string interactionUrl)
    {
        using var wallet = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, interactionUrl);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var response = await wallet.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["protocols"]!.AsObject();
    }

    /// <summary>The QR code as the screen shows it, read by zbarimg (Debian zbar-tools) as a phone camera would.</summary>
    private static async Task<string> DecodeQrAsync(ILocator qr)
    {
        var file = Path.Combine(Path.GetTempPath(), $"laurel-wallet-qr-{Guid.NewGuid():N}.png");
        try
        {
            await qr.ScreenshotAsync(new() { Path = file });
            using var zbar = Process.Start(new ProcessStartInfo("zbarimg", ["--raw", "-q", file]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = await zbar.StandardOutput.ReadToEndAsync(Ct);
            await zbar.WaitForExitAsync(Ct);
            Assert.True(zbar.ExitCode == 0, $"zbarimg found no QR code: {await zbar.StandardError.ReadToEndAsync(Ct)}");
            return output.Trim();
        }
        finally
        {
            File.Delete(file);
        }
    }
}

public sealed class AddToWalletBrowserTestsOnSqlite(WalletSqliteHost host, BrowserSession browser)
    : AddToWalletBrowserTests(host, browser), IClassFixture<WalletSqliteHost>, IClassFixture<BrowserSession>;
