using NSec.Cryptography;

namespace Laurel.Credentials.Keys;

/// <summary>An Ed25519 key: public only (verify) or with its private seed (sign), backed by NSec/libsodium.</summary>
public sealed class Ed25519Key : IDisposable
{
    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;
    private readonly Key? _privateKey;
    private readonly PublicKey _publicKey;

    private Ed25519Key(Key? privateKey, PublicKey publicKey)
    {
        _privateKey = privateKey;
        _publicKey = publicKey;
        PublicKeyBytes = publicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    /// <summary>The 32-byte raw public key.</summary>
    public byte[] PublicKeyBytes { get; }

    /// <summary>True when this key can sign.</summary>
    public bool HasPrivateKey => _privateKey is not null;

    /// <summary>Generates a new random key pair.</summary>
    public static Ed25519Key Generate()
    {
        var key = Key.Create(Algorithm, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        return new Ed25519Key(key, key.PublicKey);
    }

    /// <summary>Creates a key pair from its 32-byte private seed.</summary>
    public static Ed25519Key FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != 32) throw new ArgumentException("An Ed25519 seed is 32 bytes.", nameof(seed));
        var key = Key.Import(Algorithm, seed, KeyBlobFormat.RawPrivateKey,
            new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        return new Ed25519Key(key, key.PublicKey);
    }

    /// <summary>Creates a verify-only key from a 32-byte raw public key.</summary>
    public static Ed25519Key FromPublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != 32) throw new ArgumentException("An Ed25519 public key is 32 bytes.", nameof(publicKey));
        return new Ed25519Key(null, PublicKey.Import(Algorithm, publicKey, KeyBlobFormat.RawPublicKey));
    }

    /// <summary>Exports the 32-byte private seed (keep it encrypted at rest).</summary>
    public byte[] ExportSeed() =>
        (_privateKey ?? throw new InvalidOperationException("This key has no private part.")).Export(KeyBlobFormat.RawPrivateKey);

    /// <summary>Signs data, returning the 64-byte signature.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) =>
        Algorithm.Sign(_privateKey ?? throw new InvalidOperationException("This key has no private part."), data);

    /// <summary>Verifies a 64-byte signature over data.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        signature.Length == Algorithm.SignatureSize && Algorithm.Verify(_publicKey, data, signature);

    /// <inheritdoc />
    public void Dispose() => _privateKey?.Dispose();
}
