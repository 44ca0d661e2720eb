using Laurel.Credentials.Keys;

namespace Laurel.Credentials.TokenStatusList;

/// <summary>
/// Signs a Status List Token's JWS signing input (RFC 7515 §5.1). Pluggable so an institution's EdDSA key, its ES256
/// (P-256) key or a key held elsewhere can sign: the implementation names the JWS <c>alg</c> and <c>kid</c> and returns
/// the raw signature (for ES256 the 64-byte R||S form of RFC 7518 §3.4, which is what .NET's ECDsa.SignData returns).
/// </summary>
public interface IStatusListTokenSigner
{
    /// <summary>The JWS <c>alg</c> header value, e.g. <c>EdDSA</c> or <c>ES256</c>.</summary>
    string Algorithm { get; }

    /// <summary>The JWS <c>kid</c> header value (a verification method id or JWK thumbprint), or null to omit it.</summary>
    string? KeyId { get; }

    /// <summary>Signs the ASCII bytes of BASE64URL(header) '.' BASE64URL(payload).</summary>
    byte[] Sign(ReadOnlySpan<byte> signingInput);
}

/// <summary>An <see cref="IStatusListTokenSigner"/> over an Ed25519 key (<c>alg: EdDSA</c>, RFC 8037).</summary>
public sealed class Ed25519StatusListTokenSigner(Ed25519Key key, string? keyId) : IStatusListTokenSigner
{
    /// <inheritdoc />
    public string Algorithm => "EdDSA";

    /// <inheritdoc />
    public string? KeyId { get; } = keyId;

    /// <inheritdoc />
    public byte[] Sign(ReadOnlySpan<byte> signingInput) => key.Sign(signingInput);
}
