using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Laurel.Features.Awards;
using Laurel.Features.Publishing.Keys;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Publishing.Badges;

/// <summary>
/// The signed credential a viewer of a badge may have. Owner and staff, and the public when the learner shows everything,
/// get the credential exactly as issued. While the learner hides the grade or the evidence, the public gets a public
/// variant instead of a 404, so an employer with only the badge link can still check everything that matters.
/// </summary>
/// <remarks>
/// Why a second signed credential and not an explanation of "what can still be checked": a signed credential cannot be
/// redacted without breaking its proof (eddsa-rdfc-2022 signs the whole canonical document), and the grade and evidence
/// are optional elements of a micro-credential (eu-microcredential.md EU-1.3 O3 and O5) while every mandatory element
/// (EU-1.2 M1–M11: learner identification as the hashed identifier, title, issuer, date, outcomes, workload, level, …)
/// stays in. So the institution can truthfully attest the same award without them: the variant is the issued credential
/// minus <c>credentialSubject.result</c>, <c>credentialSubject.narrative</c> and <c>evidence</c>, signed with the
/// institution's key through the same <see cref="IssuerSigner"/>. It keeps the award's <c>credentialStatus</c> entries
/// (revocation and suspension), so a revocation or suspension of the award shows for both files, and it keeps <c>validFrom</c>. It gets its own id
/// (OB3-2.2: an id names one credential, and the two differ), derived from the award id so it never changes. It is issued
/// once, on first request, and stored; a key rotation clears it (<see cref="Keys.CredentialResigner"/>) so it is issued anew
/// with the new key. One variant (without grade and without evidence) serves every hidden combination: the page still
/// shows what the learner chose to show, and one stable file per award is easier to reason about than one per choice.
/// </remarks>
public sealed class PublicCredentials(LaurelDb db, IssuerKeys keys, IssuerSigner signer, ILogger<PublicCredentials> logger)
{
    /// <summary>
    /// The credential JSON the viewer gets for the signed downloads and the badge page's machine-readable answer; null only
    /// when a public variant is needed and cannot be signed (an award whose issued credential is not the institution's own).
    /// </summary>
    public async Task<string?> ForViewerAsync(VisibleAward visible, CancellationToken ct) =>
        visible.SignedFormatsVisible ? visible.Award.CredentialJson : await PublicVariantAsync(visible.Award, ct);

    /// <summary>True when the viewer gets the public variant (the learner hides something that is in the issued file).</summary>
    public static bool IsVariant(VisibleAward visible) => !visible.SignedFormatsVisible;

    /// <summary>The id of an award's public variant: a name-based UUID (version 8) from the award id, the same every time.</summary>
    public static string VariantId(Guid awardId)
    {
        var hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("laurel-public-credential:" + awardId.ToString("D")));
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8 (RFC 9562 custom)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122/9562 variant
        return "urn:uuid:" + new Guid(bytes, bigEndian: true).ToString("D");
    }

    private async Task<string?> PublicVariantAsync(Award award, CancellationToken ct)
    {
        if (award.PublicCredentialJson is { } stored) return stored;
        string json;
        try
        {
            json = Sign(award, await keys.GetActiveAsync(award.InstitutionId, ct));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.Text.Json.JsonException or FormatException)
        {
            // The institution signs only as its own DID (OB3-4.2a): a credential issued otherwise gets no variant.
            logger.LogWarning(e, "No public variant for award {AwardId}: its credential could not be signed again.", award.Id);
            return null;
        }
        // Only the first request stores its variant; a concurrent one reads that one back, so there is one public file.
        // ExecuteUpdate leaves the award's Version alone: this does not conflict with staff revoking the award meanwhile.
        var updated = await db.Awards.Where(a => a.Id == award.Id && a.PublicCredentialJson == null)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.PublicCredentialJson, json), ct);
        if (updated == 1) return json;
        return await db.Awards.Where(a => a.Id == award.Id).Select(a => a.PublicCredentialJson).FirstAsync(ct) ?? json;
    }

    private string Sign(Award award, IssuerKeyInfo key)
    {
        var credential = JsonNode.Parse(award.CredentialJson)!.AsObject();
        credential.Remove("proof");
        credential.Remove("evidence");
        credential["id"] = VariantId(award.Id);
        if (credential["credentialSubject"] is JsonObject subject)
        {
            subject.Remove("result");
            subject.Remove("narrative");
        }
        var signed = signer.Sign(key, credential);
        // OB 3.0 wants proof as an array (OB3-2.12), as for the issued credential (AwardSigning.Seal).
        if (signed.Credential["proof"] is JsonObject single) signed.Credential["proof"] = new JsonArray(single.DeepClone());
        return signed.Credential.ToJsonString();
    }
}
