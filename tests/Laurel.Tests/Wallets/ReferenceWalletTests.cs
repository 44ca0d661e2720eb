using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Laurel.Features.Awards;
using Laurel.Features.Wallets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using static Laurel.Testing.Data.AwardKit;

namespace Laurel.Tests.Wallets;

/// <summary>
/// Issue 16 end to end with every part real: the learner presses "Add to wallet", and Laurel's reference wallet (independent
/// npm packages only: @openid4vc/openid4vci + oauth2, @sd-jwt/sd-jwt-vc, @sd-jwt/jwt-status-list) starts from the QR's
/// interaction URL, redeems the pre-authorized code with the tx_code (DPoP-bound), proves two keys, takes a batch of two
/// SD-JWT VCs, verifies them with the issuer key it finds at /.well-known/jwt-vc-issuer and acknowledges them. Suspending,
/// reinstating and revoking the award then show in what a verifier reads from the Token Status List.
/// </summary>
public abstract class ReferenceWalletTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The learner's "Add to wallet" (the page's POST); returns the QR's interaction URL and the tx_code on screen.</summary>
    private async Task<(WalletOffer Offer, string InteractionUrl, string TxCode)> AddToWalletAsync(Guid awardId)
    {
        using var learner = await host.SignInAsDemoAsync("learner");
        var response = await learner.PostFormAsync("/account", [], postUrl: $"/backpack/badges/{awardId}/wallet");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var offer = await host.DbAsync(db => db.WalletOffers.AsNoTracking().Where(o => o.AwardId == awardId).OrderByDescending(o => o.CreatedAt).FirstAsync(Ct));
        var secrets = WalletOfferSecrets.Unprotect(host.Services.GetRequiredService<IDataProtectionProvider>(), offer.ProtectedSecrets);
        var page = await learner.PageAsync($"/backpack/badges/{awardId}/wallet");
        Assert.Contains(secrets.TxCode!, page);
        return (offer, host.BaseUrl + WalletRoutes.InteractionPath(offer.Id) + "?iuv=1", secrets.TxCode!);
    }

    private async Task ApplyAsync(Guid awardId, AwardStatusAction action)
    {
        var awarder = await host.StaffAsync("a.bakker@uu.example");
        await using var scope = host.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<RevokeAndSuspend>();
        var award = await service.FindAsync(awardId, Ct);
        Assert.Empty(await service.ApplyAsync(awarder, award!, action, "Checked by the exam board", "web", Ct));
    }

    private static async Task<int> StatusAsync(string sdJwt)
    {
        var check = await ReferenceWallet.CheckAsync(sdJwt, ct: Ct);
        Assert.True(check["error"] is null, check.ToJsonString());
        return (int)check["sdJwtVc"]!["status"]!;
    }

    [Fact]
    public async Task A_badge_goes_from_the_backpack_into_the_reference_wallet_and_every_status_change_reaches_its_verifier()
    {
        var awardId = await host.AwardThroughServiceAsync("Data Literacy for Professionals", grade: "8", toDemoLearner: true);
        var (offer, interactionUrl, txCode) = await AddToWalletAsync(awardId);

        var taken = await ReferenceWallet.TakeAsync(interactionUrl, txCode, keys: 2, ct: Ct);

        Assert.True(taken["error"] is null, "The reference wallet failed: " + taken.ToJsonString());
        Assert.Equal("DPoP", (string?)taken["tokenType"]);
        Assert.Equal(2, taken["credentials"]!.AsArray().Count);
        Assert.True((bool)taken["notified"]!);
        var verified = taken["sdJwtVc"]!.AsObject();
        Assert.Equal(0, (int)verified["status"]!);
        Assert.Equal("Data Literacy for Professionals", (string?)verified["claims"]!["achievement"]!["name"]);
        Assert.Equal("8", (string?)verified["claims"]!["grade"]);
        Assert.Contains("grade", verified["disclosed"]!.AsArray().Select(d => (string?)d));
        // Two keys, two copies, each with its own status index; the offer went all the way.
        var copies = await host.DbAsync(db => db.WalletCopies.AsNoTracking().Where(c => c.AwardId == awardId).ToListAsync(Ct));
        Assert.Equal(2, copies.Count);
        Assert.All(copies, c => Assert.Equal(("pre-authorized_code", "credential_accepted"), (c.Protocol, c.LastNotificationEvent)));
        Assert.Equal(2, copies.Select(c => c.TokenStatusIndex).Distinct().Count());
        Assert.Equal(WalletOfferState.Acknowledged, (await host.DbAsync(db => db.WalletOffers.AsNoTracking().SingleAsync(o => o.Id == offer.Id, Ct))).State);

        // The same QR code cannot be used twice.
        var again = await ReferenceWallet.TakeAsync(interactionUrl, txCode, ct: Ct);
        Assert.NotNull(again["error"]);
        Assert.Equal(2, await host.DbAsync(db => db.WalletCopies.CountAsync(c => c.AwardId == awardId, Ct)));

        var held = (string)taken["credentials"]![1]!;
        await ApplyAsync(awardId, AwardStatusAction.Suspend);
        Assert.Equal(2, await StatusAsync(held));
        await ApplyAsync(awardId, AwardStatusAction.Reinstate);
        Assert.Equal(0, await StatusAsync(held));
        await ApplyAsync(awardId, AwardStatusAction.Revoke);
        Assert.Equal(1, await StatusAsync(held));
    }

    [Fact]
    public async Task The_Data_Integrity_form_from_the_same_QR_is_bound_to_the_wallet_and_verifies_at_Laurel()
    {
        var awardId = await host.CreateAwardAsync(new AwardSpec { Achievement = "Solar Energy Systems" });
        var (_, interactionUrl, txCode) = await AddToWalletAsync(awardId);

        var taken = await ReferenceWallet.TakeAsync(interactionUrl, txCode, format: "ldp", dpop: false, ct: Ct);

        Assert.True(taken["error"] is null, "The reference wallet failed: " + taken.ToJsonString());
        var credential = taken["credentials"]![0]!.AsObject();
        Assert.StartsWith("did:jwk:", (string?)credential["credentialSubject"]!["id"]);
        using var client = host.CreateClient();
        var report = await (await client.PostAsJsonAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = credential.DeepClone() }, Ct))
            .Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.True(report!["errors"] is null || report["errors"]!.AsArray().Count == 0, report.ToJsonString());
    }

    [Fact]
    public async Task A_suspended_badge_cannot_be_taken_and_the_offer_is_not_spent()
    {
        var awardId = await host.CreateAwardAsync(new AwardSpec { Achievement = "Responsible AI in Practice" });
        var (offer, interactionUrl, txCode) = await AddToWalletAsync(awardId);
        // Suspended after the QR was shown (the status bits are another test's business).
        await host.DbAsync(db => db.Awards.Where(a => a.Id == awardId).ExecuteUpdateAsync(s => s.SetProperty(a => a.State, AwardState.Suspended), Ct));

        var taken = await ReferenceWallet.TakeAsync(interactionUrl, txCode, ct: Ct);

        Assert.Contains("credential_request_denied", (string?)taken["error"]);
        Assert.Equal(0, await host.DbAsync(db => db.WalletCopies.CountAsync(c => c.AwardId == awardId, Ct)));
        Assert.NotEqual(WalletOfferState.Issued, (await host.DbAsync(db => db.WalletOffers.AsNoTracking().SingleAsync(o => o.Id == offer.Id, Ct))).State);
    }
}

public sealed class ReferenceWalletTestsOnSqlite(WalletSqliteHost host) : ReferenceWalletTests(host), IClassFixture<WalletSqliteHost>;

public sealed class ReferenceWalletTestsOnPostgres(WalletPostgresHost host) : ReferenceWalletTests(host), IClassFixture<WalletPostgresHost>;
