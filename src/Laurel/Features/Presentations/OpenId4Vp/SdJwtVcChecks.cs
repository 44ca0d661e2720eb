using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.SdJwt;
using Laurel.Credentials.SdJwtVc;
using Laurel.Credentials.TokenStatusList;
using Laurel.Features.Backpack.Imports;
using Laurel.Features.Publishing.Keys;
using Laurel.Features.Publishing.Status;
using Laurel.Features.Wallets;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Net;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Presentations.OpenId4Vp;

/// <summary>What the key-binding JWT of a presentation must carry (OpenID4VP 1.0 B.3.6: nonce and audience = client_id).</summary>
public sealed record KeyBindingExpectation(string Nonce, string Audience);

/// <summary>The outcome of checking one SD-JWT VC: the credential's checks, the key-binding checks, the disclosed claims.</summary>
public sealed record SdJwtVcOutcome(IReadOnlyList<PresentedCheck> Checks, IReadOnlyList<PresentedCheck> KeyBindingChecks, BadgeFacts? Facts,
    JsonObject? Claims, bool KeyBound, string? HolderThumbprint, string? PresentedWithoutKeyBinding);

/// <summary>
/// Verifies SD-JWT VCs as presented (<see cref="ISdJwtVcPresentedChecks"/>, and with key binding for OpenID4VP): the issuer JWT's
/// signature with the issuer's key (Laurel's own institutions from the database; others from their <c>/.well-known/jwt-vc-issuer</c>
/// through <see cref="SafeFetcher"/>), every disclosure against its digest, the dates, and the status in the Token Status List
/// (Laurel's own lists read locally; others fetched guarded). Revoked or suspended copies fail.
/// </summary>
public sealed class SdJwtVcChecks(LaurelDb db, PublicOrigin origin, IssuerKeyRing ring, SafeFetcher fetcher, TokenStatusListPublisher statusLists,
    TimeProvider clock, TrustedIssuers trusted) : ISdJwtVcPresentedChecks
{
    /// <summary>How old a key-binding JWT may be: a wallet signs it when the learner confirms, well within the session.</summary>
    public static readonly TimeSpan KeyBindingMaxAge = TimeSpan.FromMinutes(5);

    public async Task<(IReadOnlyList<PresentedCheck> Checks, BadgeFacts? Facts)> CheckAsync(string sdJwt, CancellationToken ct)
    {
        var outcome = await CheckAsync(sdJwt, null, ct);
        return (outcome.Checks, outcome.Facts);
    }

    public async Task<SdJwtVcOutcome> CheckAsync(string presentation, KeyBindingExpectation? keyBinding, CancellationToken ct)
    {
        SdJwtToken token;
        CompactJws issuerJwt;
        JsonObject? payload;
        try
        {
            token = SdJwtToken.Parse(presentation, SdJwtLimits.Default.MaxLength, SdJwtLimits.Default.MaxDisclosures);
            issuerJwt = CompactJws.Parse(token.IssuerJwt, SdJwtLimits.Default.MaxLength);
            payload = issuerJwt.PayloadObject();
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return Failed("proof", "sd_jwt.malformed", e.Message);
        }
        var iss = payload?["iss"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (iss is null) return Failed("issuer", "sd_jwt.no_issuer", "The SD-JWT VC has no 'iss'.");

        var (issuerKey, keyProblem) = await IssuerKeyAsync(iss, issuerJwt.KeyId, ct);
        using var keyScope = issuerKey;
        var result = SdJwtVcVerifier.Verify(presentation, jws => issuerKey?.Key, new SdJwtVerifyOptions
        {
            RequireKeyBinding = keyBinding is not null,
            ExpectedNonce = keyBinding?.Nonce,
            ExpectedAudience = keyBinding?.Audience,
            KeyBindingMaxAge = KeyBindingMaxAge,
            TimeProvider = clock,
        });

        var problems = result.Problems;
        var checks = new List<PresentedCheck>
        {
            issuerKey is null
                ? new("issuer", false, "sd_jwt.issuer_key_not_found", keyProblem)
                : new("issuer", true, "sd_jwt.issuer_key", iss),
            Check("proof", problems, [SdJwtProblemCode.Malformed, SdJwtProblemCode.LimitExceeded, SdJwtProblemCode.InvalidHeader, SdJwtProblemCode.BadSignature,
                SdJwtProblemCode.MissingClaim], result.SignatureValid || issuerKey is null ? null : "sd_jwt.bad_signature", "sd_jwt.signature"),
            Check("disclosures", problems, [SdJwtProblemCode.UnsupportedHashAlgorithm, SdJwtProblemCode.DuplicateDigest, SdJwtProblemCode.UnreferencedDisclosure,
                SdJwtProblemCode.ClaimNameConflict, SdJwtProblemCode.InvalidDigestStructure], null, "sd_jwt.disclosures"),
            Check("dates", problems, [SdJwtProblemCode.NotYetValid, SdJwtProblemCode.Expired], null, "dates.valid"),
        };
        var claims = result.Claims;
        if (claims is not null && result.SignatureValid) checks.Add(await StatusAsync(claims, ct));
        checks.Add(await IssuerKnownAsync(iss, issuerKey is not null && result.SignatureValid, ct));

        var kbChecks = new List<PresentedCheck>();
        var bound = false;
        string? thumbprint = null;
        if ((claims?["cnf"] as JsonObject)?["jwk"] is JsonObject cnf)
        {
            try
            {
                thumbprint = JwkThumbprint.Compute(cnf);
            }
            catch (FormatException)
            {
                // An unusable cnf key: the binding fails below.
            }
        }
        if (keyBinding is not null)
        {
            // The key-binding signature proves who presents: a failure means it is not the holder's credential.
            bound = result.KeyBindingVerified || !problems.Any(p => p.Code is SdJwtProblemCode.KeyBindingMissing or SdJwtProblemCode.KeyBindingInvalid);
            bound &= token.KeyBindingJwt is not null && thumbprint is not null;
            kbChecks.Add(Check("key_binding", problems, [SdJwtProblemCode.SdHashMismatch, SdJwtProblemCode.KeyBindingAudienceOrNonce,
                SdJwtProblemCode.KeyBindingStale], null, "kb.nonce_audience_sd_hash"));
        }
        var facts = claims is not null ? BadgeFacts.FromSdJwtVc(claims) : null;
        return new SdJwtVcOutcome(checks, kbChecks, facts, claims, bound, thumbprint,
            new SdJwtToken(token.IssuerJwt, token.Disclosures).WithoutKeyBinding());
    }

    /// <summary>
    /// The "issuer known" check of <see cref="PresentedIssuerCheck"/> for an SD-JWT VC (issue 12 finding 1): the issuer the
    /// signature proved (<c>iss</c>, whose JWT VC Issuer Metadata key signed it) must be an institution on this Laurel or on
    /// the operator's trusted-issuer list; anyone can publish metadata on their own https host and call themselves a university.
    /// </summary>
    private async Task<PresentedCheck> IssuerKnownAsync(string iss, bool proven, CancellationToken ct)
    {
        if (!proven) return new PresentedCheck(PresentedIssuerCheck.Id, false, "issuer.unproven", iss);
        var localPrefix = origin.Url(WalletRoutes.IssuerPath(""));
        if (iss.StartsWith(localPrefix, StringComparison.Ordinal) && iss[localPrefix.Length..] is { Length: > 0 } slug)
        {
            var institution = await db.Institutions.AsNoTracking().Where(i => i.Slug == slug)
                .Select(i => new { i.NameNl, i.NameEn }).FirstOrDefaultAsync(ct);
            if (institution is not null)
                return new PresentedCheck(PresentedIssuerCheck.Id, true, "issuer.known_laurel",
                    $"{iss} ({(System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? institution.NameEn : institution.NameNl)})");
        }
        return trusted.Find(iss) is { } entry
            ? new PresentedCheck(PresentedIssuerCheck.Id, true, "issuer.known_trusted", $"{iss} ({entry.Name})")
            : new PresentedCheck(PresentedIssuerCheck.Id, false, "issuer.unknown", iss);
    }

    private static SdJwtVcOutcome Failed(string id, string code, string detail) =>
        new([new PresentedCheck(id, false, code, detail)], [], null, null, false, null, null);

    private static PresentedCheck Check(string id, IReadOnlyList<SdJwtProblem> problems, SdJwtProblemCode[] codes, string? extraFailure, string passCode)
    {
        var problem = problems.FirstOrDefault(p => codes.Contains(p.Code));
        if (problem is not null) return new PresentedCheck(id, false, "sd_jwt." + Snake(problem.Code), problem.Message);
        return extraFailure is not null ? new PresentedCheck(id, false, extraFailure) : new PresentedCheck(id, true, passCode);
    }

    private static string Snake(SdJwtProblemCode code) => JsonNamingPolicy.SnakeCaseLower.ConvertName(code.ToString());

    /// <summary>The Token Status List entry of the credential (draft-ietf-oauth-status-list §8.3): valid only when 0x00.</summary>
    private async Task<PresentedCheck> StatusAsync(JsonObject claims, CancellationToken ct)
    {
        if (claims["status"] is null) return new PresentedCheck("status", true, "status.none", "The credential has no status entry.");
        try
        {
            var verifier = new StatusListTokenVerifier(FetchStatusListAsync, ResolveStatusKeyAsync, clock);
            var status = await verifier.CheckAsync(claims["status"], ct);
            return status.Status switch
            {
                TokenStatus.Valid => new PresentedCheck("status", true, "status.valid"),
                TokenStatus.Invalid => new PresentedCheck("status", false, "status.revoked", "The issuer revoked this credential."),
                TokenStatus.Suspended => new PresentedCheck("status", false, "status.suspended", "The issuer suspended this credential."),
                _ => new PresentedCheck("status", false, "status.not_valid", status.Name),
            };
        }
        catch (TokenStatusListException e)
        {
            return new PresentedCheck("status", false, "status.unavailable", e.Message);
        }
    }

    private async Task<string> FetchStatusListAsync(string uri, CancellationToken ct)
    {
        var local = origin.Url("/status/tokens/");
        if (uri.StartsWith(local, StringComparison.Ordinal) && Guid.TryParse(uri[local.Length..], out var listId))
            return (await statusLists.GetAsync(listId, ct))?.Token ?? throw new TokenStatusListException(TokenStatusListErrorCode.Retrieval, "No such status list.");
        var bytes = await fetcher.FetchAsync(new Uri(uri), StatusListTokenWriter.MediaType, ct);
        return System.Text.Encoding.UTF8.GetString(bytes).Trim();
    }

    private async Task<JsonObject?> ResolveStatusKeyAsync(StatusListKeyRequest request, CancellationToken ct)
    {
        if (request.Issuer is null) return null;
        var (key, _) = await IssuerKeyAsync(request.Issuer, request.KeyId, ct);
        using (key) return key?.Key.PublicJwk();
    }

    /// <summary>
    /// The issuer's key named by <paramref name="kid"/> (SD-JWT VC §5, JWT VC Issuer Metadata): Laurel's own https issuers
    /// (<c>{origin}/oid4vci/{slug}</c>) from the database, others from <c>/.well-known/jwt-vc-issuer{path}</c> whose <c>issuer</c> must equal
    /// <c>iss</c>. Only inline <c>jwks</c> are read (no <c>jwks_uri</c>), so one fetch at most.
    /// </summary>
    private async Task<(JsonWebKeyPublic? Key, string? Problem)> IssuerKeyAsync(string iss, string? kid, CancellationToken ct)
    {
        var localPrefix = origin.Url(WalletRoutes.IssuerPath(""));
        if (iss.StartsWith(localPrefix, StringComparison.Ordinal))
        {
            var slug = iss[localPrefix.Length..];
            var keys = await db.Set<IssuerKey>().AsNoTracking()
                .Where(k => k.Algorithm == IssuerKeyAlgorithm.Es256 && db.Institutions.Any(i => i.Id == k.InstitutionId && i.Slug == slug))
                .Select(k => new { k.KeyId, k.PublicKeyMultibase }).ToListAsync(ct);
            var match = keys.Where(k => kid is null ? keys.Count == 1 : k.KeyId == kid).Select(k => k.PublicKeyMultibase).FirstOrDefault();
            return match is null
                ? (null, $"No key '{kid}' of the Laurel issuer {iss}.")
                : (JwsKey.FromPublicJwk(P256Jwk.Export(ring.PublicP256Key(match))), null);
        }
        if (!Uri.TryCreate(iss, UriKind.Absolute, out var issuer) || issuer.Scheme != Uri.UriSchemeHttps)
            return (null, $"The issuer '{iss}' is not an https URL; only JWT VC Issuer Metadata keys are accepted.");
        var wellKnown = new Uri(issuer.GetLeftPart(UriPartial.Authority) + "/.well-known/jwt-vc-issuer" + issuer.AbsolutePath.TrimEnd('/'));
        try
        {
            // Same origin: the metadata speaks for iss, so an open redirect on its host must not let another host answer.
            var text = await fetcher.FetchStringSameOriginAsync(wellKnown, ct);
            if (JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 16 }) is not JsonObject metadata
                || metadata["issuer"] is not JsonValue named || !named.TryGetValue<string>(out var name) || name != iss)
                return (null, $"{wellKnown} does not name the issuer {iss}.");
            var keys = ((metadata["jwks"] as JsonObject)?["keys"] as JsonArray)?.OfType<JsonObject>().Take(20).ToList() ?? [];
            var jwk = keys.FirstOrDefault(k => kid is null ? keys.Count == 1 : k["kid"] is JsonValue kv && kv.TryGetValue<string>(out var id) && id == kid);
            if (jwk is null) return (null, $"{wellKnown} lists no key '{kid}'.");
            return (JwsKey.FromPublicJwk(jwk), null);
        }
        catch (Exception e) when (e is FetchRefusedException or HttpRequestException or JsonException or FormatException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return (null, $"The issuer metadata at {wellKnown} could not be read: {e.Message}");
        }
    }
}
