using System.Text.Json.Nodes;
using Laurel.Features.Awards;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Wallets.Issuance;

/// <summary>
/// <c>POST /oid4vci/{slug}/credential</c> (VCI-6.1..6.6, OpenID4VCI 1.0 Final): access token → request shape → every
/// <c>jwt</c> proof → nonces → the learner's issued award → one credential per proof (a batch), each a
/// <see cref="WalletCopy"/> with its own status entry. All or nothing: any refused proof or nonce issues nothing, and the
/// nonces, copies and offer state are written in one transaction.
/// </summary>
public static class CredentialEndpoint
{
    /// <summary>Up to <see cref="IssuerMetadata.BatchSize"/> proofs of at most 8 KB each, with room for the rest.</summary>
    public static readonly JsonBodyRules Body = new() { MaxBytes = 128 * 1024, MaxDepth = 16, MediaTypes = ["application/json"] };

    public static async Task<IResult> PostAsync(string slug, HttpContext http, LaurelDb db, IssuerMetadata metadata, WalletNonces nonces,
        IWalletAccessTokens tokens, IWalletStatus status, IWalletCredentialFactory factory, PublicOrigin origin, TimeProvider clock, CancellationToken ct)
    {
        var institution = await metadata.InstitutionAsync(slug, ct);
        if (institution is null) return OAuthErrors.Error(http, 404, "not_found", "There is no Credential Issuer here.");
        var access = await tokens.ValidateAsync(http.Request, origin.Url(WalletRoutes.CredentialPath(slug)), ct);
        if (access.Grant is not { } grant)
            return OAuthErrors.TokenError(http, access.Error ?? OAuthErrors.InvalidToken, access.ErrorDescription ?? "The access token is not valid.", access.StatusCode);

        var read = await JsonBody.ReadNodeAsync(http, Body, e => new JsonBodyText(e.Fault switch
        {
            JsonBodyFault.TooLarge => $"The credential request is larger than {Body.MaxBytes} bytes.",
            JsonBodyFault.UnsupportedMediaType => "The credential request must be application/json.",
            _ => "The credential request is not valid JSON.",
        }));
        if (read.Problem is { } problem)
            return OAuthErrors.Error(http, problem.Status ?? 400, OAuthErrors.InvalidCredentialRequest, problem.Title ?? "Unreadable credential request.");
        if (read.Value is not JsonObject request)
            return OAuthErrors.Error(http, 400, OAuthErrors.InvalidCredentialRequest, "The credential request must be a JSON object.");

        // Draft forms (format + credential_definition, a single proof) are refused by name, so a wallet on an old draft
        // sees why instead of a vague failure.
        if (request.ContainsKey("format") || request.ContainsKey("proof"))
            return OAuthErrors.Error(http, 400, OAuthErrors.InvalidCredentialRequest,
                "This issuer speaks OpenID4VCI 1.0: send credential_configuration_id and proofs, not format or proof (drafts).");
        if (request.ContainsKey("credential_identifier"))
            return OAuthErrors.Error(http, 400, OAuthErrors.InvalidCredentialRequest,
                "This issuer hands out no credential_identifiers: send credential_configuration_id.");
        if (request["credential_configuration_id"] is not JsonValue idValue || !idValue.TryGetValue<string>(out var configurationId))
            return OAuthErrors.Error(http, 400, OAuthErrors.InvalidCredentialRequest, "credential_configuration_id is missing.");
        if (!WalletConfigurationId.TryParse(configurationId, out var achievementId, out var format)
            || !await db.Achievements.AnyAsync(a => a.Id == achievementId && a.InstitutionId == institution.Id, ct))
            return OAuthErrors.Error(http, 400, OAuthErrors.UnknownCredentialConfiguration, "This issuer has no such credential configuration.");
        if (!grant.ConfigurationIds.Contains(configurationId))
            return OAuthErrors.TokenError(http, OAuthErrors.InsufficientScope, "The access token does not cover this credential configuration.", 403);

        if (request["proofs"] is not JsonObject proofs || proofs.Count != 1)
            return OAuthErrors.Error(http, 400, OAuthErrors.InvalidProof, "proofs must be an object with exactly one proof type.");
        if (proofs["jwt"] is not JsonArray jwts || jwts.Count == 0)
            return OAuthErrors.Error(http, 400, OAuthErrors.InvalidProof, "Only jwt proofs are supported: proofs.jwt must be a non-empty array.");
        if (jwts.Count > IssuerMetadata.BatchSize)
            return OAuthErrors.Error(http, 400, OAuthErrors.InvalidCredentialRequest, $"At most {IssuerMetadata.BatchSize} proofs per request (batch_size).");

        var issuerId = metadata.IssuerId(slug);
        var now = clock.GetUtcNow();
        var checkedProofs = new List<CheckedProof>();
        for (var i = 0; i < jwts.Count; i++)
        {
            var token = jwts[i] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            var (proof, why) = ProofOfPossession.Check(token, issuerId, format == WalletCredentialFormat.SdJwtVc, now);
            if (proof is null) return OAuthErrors.Error(http, 400, OAuthErrors.InvalidProof, $"Proof {i + 1}: {why}");
            // One credential per key (VCI-6.5): the same key twice would be two copies a verifier cannot tell apart.
            if (checkedProofs.Any(p => p.Holder.Thumbprint == proof.Holder.Thumbprint))
                return OAuthErrors.Error(http, 400, OAuthErrors.InvalidProof, $"Proof {i + 1} uses a key an earlier proof already used.");
            checkedProofs.Add(proof);
        }
        var usedNonces = checkedProofs.Select(p => p.Nonce).Distinct(StringComparer.Ordinal).ToList();
        foreach (var nonce in usedNonces)
            if (!await nonces.IsUsableAsync(institution.Id, nonce, ct)) return await InvalidNonceAsync(http, nonces, institution.Id, ct);

        var award = await AwardAsync(db, grant, institution.Id, achievementId, configurationId, ct);
        if (award is null)
            return OAuthErrors.Error(http, 400, OAuthErrors.CredentialRequestDenied,
                "The learner holds no issued award of this badge (it may have been suspended, revoked or withdrawn).");

        // Status entries are committed at once (IWalletStatus): if the transaction below fails they stay unused, which costs
        // an index, never a wrong status.
        var batchId = WalletNonces.NewNotificationId();
        var issuedAt = now.UtcDateTime;
        var copies = new List<(WalletCopy Copy, JsonNode Credential)>();
        foreach (var (proof, index) in checkedProofs.Select((p, i) => (p, i)))
        {
            var entries = await status.AllocateAsync(institution.Id, format, ct);
            var credential = await factory.IssueAsync(award, format, proof.Holder, entries, ct);
            copies.Add((new WalletCopy
            {
                Id = Guid.CreateVersion7(), AwardId = award.Id, InstitutionId = institution.Id, OfferId = grant.OfferId, Format = format,
                ConfigurationId = configurationId, Protocol = grant.Flow, HolderKeyThumbprint = proof.Holder.Thumbprint,
                HolderDid = format == WalletCredentialFormat.SdJwtVc ? null : proof.Holder.Did,
                TokenStatusListId = entries.TokenStatusListId, TokenStatusIndex = entries.TokenStatusIndex,
                RevocationListId = entries.RevocationListId, SuspensionListId = entries.SuspensionListId, StatusIndex = entries.StatusIndex,
                NotificationId = $"{batchId}.{index}", IssuedAt = issuedAt,
            }, credential));
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            foreach (var nonce in usedNonces)
                if (!await nonces.ConsumeAsync(institution.Id, nonce, ct))
                {
                    await transaction.RollbackAsync(ct);
                    return await InvalidNonceAsync(http, nonces, institution.Id, ct);
                }
            db.WalletCopies.AddRange(copies.Select(c => c.Copy));
            await db.SaveChangesAsync(ct);
            if (grant.OfferId is { } offerId)
                await db.WalletOffers.Where(o => o.Id == offerId && (o.State == WalletOfferState.Offered || o.State == WalletOfferState.Fetched
                        || o.State == WalletOfferState.TokenIssued))
                    .ExecuteUpdateAsync(s => s.SetProperty(o => o.State, WalletOfferState.Issued).SetProperty(o => o.IssuedAt, issuedAt)
                        .SetProperty(o => o.Version, o => o.Version + 1), ct);
            await transaction.CommitAsync(ct);
        }

        OAuthErrors.NoStore(http);
        var body = new JsonObject
        {
            ["credentials"] = new JsonArray([.. copies.Select(c => (JsonNode)new JsonObject { ["credential"] = c.Credential.DeepClone() })]),
            ["notification_id"] = batchId,
        };
        return Results.Text(body.ToJsonString(), "application/json");
    }

