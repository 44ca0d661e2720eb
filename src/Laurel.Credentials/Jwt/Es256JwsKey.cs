using System.Text.Json.Nodes;
using Laurel.Credentials.Keys;

namespace Laurel.Credentials.Jwt;

/// <summary><c>ES256</c>: ECDSA on P-256 with SHA-256, signature = R||S, 64 bytes (RFC 7518 §3.4).</summary>
public sealed class Es256JwsKey(P256Key key, bool ownsKey = false) : JwsKey
{
    /// <summary>The JWS algorithm name.</summary>
    public const string Name = "ES256";

    /// <summary>The wrapped key.</summary>
    public P256Key Key { get; } = key ?? throw new ArgumentNullException(nameof(key));

    /// <inheritdoc />
    public override string Algorithm => Name;

    /// <inheritdoc />
    public override bool CanSign => Key.HasPrivateKey;

    /// <inheritdoc />
    public override byte[] Sign(ReadOnlySpan<byte> signingInput) => Key.Sign(signingInput);

    /// <inheritdoc />
    public override bool Verify(ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature) => Key.Verify(signingInput, signature);

    /// <inheritdoc />
    public override JsonObject PublicJwk() => P256Jwk.Export(Key);

    internal override void ReleaseOwnedKey()
    {
        if (ownsKey) Key.Dispose();
    }
}
