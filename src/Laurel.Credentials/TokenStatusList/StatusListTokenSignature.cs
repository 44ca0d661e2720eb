using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;

namespace Laurel.Credentials.TokenStatusList;

/// <summary>
/// Checks a Status List Token's JWS signature against a public JWK. Supports <c>EdDSA</c> (Ed25519, RFC 8037) and
/// <c>ES256</c> (P-256, RFC 7518 §3.4); every other <c>alg</c>, including <c>none</c>, is refused. The JWK's type must
/// fit the header's <c>alg</c> so a key of one kind is never used for another (RFC 8725 §3.1).
/// </summary>
public static class StatusListTokenSignature
{
    /// <summary>The JWS algorithms a Status List Token may use.</summary>
    public static IReadOnlyList<string> SupportedAlgorithms { get; } = ["EdDSA", "ES256"];

    /// <summary>Whether the signature of <paramref name="jws"/> verifies with <paramref name="publicJwk"/>.</summary>
    public static bool Verify(CompactJws jws, JsonObject publicJwk)
    {
        ArgumentNullException.ThrowIfNull(jws);
        ArgumentNullException.ThrowIfNull(publicJwk);
        if (publicJwk.ContainsKey("d")) return false; // a private key as "public key" is a caller bug; never use it
        var input = Encoding.ASCII.GetBytes(jws.SigningInput);
        try
        {
            return jws.Algorithm switch
            {
                "EdDSA" when Text(publicJwk, "kty") == "OKP" && Text(publicJwk, "crv") == "Ed25519" => VerifyEd25519(jws, publicJwk),
                "ES256" when Text(publicJwk, "kty") == "EC" && Text(publicJwk, "crv") == "P-256" => VerifyEs256(input, jws.Signature, publicJwk),
                _ => false,
            };
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return false;
        }
    }

    private static bool VerifyEd25519(CompactJws jws, JsonObject jwk)
    {
        using var key = Ed25519Jwk.Import(jwk);
        return jws.VerifyEd25519(key);
    }

    private static bool VerifyEs256(byte[] input, byte[] signature, JsonObject jwk)
    {
        var x = Base64Url.DecodeFromChars(Text(jwk, "x") ?? "");
        var y = Base64Url.DecodeFromChars(Text(jwk, "y") ?? "");
        if (x.Length != 32 || y.Length != 32 || signature.Length != 64) return false;
        using var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y } });
        // JWS carries R||S (IEEE P1363), .NET's default signature format for VerifyData.
        return ecdsa.VerifyData(input, signature, HashAlgorithmName.SHA256);
    }

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
