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
        try
        {
            // JwsKey refuses a JWK with a private member and decides the algorithm from the key, never from the header.
            using var imported = JwsKey.FromPublicJwk(publicJwk);
            return imported.Key.Algorithm == jws.Algorithm && imported.Key.Verify(Encoding.ASCII.GetBytes(jws.SigningInput), jws.Signature);
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException)
        {
            return false;
        }
    }
}
