using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.Dids;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.Keys;
using Laurel.Credentials.Multiformats;

namespace Laurel.Features.Wallets.Issuance;

/// <summary>A checked <c>jwt</c> key proof: the holder key and the nonce it carries (still to be used up).</summary>
public sealed record CheckedProof(HolderKey Holder, string Nonce);

/// <summary>
/// Checks OpenID4VCI <c>jwt</c> key proofs (VCI-6.2): <c>typ</c> <c>openid4vci-proof+jwt</c>, <c>alg</c> ES256 or EdDSA, the key
/// in exactly one of <c>jwk</c> or <c>kid</c> (did:key, did:jwk), signature, <c>aud</c> = the Credential Issuer identifier,
/// <c>iat</c> recent, <c>nonce</c> present. Whether the nonce is still usable is checked by the caller (database).
/// </summary>
public static class ProofOfPossession
{
    public const string ProofType = "openid4vci-proof+jwt";
    public static readonly string[] Algorithms = ["ES256", "EdDSA"];
    /// <summary>A proof is a header with at most a public key, a few claims and a signature: 8 KB is plenty.</summary>
    private const int MaxProofLength = 8 * 1024;
    /// <summary>Proofs older than a nonce's lifetime cannot carry a live nonce; a little clock skew is allowed ahead.</summary>
    private static readonly TimeSpan MaxAge = WalletNonces.Lifetime, MaxSkew = TimeSpan.FromMinutes(1);

    /// <summary>The checked proof, or why it is refused (for <c>error_description</c>).</summary>
    public static (CheckedProof? Proof, string? Problem) Check(string? token, string credentialIssuer, bool requireJwk, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(token)) return (null, "A proof is empty.");
        CompactJws jws;
        try
        {
            jws = CompactJws.Parse(token, MaxProofLength);
        }
        catch (FormatException e)
        {
            return (null, "A proof is not a compact JWS: " + e.Message);
        }
        if (jws.HeaderText("typ") != ProofType) return (null, $"A proof's typ must be '{ProofType}'.");
        if (jws.Algorithm is not { } alg || !Algorithms.Contains(alg)) return (null, "A proof's alg must be ES256 or EdDSA.");
        var hasJwk = jws.Header.ContainsKey("jwk");
        var hasKid = jws.Header.ContainsKey("kid");
        if (jws.Header.ContainsKey("x5c")) return (null, "x5c proofs are not supported; use jwk or a did:key / did:jwk kid.");
        if (hasJwk == hasKid) return (null, "A proof must name its key in exactly one of jwk or kid.");
        if (requireJwk && !hasJwk) return (null, "This credential is bound to a key (cryptographic binding 'jwk'): the proof must carry jwk.");

        JsonObject publicJwk;
        string? did = null;
        try
        {
            if (hasJwk)
            {
                publicJwk = jws.Header["jwk"] as JsonObject ?? throw new FormatException("jwk is not a JSON object.");
            }
            else
            {
                (publicJwk, did) = ResolveKid(jws.KeyId ?? throw new FormatException("kid is not a string."));
            }
        }
        catch (FormatException e)
        {
            return (null, "A proof's key is unusable: " + e.Message);
        }

        JsonWebKeyPublic imported;
        try
        {
            imported = JwsKey.FromPublicJwk(publicJwk);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            return (null, "A proof's key is unusable: " + e.Message);
        }
        using (imported)
        {
            if (imported.Key.Algorithm != alg) return (null, "A proof's alg does not match its key.");
            if (!jws.Verify(imported.Key)) return (null, "A proof's signature does not verify with its key.");
            var exported = imported.Key.PublicJwk();
            var payload = jws.PayloadObject();
            if (payload is null) return (null, "A proof's payload is not a JSON object.");
            if (!AudienceIs(payload["aud"], credentialIssuer)) return (null, $"A proof's aud must be the Credential Issuer identifier '{credentialIssuer}'.");
            if (payload["iat"] is not JsonValue iatValue || !iatValue.TryGetValue<long>(out var iat))
            {
                if (payload["iat"] is JsonValue d && d.TryGetValue<double>(out var iatDouble)) iat = (long)iatDouble;
                else return (null, "A proof must carry iat (seconds).");
            }
            var issuedAt = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(iat, -62135596800L, 253402300799L));
            if (issuedAt < now - MaxAge || issuedAt > now + MaxSkew) return (null, "A proof's iat is too old or in the future.");
            if (payload["nonce"] is not JsonValue nonceValue || !nonceValue.TryGetValue<string>(out var nonce) || nonce.Length is 0 or > 200)
                return (null, "A proof must carry the c_nonce from the nonce endpoint.");
            did ??= DidJwk(exported);
            return (new CheckedProof(new HolderKey(exported, JwkThumbprint.Compute(exported), did), nonce), null);
        }
    }

    private static bool AudienceIs(JsonNode? aud, string issuer) => aud switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s == issuer,
        JsonArray a => a.Count == 1 && a[0] is JsonValue one && one.TryGetValue<string>(out var s) && s == issuer,
        _ => false,
    };

    /// <summary>The public JWK and DID of a <c>kid</c> that is a did:key or did:jwk DID URL (fragment stripped).</summary>
    internal static (JsonObject Jwk, string Did) ResolveKid(string kid)
    {
        var did = kid.Split('#')[0];
        if (did.StartsWith(DidKey.Prefix, StringComparison.Ordinal))
        {
            var multibase = did[DidKey.Prefix.Length..];
            if (multibase.StartsWith("z6Mk", StringComparison.Ordinal))
            {
                using var key = Ed25519Key.FromPublicKey(DidKey.PublicKeyOf(did));
                return (Ed25519Jwk.Export(key), did);
            }
            if (multibase.StartsWith("zDn", StringComparison.Ordinal))
            {
                using var key = P256Multikey.Decode(multibase);
                return (P256Jwk.Export(key), did);
            }
            throw new FormatException("only Ed25519 (z6Mk) and P-256 (zDn) did:key DIDs are supported.");
        }
        if (did.StartsWith("did:jwk:", StringComparison.Ordinal))
        {
            var encoded = did["did:jwk:".Length..];
            if (encoded.Length > 2000 || encoded.AsSpan().ContainsAny('=', '+', '/')) throw new FormatException("did:jwk is not base64url.");
            try
            {
                return (JsonNode.Parse(Base64Url.DecodeFromChars(encoded)) as JsonObject ?? throw new FormatException("did:jwk is not a JWK."), did);
            }
            catch (JsonException)
            {
                throw new FormatException("did:jwk does not hold JSON.");
            }
        }
        throw new FormatException("kid must be a did:key or did:jwk DID URL.");
    }

    /// <summary>did:jwk of a public key: base64url of its JSON (VCI-6.4 binding for a bare jwk).</summary>
    public static string DidJwk(JsonObject publicJwk) =>
        "did:jwk:" + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(publicJwk));
}
