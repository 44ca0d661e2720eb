using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Keys;

namespace Laurel.Credentials.Jwt;

/// <summary>JWK (RFC 8037 OKP / Ed25519) import, export and RFC 7638 thumbprints.</summary>
public static class Ed25519Jwk
{
    /// <summary>Exports the public key as <c>{"kty":"OKP","crv":"Ed25519","x":...}</c>; adds <c>d</c> only when asked.</summary>
    public static JsonObject Export(Ed25519Key key, bool includePrivateKey = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        var jwk = new JsonObject
        {
            ["kty"] = "OKP",
            ["crv"] = "Ed25519",
            ["x"] = Base64Url.EncodeToString(key.PublicKeyBytes),
        };
        if (includePrivateKey) jwk["d"] = Base64Url.EncodeToString(key.ExportSeed());
        return jwk;
    }

    /// <summary>Imports an OKP/Ed25519 JWK; uses <c>d</c> when present (and checks it matches <c>x</c>).</summary>
    public static Ed25519Key Import(JsonObject jwk)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        if (Text(jwk, "kty") != "OKP" || Text(jwk, "crv") != "Ed25519")
            throw new FormatException("The JWK is not an OKP key on curve Ed25519.");
        var x = DecodeMember(jwk, "x") ?? throw new FormatException("The JWK has no 'x' member.");
        if (x.Length != 32) throw new FormatException("The JWK 'x' member is not a 32-byte Ed25519 public key.");
        var d = DecodeMember(jwk, "d");
        if (d is null) return Ed25519Key.FromPublicKey(x);
        if (d.Length != 32) throw new FormatException("The JWK 'd' member is not a 32-byte Ed25519 seed.");
        var key = Ed25519Key.FromSeed(d);
        if (!CryptographicOperations.FixedTimeEquals(key.PublicKeyBytes, x))
        {
            key.Dispose();
            throw new FormatException("The JWK 'd' member does not belong to its 'x' member.");
        }
        return key;
    }

    /// <summary>RFC 7638 thumbprint: base64url(SHA-256 of the required members in lexicographic order).</summary>
    public static string Thumbprint(Ed25519Key key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var canonical = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + Base64Url.EncodeToString(key.PublicKeyBytes) + "\"}";
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static string? Text(JsonObject jwk, string name) =>
        jwk[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static byte[]? DecodeMember(JsonObject jwk, string name)
    {
        var text = Text(jwk, name);
        if (text is null) return null;
        try
        {
            return Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            throw new FormatException($"The JWK '{name}' member is not base64url.");
        }
    }
}
