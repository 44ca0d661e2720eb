using System.Buffers.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.SdJwtVc;
using Laurel.Credentials.TokenStatusList;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Publishing.Keys;
using Laurel.Features.Publishing.Status;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Features.Wallets.Formats;

/// <summary>
/// The three forms of one wallet copy, each bound to the holder key and carrying the copy's own status entries:
/// SD-JWT VC (ES256, <c>cnf.jwk</c>, Token Status List, the learner's disclosure choices), the OB 3.0 credential with an
/// eddsa-rdfc-2022 proof and the OB 3.0 VC-JWT (Ed25519; both with <c>credentialSubject.id</c> = the holder DID, VCI-6.4, and
/// the copy's Bitstring entries). The award's own stored credential is never changed.
/// </summary>
public sealed class WalletCredentialFactory(LaurelDb db, PublicOrigin origin, CredentialBuilder builder, IssuerSigner signer,
    StatusListService statusLists, IInstitutionEs256Keys es256Keys, TimeProvider clock) : IWalletCredentialFactory
{

    public async Task<JsonNode> IssueAsync(Award award, WalletCredentialFormat format, HolderKey holder, CopyStatus status, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(award);
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentNullException.ThrowIfNull(status);
        var achievement = await db.Achievements.AsNoTracking().Include(a => a.Translations)
            .Include(a => a.Issuer!).ThenInclude(i => i.Faculty!).ThenInclude(f => f.Institution)
            .FirstAsync(a => a.Id == award.AchievementId, ct);
        return format switch
        {
            WalletCredentialFormat.SdJwtVc => JsonValue.Create(await SdJwtVcAsync(award, achievement, holder, status, ct)),
            WalletCredentialFormat.LdpVc => await DataIntegrityAsync(award, achievement, holder, status, ct),
            _ => JsonValue.Create(await VcJwtAsync(award, achievement, holder, status, ct)),
        };
    }

    private async Task<string> SdJwtVcAsync(Award award, Achievement achievement, HolderKey holder, CopyStatus status, CancellationToken ct)
    {
        if (status.TokenStatusListUri is not { } uri || status.TokenStatusIndex is not { } index)
            throw new ArgumentException("An SD-JWT VC copy needs its Token Status List entry.", nameof(status));
        var institution = achievement.Issuer!.Faculty!.Institution!;
        var choices = await db.Set<WalletDisclosure>().AsNoTracking().FirstOrDefaultAsync(d => d.AwardId == award.Id, ct)
            ?? WalletDisclosure.Defaults(award.Id);
        var (claims, disclosable) = BadgeClaims.For(award, achievement, choices, origin, origin.InstitutionDid(institution.Slug));
        var (key, keyId) = await es256Keys.ActiveAsync(institution.Id, ct);
        var issued = SdJwtVcIssuer.Issue(new SdJwtVcContent
        {
            // The https issuer identifier: verifiers find the key through /.well-known/jwt-vc-issuer (SD-JWT VC §5).
            Issuer = origin.Url(WalletRoutes.IssuerPath(institution.Slug)),
            Vct = TypeMetadata.Vct(origin, institution.Slug, achievement.Id),
            // iat is when this copy was signed; the award date is the issuance_date claim. No exp: micro-credentials never expire.
            IssuedAt = clock.GetUtcNow(),
            HolderJwk = PublicOnly(holder.PublicJwk),
            Status = new StatusListReference(index, uri),
            Claims = claims,
            Disclosable = disclosable,
            KeyId = keyId,
        }, key);
        return issued.Token.ToString();
    }

    private async Task<JsonObject> DataIntegrityAsync(Award award, Achievement achievement, HolderKey holder, CopyStatus status, CancellationToken ct)
    {
        var signed = await signer.SignAsync(award.InstitutionId, Unsigned(award, achievement, holder, status), ct);
        var credential = signed.Credential;
        // OB 3.0 wants proof as an array even with one (OB3-2.12), as the stored credentials have it.
        if (credential["proof"] is JsonObject single) credential["proof"] = new JsonArray(single.DeepClone());
        return credential;
    }

    private Task<string> VcJwtAsync(Award award, Achievement achievement, HolderKey holder, CopyStatus status, CancellationToken ct) =>
        signer.SignJwtAsync(award.InstitutionId, Unsigned(award, achievement, holder, status), ct);

    // The same OB 3.0 facts as the award's credential; the subject becomes the holder (the hashed identifier stays, VCI-6.4) and
    // the status entries are the copy's own, so stopping this copy leaves the award and other copies valid.
    private JsonObject Unsigned(Award award, Achievement achievement, HolderKey holder, CopyStatus status)
    {
        if (status.RevocationListId is not { } revocation || status.SuspensionListId is not { } suspension || status.StatusIndex is not { } index)
            throw new ArgumentException("A Data Integrity or VC-JWT copy needs its Bitstring Status List entries.", nameof(status));
        var entries = statusLists.CredentialStatusEntries(new StatusAllocation(revocation, suspension, index));
        var credential = builder.Build(award, achievement, entries);
        var subject = credential["credentialSubject"]!.AsObject();
        var reordered = new JsonObject { ["id"] = HolderDid(holder) };
        foreach (var (name, value) in subject.ToList())
        {
            subject.Remove(name);
            reordered[name] = value;
        }
        credential["credentialSubject"] = reordered;
        return credential;
    }

    /// <summary>The holder's DID: the one the wallet proved (did:key, did:jwk), else did:jwk of its public key (VCI-6.4).</summary>
    public static string HolderDid(HolderKey holder)
    {
        ArgumentNullException.ThrowIfNull(holder);
        if (holder.Did is { Length: > 0 } did) return did.Split('#')[0];
        var jwk = PublicOnly(holder.PublicJwk);
        return "did:jwk:" + Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(jwk.ToJsonString()));
    }

    // Only the public members: a wallet that sent more (kid, use, alg) keeps them, a private member never gets through.
    private static JsonObject PublicOnly(JsonObject jwk)
    {
        if (jwk.ContainsKey("d")) throw new ArgumentException("The holder key contains a private key.", nameof(jwk));
        return jwk.DeepClone().AsObject();
    }
}
