using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;
using Laurel.Features.Wallets;

namespace Laurel.Features.Publishing.Keys;

/// <summary>
/// The institution's ES256 (P-256) key for SD-JWT VCs, Token Status List tokens and ES256 VC-JWTs. Key id scheme: the key's
/// publicKeyMultibase (<c>zDn…</c>) is at once the JWS <c>kid</c> for https issuers (found in <c>/.well-known/jwt-vc-issuer</c>
/// jwks) and the fragment of its did:web verification method <c>{DID}#{kid}</c> (in did.json), so both resolutions agree.
/// </summary>
public sealed class InstitutionEs256Keys(IssuerKeys keys, IssuerKeyRing ring) : IInstitutionEs256Keys
{
    /// <inheritdoc />
    public async Task<(JwsKey Key, string KeyId)> ActiveAsync(Guid institutionId, CancellationToken ct)
    {
        var active = await ActiveInfoAsync(institutionId, ct);
        return (SigningKey(active), active.Key.KeyId);
    }

    /// <summary>The active ES256 key with its DID (its <see cref="IssuerKeyInfo.VerificationMethod"/> is the VC-JWT <c>kid</c>).</summary>
    public Task<IssuerKeyInfo> ActiveInfoAsync(Guid institutionId, CancellationToken ct) =>
        keys.GetActiveAsync(institutionId, IssuerKeyAlgorithm.Es256, ct);

    /// <summary>The ES256 signing key of a stored P-256 row (the decrypted key is cached by <see cref="IssuerKeyRing"/>).</summary>
    public JwsKey SigningKey(IssuerKeyInfo key) => new Es256JwsKey(ring.PrivateP256Key(key.Key));

    /// <summary>
    /// The credential as an OB 3.0 VC-JWT signed with ES256 (<c>kid</c> = the full did:web verification method), for the
    /// <c>jwt_vc_json</c> wallet form when the wallet asks for ES256.
    /// </summary>
    public async Task<string> SignVcJwtAsync(Guid institutionId, JsonObject unsignedCredential, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(unsignedCredential);
        var active = await ActiveInfoAsync(institutionId, ct);
        var issuer = unsignedCredential["issuer"] switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonObject o when o["id"] is JsonValue id && id.TryGetValue<string>(out var s) => s,
            _ => null,
        };
        // The kid's DID must equal the issuer id (OB3-4.2a), or verifiers reject the token.
        if (issuer != active.Did)
            throw new ArgumentException($"The credential's issuer is not '{active.Did}'.", nameof(unsignedCredential));
        return OpenBadgeJwtSigner.Sign(unsignedCredential, SigningKey(active), active.VerificationMethod);
    }
}
