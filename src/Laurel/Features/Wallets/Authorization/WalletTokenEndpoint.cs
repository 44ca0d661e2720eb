using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Wallets.Authorization;

/// <summary>
/// The wallet token endpoint: the pre-authorized code grant (VCI-4.1, VCI-3.3) and the authorization code grant with PKCE S256
/// (VCI-4.2). With a valid DPoP proof the token is DPoP-bound (token_type DPoP); without one it is a bearer token, which only
/// the pre-authorized grant and codes pushed without DPoP allow.
/// </summary>
public static class WalletTokenEndpoint
{
    /// <summary>Wrong tx_codes an offer survives; the next one refuses the offer for good.</summary>
    public const int MaxTxCodeFailures = 5;

    internal static async Task<IResult> IssueAsync(HttpContext context, PublicOrigin origin, DpopProofs dpop, WalletAccessTokens tokens,
        WalletAuthorizationRecords records, LaurelDb db, TimeProvider time)
    {
        var ct = context.RequestAborted;
        if (!context.Request.HasFormContentType) return OAuthResponses.Error(context, "invalid_request", "Send application/x-www-form-urlencoded.");
        var form = await context.Request.ReadFormAsync(ct);
        var check = await dpop.CheckAsync(context.Request, origin.Url(WalletRoutes.TokenPath), null, ct);
        if (check.Error is not null) return OAuthResponses.Error(context, "invalid_dpop_proof", check.Error);
        return form["grant_type"].ToString() switch
        {
            WalletAuthorizationRequests.PreAuthorizedGrant => await PreAuthorizedAsync(context, form, check.Proof, tokens, db, time),
            "authorization_code" => await AuthorizationCodeAsync(context, form, check.Proof, tokens, records, db, time),
            _ => OAuthResponses.Error(context, "unsupported_grant_type", "Use authorization_code or the pre-authorized code grant."),
        };
    }

