using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.JsonLd;
using Laurel.Credentials.Limits;
using Laurel.Features.Publishing.Keys;
using Laurel.Features.Publishing.Status;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Awards.VcApi;

public sealed partial class GenericIssuer
{
    /// <summary>
    /// The credential Laurel already issued under <paramref name="credentialId"/>, when this request is exactly the one that
    /// issued it: an integrator retrying after a lost answer (or a suite run again against the same Laurel) gets that credential
    /// again — the same status entries, the same proof, the same bytes — instead of a 409 and an id it can never use. The
    /// request is signed again as it was then (the proof's created is the second the first one was issued, the key the same,
    /// Ed25519 is deterministic) and compared with the stored SHA-256, so nothing but the identical request matches. Null
    /// (the caller answers 409, one id, one credential) for anything else: other content, options or status purposes, another
    /// institution's credential, an award, a credential no longer active, or a key rotated since.
    /// </summary>
    private async Task<JsonObject?> RepeatedAsync(JsonObject credential, IssueOptions asked, Guid institutionId, string credentialId,
        CancellationToken ct)
    {
        var prior = await db.Set<IssuedCredential>().AsNoTracking().FirstOrDefaultAsync(c => c.CredentialId == credentialId, ct);
        if (prior is null || prior.InstitutionId != institutionId || prior.State != IssuedCredentialStates.Active) return null;
        var key = await keys.GetActiveAsync(institutionId, ct);
        if (key.VerificationMethod != prior.VerificationMethod) return null;

        var candidate = (JsonObject)credential.DeepClone();
        var hadStatus = prior.RevocationListId is not null || prior.SuspensionListId is not null;
        var addStatus = !candidate.ContainsKey("credentialStatus") && !IssueRequestCheck.IsVc11(candidate) && (asked.Revocation || asked.Suspension);
        if (addStatus != hadStatus) return null;
        if (addStatus)
        {
            if (asked.Revocation != (prior.RevocationListId is not null) || asked.Suspension != (prior.SuspensionListId is not null)) return null;
            var allocation = new StatusAllocation(prior.RevocationListId ?? Guid.Empty, prior.SuspensionListId ?? Guid.Empty, prior.StatusIndex!.Value);
            AddStatus(candidate, statusLists.CredentialStatusEntries(allocation), asked);
        }

        // created is the request's own, or the whole second of IssuedAt (the same instant since this change; one second
        // earlier for a credential issued before it, when signing crossed a second).
        var issuedAt = new DateTimeOffset(DateTime.SpecifyKind(prior.IssuedAt, DateTimeKind.Utc));
        DateTimeOffset[] createdTimes = asked.Created is { } created ? [created] : [WholeSeconds(issuedAt), WholeSeconds(issuedAt).AddSeconds(-1)];
        foreach (var at in createdTimes)
        {
            JsonObject signed;
            try
            {
                signed = Sign((JsonObject)candidate.DeepClone(), key, at, asked, ct);
            }
            catch (Exception e) when (e is JsonLdException or ProcessingLimitExceededException)
            {
                return null;
            }
            var json = signed.ToJsonString();
            if (Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))) == prior.Sha256) return JsonNode.Parse(json)!.AsObject();
        }
        return null;
    }

    /// <summary>Adds the entries of the purposes asked for (SL-6.1: one purpose per entry), one as an object, two as an array.</summary>
    private static void AddStatus(JsonObject credential, JsonArray entries, IssueOptions asked)
    {
        var wanted = entries.Where(e => asked.Revocation && (string?)e!["statusPurpose"] == "revocation"
            || asked.Suspension && (string?)e!["statusPurpose"] == "suspension").Select(e => e!.DeepClone()).ToList();
        credential["credentialStatus"] = wanted.Count == 1 ? wanted[0] : new JsonArray([.. wanted]);
    }

    private JsonObject Sign(JsonObject credential, IssuerKeyInfo key, DateTimeOffset created, IssueOptions asked, CancellationToken ct) =>
        DataIntegrityProofs.AddProofBounded(credential, Cryptosuite.EddsaRdfc2022, ring.PrivateKey(key.Key), new ProofOptions
        {
            VerificationMethod = key.VerificationMethod,
            Created = created,
            Challenge = asked.Challenge,
            Domain = asked.Domain,
            ProofAsArray = IsOpenBadge(credential),
        }, SigningJsonLd, ProcessingLimits.Default, ct);
}