    /// <summary><c>invalid_nonce</c> with a fresh <c>c_nonce</c>, so the wallet can retry at once.</summary>
    private static async Task<IResult> InvalidNonceAsync(HttpContext http, WalletNonces nonces, Guid institutionId, CancellationToken ct)
    {
        var fresh = await nonces.CreateAsync(institutionId, ct);
        return OAuthErrors.Error(http, 400, OAuthErrors.InvalidNonce, "The proof's nonce is unknown, used or expired: fetch a new c_nonce.",
            body => body["c_nonce"] = fresh);
    }

    /// <summary>
    /// The award the credential is made from: the offer's (when the grant came from one) or the learner's issued award of
    /// the achievement. Only an Issued award qualifies: suspended, revoked or withdrawn ones give nothing.
    /// </summary>
    private static async Task<Award?> AwardAsync(LaurelDb db, WalletGrant grant, Guid institutionId, Guid achievementId, string configurationId,
        CancellationToken ct)
    {
        var awards = db.Awards.AsNoTracking().Include(a => a.Achievement).Where(a => a.RecipientPersonId == grant.PersonId && a.InstitutionId == institutionId
            && a.AchievementId == achievementId && a.State == AwardState.Issued);
        if (grant.OfferId is not { } offerId) return await awards.OrderByDescending(a => a.IssuedAt).FirstOrDefaultAsync(ct);
        var offer = await db.WalletOffers.AsNoTracking().SingleOrDefaultAsync(o => o.Id == offerId, ct);
        if (offer is null || offer.PersonId != grant.PersonId || offer.InstitutionId != institutionId
            || offer.State is WalletOfferState.Expired or WalletOfferState.Refused || !offer.ConfigurationIds.Contains(configurationId))
            return null;
        return await awards.SingleOrDefaultAsync(a => a.Id == offer.AwardId, ct);
    }
}
