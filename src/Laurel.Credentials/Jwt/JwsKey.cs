using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Laurel.Credentials.Jwt;

/// <summary>
/// A key bound to one JWS algorithm (RFC 7515 §4.1.1, RFC 7518 §3.1): <see cref="EdDsaJwsKey"/> (<c>EdDSA</c>, Ed25519)
/// or <see cref="Es256JwsKey"/> (<c>ES256</c>, P-256). Code that signs or checks JWTs (SD-JWT, key binding, proofs)
/// works against this type so every algorithm is handled the same way. The wrapped key stays owned by the caller.
/// </summary>
public abstract class JwsKey
{
    /// <summary>The JWS <c>alg</c> this key signs and verifies with.</summary>
    public abstract string Algorithm { get; }

    /// <summary>True when this key can sign.</summary>
    public abstract bool CanSign { get; }

    /// <summary>Signs the JWS signing input.</summary>
    public abstract byte[] Sign(ReadOnlySpan<byte> signingInput);

    /// <summary>Verifies a signature over the JWS signing input.</summary>
    public abstract bool Verify(ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature);

    /// <summary>The public JWK (never the private part), e.g. for a <c>cnf.jwk</c> claim or a JWKS.</summary>
    public abstract JsonObject PublicJwk();

    /// <summary>The RFC 7638 thumbprint of <see cref="PublicJwk"/> (SHA-256, base64url).</summary>
    public string Thumbprint() => JwkThumbprint.Compute(PublicJwk());

    /// <summary>
    /// Imports a public JWK (<c>OKP/Ed25519</c> → EdDSA, <c>EC/P-256</c> → ES256). A JWK with a private member is refused:
    /// a key found in a token must never be used to sign. Unsupported or malformed keys are a <see cref="FormatException"/>.
    /// </summary>
    public static JsonWebKeyPublic FromPublicJwk(JsonObject jwk)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        if (jwk.ContainsKey("d")) throw new FormatException("The JWK contains a private key.");
        var kty = jwk["kty"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        return kty switch
        {
            "OKP" => new JsonWebKeyPublic(new EdDsaJwsKey(Ed25519Jwk.Import(jwk), ownsKey: true)),
            "EC" => new JsonWebKeyPublic(new Es256JwsKey(P256Jwk.Import(jwk), ownsKey: true)),
            _ => throw new FormatException($"Unsupported JWK key type '{kty}' (OKP/Ed25519 and EC/P-256 are supported)."),
        };
    }

    /// <summary>Releases a key this object created itself (see <see cref="FromPublicJwk"/>).</summary>
    internal abstract void ReleaseOwnedKey();
}

/// <summary>A verification key imported from a JWK; dispose it to release the underlying key.</summary>
public sealed class JsonWebKeyPublic(JwsKey key) : IDisposable
{
    /// <summary>The key.</summary>
    public JwsKey Key { get; } = key;

    /// <inheritdoc />
    public void Dispose() => Key.ReleaseOwnedKey();
}

/// <summary>RFC 7638 JWK thumbprints for the key types Laurel uses.</summary>
public static class JwkThumbprint
{
    /// <summary>
    /// base64url(SHA-256(UTF-8 of the required members in lexicographic order, no whitespace)) — RFC 7638 §3.2/§3.3:
    /// EC: <c>crv, kty, x, y</c>; OKP: <c>crv, kty, x</c> (RFC 8037 §2); RSA: <c>e, kty, n</c>.
    /// </summary>
    public static string Compute(JsonObject jwk)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        var kty = Member(jwk, "kty");
        string[] members = kty switch
        {
            "EC" => ["crv", "kty", "x", "y"],
            "OKP" => ["crv", "kty", "x"],
            "RSA" => ["e", "kty", "n"],
            _ => throw new FormatException($"No RFC 7638 member list for key type '{kty}'."),
        };
        var builder = new StringBuilder("{");
        foreach (var name in members)
        {
            if (builder.Length > 1) builder.Append(',');
            // The values are base64url or fixed names, so no JSON escaping is ever needed; anything else is refused.
            var value = Member(jwk, name);
            if (value.AsSpan().ContainsAny('"', '\\')) throw new FormatException($"The JWK '{name}' member is not a plain string.");
            builder.Append('"').Append(name).Append("\":\"").Append(value).Append('"');
        }
        builder.Append('}');
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    private static string Member(JsonObject jwk, string name) =>
        jwk[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new FormatException($"The JWK has no '{name}' member.");
}
