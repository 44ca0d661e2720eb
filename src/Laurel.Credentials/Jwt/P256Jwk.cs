using System.Buffers.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Keys;

namespace Laurel.Credentials.Jwt;

/// <summary>JWK (RFC 7518 §6.2 <c>kty: EC</c>, <c>crv: P-256</c>) import, export and RFC 7638 thumbprints.</summary>
public static class P256Jwk
{
    /// <summary>Exports <c>{"kty":"EC","crv":"P-256","x":...,"y":...}</c>; adds <c>d</c> only when asked.</summary>
    public static JsonObject Export(P256Key key, bool includePrivateKey = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        var jwk = new JsonObject
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["x"] = Base64Url.EncodeToString(key.X),
            ["y"] = Base64Url.EncodeToString(key.Y),
        };
        if (includePrivateKey) jwk["d"] = Base64Url.EncodeToString(key.ExportPrivateKey());
        return jwk;
    }

    /// <summary>
    /// Imports an EC/P-256 JWK; uses <c>d</c> when present. Coordinates must be exactly 32 bytes (RFC 7518 §6.2.1.2
    /// forbids leading-zero trimming) and the point must lie on the curve.
    /// </summary>
    public static P256Key Import(JsonObject jwk)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        if (Text(jwk, "kty") != "EC" || Text(jwk, "crv") != "P-256")
            throw new FormatException("The JWK is not an EC key on curve P-256.");
        var x = DecodeMember(jwk, "x") ?? throw new FormatException("The JWK has no 'x' member.");
        var y = DecodeMember(jwk, "y") ?? throw new FormatException("The JWK has no 'y' member.");
        var d = DecodeMember(jwk, "d");
        return d is null ? P256Key.FromPublicKey(x, y) : P256Key.FromPrivateKey(x, y, d);
    }

    /// <summary>RFC 7638 thumbprint of the public key (members <c>crv, kty, x, y</c>).</summary>
    public static string Thumbprint(P256Key key) => JwkThumbprint.Compute(Export(key));

    private static string? Text(JsonObject jwk, string name) =>
        jwk[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static byte[]? DecodeMember(JsonObject jwk, string name)
    {
        var text = Text(jwk, name);
        if (text is null) return null;
        if (text.AsSpan().ContainsAny('=', '+', '/')) throw new FormatException($"The JWK '{name}' member is not unpadded base64url.");
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
