using System.Text.Json;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Wallets.Authorization;

/// <summary>
/// Pushed authorization requests (RFC 9126, VCI-4.2): a public wallet client posts its authorization request and gets a
/// single-use request_uri valid for <see cref="Lifetime"/> (long enough for a sign-in at eduID). A DPoP proof here binds the
/// code to that key (RFC 9449 §10.1), as does a <c>dpop_jkt</c> parameter.
/// </summary>
public static class PushedAuthorizationEndpoint
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    internal static async Task<IResult> PushAsync(HttpContext context, PublicOrigin origin, DpopProofs dpop, WalletAuthorizationRecords records,
        LaurelDb db, TimeProvider time)
    {
        var ct = context.RequestAborted;
        IResult Error(string error, string description) => OAuthResponses.Error(context, error, description);
        if (!context.Request.HasFormContentType) return Error("invalid_request", "Send application/x-www-form-urlencoded.");
        var form = await context.Request.ReadFormAsync(ct);
        var check = await dpop.CheckAsync(context.Request, origin.Url(WalletRoutes.ParPath), null, ct);
        if (check.Error is not null) return Error("invalid_dpop_proof", check.Error);
        if (form.ContainsKey("request_uri")) return Error("invalid_request", "request_uri is not allowed in a pushed request.");
        if (form["response_type"].ToString() != "code") return Error("unsupported_response_type", "response_type must be code.");
        var clientId = form["client_id"].ToString();
        if (clientId.Length is 0 or > 300) return Error("invalid_request", "client_id is required.");
        var redirectUri = form["redirect_uri"].ToString();
        if (!IsAcceptableRedirect(redirectUri)) return Error("invalid_request", "redirect_uri must be an absolute https, app or loopback URI without fragment.");
        var challenge = form["code_challenge"].ToString();
        if (form["code_challenge_method"].ToString() != "S256" || !Pkce.IsWellFormed(challenge))
            return Error("invalid_request", "PKCE with code_challenge_method S256 is required.");
        var state = form["state"].ToString();
        if (state.Length > 1000) return Error("invalid_request", "state is too long.");
        var (requested, usedDetails, problem) = WalletAuthorizationRequests.Requested(form["scope"], form["authorization_details"]);
        if (problem is not null) return Error(problem, "scope and authorization_details must name Laurel credential configurations.");
        var issuerState = form["issuer_state"].ToString();
        if (issuerState.Length > 0)
        {
            var hash = WalletSecrets.Hash(issuerState);
            var offer = await db.WalletOffers.AsNoTracking().FirstOrDefaultAsync(o => o.IssuerStateHash == hash, ct);
            if (offer is null || !WalletAuthorizationRequests.IsLive(offer, time.GetUtcNow().UtcDateTime))
                return Error("invalid_request", "issuer_state names no open credential offer (expired, used or unknown).");
        }
        else if (requested.Count == 0) return Error("invalid_scope", "Name a credential configuration in scope or authorization_details.");
        var jkt = form["dpop_jkt"].ToString();
        if (check.Proof is { } proof)
        {
            if (jkt.Length > 0 && jkt != proof.Jkt) return Error("invalid_dpop_proof", "dpop_jkt does not match the DPoP proof's key.");
            jkt = proof.Jkt;
        }

        var request = new PushedRequest(clientId, redirectUri, challenge, state.Length > 0 ? state : null, requested, usedDetails,
            issuerState.Length > 0 ? issuerState : null, jkt.Length > 0 ? jkt : null);
        var secret = WalletSecrets.NewSecret();
        await records.TryAddAsync(WalletAuthorizationRecords.ParKind, secret, JsonSerializer.Serialize(request),
            (time.GetUtcNow() + Lifetime).UtcDateTime, ct);
        OAuthResponses.NoStore(context);
        return Results.Json(new { request_uri = WalletAuthorizationRequests.RequestUriPrefix + secret, expires_in = (int)Lifetime.TotalSeconds },
            statusCode: StatusCodes.Status201Created);
    }

    // Wallets come back over https, a claimed app scheme, or (native apps, RFC 8252 §7.3) http on loopback; never script URLs.
    internal static bool IsAcceptableRedirect(string uri)
    {
        if (uri.Length is 0 or > 1000 || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Fragment.Length > 0 || uri.Contains('#')) return false;
        return parsed.Scheme switch
        {
            "https" => true,
            "http" => parsed.IsLoopback,
            "javascript" or "data" or "file" or "vbscript" or "blob" or "about" => false,
            _ => true,
        };
    }
}

/// <summary>PKCE S256 (RFC 7636 §4.2, §4.6).</summary>
public static class Pkce
{
    /// <summary>43–128 characters of the unreserved set, as verifiers and S256 challenges are.</summary>
    public static bool IsWellFormed(string value) =>
        value.Length is >= 43 and <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~');

    public static bool Verifies(string verifier, string challenge)
    {
        if (!IsWellFormed(verifier)) return false;
        var computed = System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier)));
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(computed), System.Text.Encoding.ASCII.GetBytes(challenge));
    }
}
