using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.JsonLd;
using Laurel.Credentials.Jwt;

namespace Laurel.Features.Publishing.Keys;

/// <summary>Signs credentials with the institution's active did:web key.</summary>
public sealed class IssuerSigner(IssuerKeys keys, IssuerKeyRing ring, TimeProvider clock)
{
    // Safe mode: a term the contexts do not define fails signing instead of silently going unsigned (OB3-9.2).
    private static readonly JsonLdOptions SafeJsonLd = new() { SafeMode = true };

    /// <summary>Adds an eddsa-rdfc-2022 assertionMethod proof made with the institution's active key (created on first use); returns the signed copy.</summary>
    public async Task<SignedCredential> SignAsync(Guid institutionId, JsonObject unsignedCredential, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(unsignedCredential);
        var active = await keys.GetActiveAsync(institutionId, ct);
        return Sign(active, unsignedCredential);
    }

    /// <summary>Signs with a given key (used by re-signing after rotation and for status lists).</summary>
    public SignedCredential Sign(IssuerKeyInfo key, JsonObject unsignedCredential)
    {
        RequireIssuer(unsignedCredential, key.Did);
        var signed = DataIntegrityProofs.AddProof(unsignedCredential, Cryptosuite.EddsaRdfc2022, ring.PrivateKey(key.Key),
            new ProofOptions { VerificationMethod = key.VerificationMethod, Created = clock.GetUtcNow(), ProofAsArray = IsOpenBadge(unsignedCredential) },
            SafeJsonLd);
        return new SignedCredential(signed, key.VerificationMethod);
    }

    /// <summary>The same credential as a VC-JWT (OB 3.0 JWT profile, EdDSA) with the institution's active key.</summary>
    public async Task<string> SignJwtAsync(Guid institutionId, JsonObject unsignedCredential, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(unsignedCredential);
        var active = await keys.GetActiveAsync(institutionId, ct);
        RequireIssuer(unsignedCredential, active.Did);
        return OpenBadgeJwtSigner.Sign(unsignedCredential, ring.PrivateKey(active.Key), active.VerificationMethod);
    }

    // The strict OB 3.0 JSON Schema (2024-09) accepts only an array of proofs.
    private static bool IsOpenBadge(JsonObject credential) =>
        credential["type"] is JsonArray types && types.Any(t => t is JsonValue v && v.TryGetValue<string>(out var s)
            && s is "OpenBadgeCredential" or "AchievementCredential");

    // The key id's DID must equal the issuer id (OB3-4.2a), or verifiers reject the proof.
    private static void RequireIssuer(JsonObject credential, string did)
    {
        var issuer = credential["issuer"] switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonObject o when o["id"] is JsonValue id && id.TryGetValue<string>(out var s) => s,
            _ => null,
        };
        if (issuer != did)
            throw new ArgumentException($"The credential's issuer id is '{issuer}', but this institution signs as '{did}'.", nameof(credential));
    }
}

/// <summary>A signed credential and the verification method (full DID URL) that signed it.</summary>
public sealed record SignedCredential(JsonObject Credential, string VerificationMethod);