    private static async Task<IResult> PreAuthorizedAsync(HttpContext context, IFormCollection form, DpopProof? proof, WalletAccessTokens tokens,
        LaurelDb db, TimeProvider time)
    {
        var ct = context.RequestAborted;
        var code = form["pre-authorized_code"].ToString();
        if (code.Length is 0 or > 200) return OAuthResponses.Error(context, "invalid_request", "pre-authorized_code is required.");
        var hash = WalletSecrets.Hash(code);
        var offer = await db.WalletOffers.FirstOrDefaultAsync(o => o.PreAuthorizedCodeHash == hash, ct);
        var now = time.GetUtcNow().UtcDateTime;
        if (offer is null || !WalletAuthorizationRequests.IsLive(offer, now))
            return OAuthResponses.Error(context, "invalid_grant", "The pre-authorized code is unknown, expired, already used or refused.");
        var txCode = form["tx_code"].ToString();
        if (offer.TxCodeHash is null && txCode.Length > 0) return OAuthResponses.Error(context, "invalid_request", "This offer has no tx_code: do not send one.");
        if (offer.TxCodeHash is not null && txCode.Length == 0) return OAuthResponses.Error(context, "invalid_request", "This offer requires the tx_code shown to the learner.");
        var (requested, usedDetails, problem) = WalletAuthorizationRequests.Requested(null, form["authorization_details"]);
        if (problem is not null || requested.Except(offer.ConfigurationIds).Any())
            return OAuthResponses.Error(context, "invalid_request", "authorization_details must name configurations of this offer.");

        if (offer.TxCodeHash is not null && !SameHash(WalletSecrets.Hash(txCode), offer.TxCodeHash))
        {
            // VCI-3.3: limited attempts, then the code is dead. Every wrong guess counts, also when many arrive at once: the
            // counter is raised in the database (not through the loaded row, where concurrent guesses would cost one attempt
            // together), and the Version bump makes a right guess racing with them lose rather than slip through.
            var offerId = offer.Id;
            await db.WalletOffers.Where(o => o.Id == offerId && (o.State == WalletOfferState.Offered || o.State == WalletOfferState.Fetched))
                .ExecuteUpdateAsync(u => u.SetProperty(o => o.TxCodeFailures, o => o.TxCodeFailures + 1).SetProperty(o => o.Version, o => o.Version + 1), ct);
            await db.WalletOffers.Where(o => o.Id == offerId && o.TxCodeFailures >= MaxTxCodeFailures
                    && (o.State == WalletOfferState.Offered || o.State == WalletOfferState.Fetched))
                .ExecuteUpdateAsync(u => u.SetProperty(o => o.State, WalletOfferState.Refused).SetProperty(o => o.Version, o => o.Version + 1), ct);
            var failures = await db.WalletOffers.AsNoTracking().Where(o => o.Id == offerId).Select(o => o.TxCodeFailures).SingleAsync(ct);
            var left = MaxTxCodeFailures - failures;
            return OAuthResponses.Error(context, "invalid_grant", left > 0
                ? $"The tx_code is wrong. {left} attempt{(left == 1 ? "" : "s")} left."
                : "The tx_code is wrong. No attempts left: this offer is refused; make a new one in the backpack.");
        }

        offer.State = WalletOfferState.TokenIssued;
        offer.TokenIssuedAt = now;
        offer.Version++;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException)
        {
            // Another wallet redeemed the code at the same moment: only one wins.
            return OAuthResponses.Error(context, "invalid_grant", "The pre-authorized code was already used.");
        }
        var configurations = requested.Count > 0 ? requested : offer.ConfigurationIds;
        var grant = new WalletGrant(offer.PersonId, offer.Id, configurations, proof?.Jkt, "pre-authorized_code");
        return TokenResponse(context, tokens.Issue(grant), grant, usedDetails);
    }

    private static async Task<IResult> AuthorizationCodeAsync(HttpContext context, IFormCollection form, DpopProof? proof, WalletAccessTokens tokens,
        WalletAuthorizationRecords records, LaurelDb db, TimeProvider time)
    {
        var ct = context.RequestAborted;
        var code = form["code"].ToString();
        if (code.Length is 0 or > 200) return OAuthResponses.Error(context, "invalid_request", "code is required.");
        // Spent before any other check: a code is tried once, whatever the outcome (RFC 6749 §4.1.2).
        var payload = await records.SpendAsync(WalletAuthorizationRecords.CodeKind, code, ct);
        if (payload is null || JsonSerializer.Deserialize<CodeGrant>(payload) is not { } granted)
            return OAuthResponses.Error(context, "invalid_grant", "The authorization code is unknown, expired or already used.");
        if (form["client_id"].ToString() != granted.ClientId) return OAuthResponses.Error(context, "invalid_grant", "The code was issued to another client_id.");
        if (form["redirect_uri"].ToString() != granted.RedirectUri) return OAuthResponses.Error(context, "invalid_grant", "redirect_uri differs from the authorization request.");
        if (!Pkce.Verifies(form["code_verifier"].ToString(), granted.CodeChallenge))
            return OAuthResponses.Error(context, "invalid_grant", "The code_verifier does not match the code_challenge (PKCE S256).");
        if (granted.DpopJkt is not null && proof?.Jkt != granted.DpopJkt)
            return OAuthResponses.Error(context, "invalid_dpop_proof", proof is null
                ? "The authorization request was DPoP-bound: send a DPoP proof with the same key."
                : "The DPoP proof is signed with another key than the authorization request.");
        if (granted.OfferId is { } offerId)
        {
            var offer = await db.WalletOffers.FirstOrDefaultAsync(o => o.Id == offerId, ct);
            var now = time.GetUtcNow().UtcDateTime;
            if (offer is null || !WalletAuthorizationRequests.IsLive(offer, now))
                return OAuthResponses.Error(context, "invalid_grant", "The credential offer is no longer open.");
            offer.State = WalletOfferState.TokenIssued;
            offer.TokenIssuedAt = now;
            offer.Version++;
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateConcurrencyException) { return OAuthResponses.Error(context, "invalid_grant", "The credential offer was already used."); }
        }
        var grant = new WalletGrant(granted.PersonId, granted.OfferId, granted.ConfigurationIds, proof?.Jkt, "authorization_code");
        return TokenResponse(context, tokens.Issue(grant), grant, granted.UsedAuthorizationDetails);
    }

    private static IResult TokenResponse(HttpContext context, string token, WalletGrant grant, bool withDetails)
    {
        OAuthResponses.NoStore(context);
        var body = new JsonObject
        {
            ["access_token"] = token,
            ["token_type"] = grant.DpopJkt is null ? "Bearer" : "DPoP",
            ["expires_in"] = (int)WalletAccessTokens.Lifetime.TotalSeconds,
        };
        // VCI-4.3: required when the wallet asked with authorization_details.
        if (withDetails) body["authorization_details"] = WalletAuthorizationRequests.ResponseDetails(grant.ConfigurationIds);
        return Results.Json(body);
    }

    private static bool SameHash(string a, string b) => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
