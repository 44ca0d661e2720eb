using System.Text.Json.Nodes;
using Laurel.Credentials.Keys;

namespace Laurel.Credentials.Jwt;

/// <summary><c>EdDSA</c> with Ed25519 (RFC 8037 §3.1): 64-byte signatures over the JWS signing input.</summary>
public sealed class EdDsaJwsKey(Ed25519Key key, bool ownsKey = false) : JwsKey
{
    /// <summary>The JWS algorithm name.</summary>
    public const string Name = "EdDSA";

    /// <summary>The wrapped key.</summary>
    public Ed25519Key Key { get; } = key ?? throw new ArgumentNullException(nameof(key));

    /// <inheritdoc />
    public override string Algorithm => Name;

    /// <inheritdoc />
    public override bool CanSign => Key.HasPrivateKey;

    /// <inheritdoc />
    public override byte[] Sign(ReadOnlySpan<byte> signingInput) => Key.Sign(signingInput);

    /// <inheritdoc />
    public override bool Verify(ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature) => Key.Verify(signingInput, signature);

    /// <inheritdoc />
    public override JsonObject PublicJwk() => Ed25519Jwk.Export(Key);

    internal override void ReleaseOwnedKey()
    {
        if (ownsKey) Key.Dispose();
    }
}
