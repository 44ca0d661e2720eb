using System.Text.Json.Nodes;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Wallets.Issuance;

/// <summary>
/// <c>GET /oid4vci/offers/{id}</c>: the credential offer by reference (VCI-3.1, VCI-3.2), with the pre-authorized code,
/// the tx_code requirement and the issuer_state. Open while the offer is Offered or Fetched and unexpired (a wallet may
/// fetch it twice); once redeemed, expired or refused it answers 410 with a JSON error and never the secrets.
/// </summary>
public static class OfferEndpoint
{
    public const string PreAuthorizedGrant = "urn:ietf:params:oauth:grant-type:pre-authorized_code";

    public static async Task<IResult> GetAsync(string offerId, HttpContext http, LaurelDb db, IssuerMetadata metadata,
        IDataProtectionProvider protection, TimeProvider clock, IStringLocalizer<IssuanceText> t, CancellationToken ct)
    {
        if (!Guid.TryParseExact(offerId, "N", out var id)) return OAuthErrors.Error(http, 404, "offer_not_found", "There is no such credential offer.");
        var found = await db.WalletOffers.AsNoTracking().Where(o => o.Id == id)
            .Join(db.Institutions, o => o.InstitutionId, i => i.Id, (o, i) => new { Offer = o, i.Slug }).SingleOrDefaultAsync(ct);
        if (found is null) return OAuthErrors.Error(http, 404, "offer_not_found", "There is no such credential offer.");
        var offer = found.Offer;
        var now = clock.GetUtcNow().UtcDateTime;
        if (offer.State == WalletOfferState.Expired || (offer.State is WalletOfferState.Offered or WalletOfferState.Fetched && offer.ExpiresAt <= now))
        {
            await db.WalletOffers.Where(o => o.Id == id && (o.State == WalletOfferState.Offered || o.State == WalletOfferState.Fetched))
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.State, WalletOfferState.Expired).SetProperty(o => o.Version, o => o.Version + 1), ct);
            return OAuthErrors.Error(http, 410, "offer_expired", "This credential offer has expired; make a new one in the backpack.");
        }
        if (offer.State == WalletOfferState.Refused)
            return OAuthErrors.Error(http, 410, "offer_refused", "This credential offer was refused and can no longer be used.");
        if (offer.State is not (WalletOfferState.Offered or WalletOfferState.Fetched))
            return OAuthErrors.Error(http, 410, "offer_used", "This credential offer has already been used; make a new one in the backpack.");

        await db.WalletOffers.Where(o => o.Id == id && o.State == WalletOfferState.Offered)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.State, WalletOfferState.Fetched).SetProperty(o => o.FetchedAt, now)
                .SetProperty(o => o.Version, o => o.Version + 1), ct);

        var secrets = WalletOfferSecrets.Unprotect(protection, offer.ProtectedSecrets);
        var preAuthorized = new JsonObject { ["pre-authorized_code"] = secrets.PreAuthorizedCode };
        if (secrets.TxCode is not null)
            preAuthorized["tx_code"] = new JsonObject { ["input_mode"] = "numeric", ["length"] = secrets.TxCode.Length, ["description"] = t["TxCode_Description"].Value };
        var body = new JsonObject
        {
            ["credential_issuer"] = metadata.IssuerId(found.Slug),
            ["credential_configuration_ids"] = new JsonArray([.. offer.ConfigurationIds.Select(c => (JsonNode)c)]),
            ["grants"] = new JsonObject
            {
                [PreAuthorizedGrant] = preAuthorized,
                ["authorization_code"] = new JsonObject { ["issuer_state"] = secrets.IssuerState },
            },
        };
        // A unique URL per offer that carries secrets: never cached (VCI-3.2).
        OAuthErrors.NoStore(http);
        return Results.Text(body.ToJsonString(), "application/json");
    }
}
