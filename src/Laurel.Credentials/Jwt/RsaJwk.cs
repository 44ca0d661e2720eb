using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Laurel.Credentials.Jwt;

/// <summary>Imports public RSA JWKs (RFC 7518 §6.3) for RS256 verification.</summary>
public static class RsaJwk
{
    /// <summary>The smallest modulus accepted (RFC 7518 §3.3 requires 2048 bits).</summary>
    public const int MinimumModulusBits = 2048;

    /// <summary>Imports <c>{kty: RSA, n, e}</c> as a verify-only RSA key; the caller disposes it.</summary>
    public static RSA ImportPublic(JsonObject jwk)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        if (Text(jwk, "kty") != "RSA") throw new FormatException("The JWK is not an RSA key.");
        var n = Decode(jwk, "n");
        var e = Decode(jwk, "e");
        var bits = (n.Length - (n[0] == 0 ? 1 : 0)) * 8;
        if (bits < MinimumModulusBits) throw new FormatException($"The RSA modulus has fewer than {MinimumModulusBits} bits.");
        var rsa = RSA.Create();
        try
        {
            rsa.ImportParameters(new RSAParameters { Modulus = n, Exponent = e });
            return rsa;
        }
        catch (CryptographicException ex)
        {
            rsa.Dispose();
            throw new FormatException("The RSA JWK is invalid: " + ex.Message);
        }
    }

    private static string? Text(JsonObject jwk, string name) => jwk[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static byte[] Decode(JsonObject jwk, string name)
    {
        var text = Text(jwk, name) ?? throw new FormatException($"The RSA JWK has no '{name}' member.");
        try
        {
            var bytes = Base64Url.DecodeFromChars(text);
            return bytes.Length > 0 ? bytes : throw new FormatException($"The RSA JWK '{name}' member is empty.");
        }
        catch (FormatException)
        {
            throw new FormatException($"The RSA JWK '{name}' member is not base64url.");
        }
    }
}
