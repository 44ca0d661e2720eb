using Laurel.Credentials.Keys;

namespace Laurel.Credentials.Multiformats;

/// <summary>Multikey encoding of Ed25519 keys (KEY-5.2): multicodec 0xed01 (public) and 0x8026 (secret seed).</summary>
public static class Multikey
{
    private const int KeyLength = 32;
    private static readonly byte[] PublicPrefix = [0xED, 0x01];
    private static readonly byte[] SecretPrefix = [0x80, 0x26];

    /// <summary>Encodes a 32-byte Ed25519 public key as <c>publicKeyMultibase</c> (starts with <c>z6Mk</c>).</summary>
    public static string EncodeEd25519PublicKey(ReadOnlySpan<byte> publicKey) => Encode(PublicPrefix, publicKey);

    /// <summary>Encodes a 32-byte Ed25519 seed as <c>secretKeyMultibase</c> (starts with <c>z3u2</c>).</summary>
    public static string EncodeEd25519SecretKey(ReadOnlySpan<byte> seed) => Encode(SecretPrefix, seed);

    /// <summary>Decodes an Ed25519 <c>publicKeyMultibase</c>; any other codec or length is a <see cref="FormatException"/>.</summary>
    public static byte[] DecodeEd25519PublicKey(string publicKeyMultibase) => Decode(PublicPrefix, publicKeyMultibase, "public");

    /// <summary>Decodes an Ed25519 <c>secretKeyMultibase</c> to its 32-byte seed.</summary>
    public static byte[] DecodeEd25519SecretKey(string secretKeyMultibase) => Decode(SecretPrefix, secretKeyMultibase, "secret");

    /// <summary>Creates a verify-only key from a <c>publicKeyMultibase</c>.</summary>
    public static Ed25519Key ToPublicKey(string publicKeyMultibase) => Ed25519Key.FromPublicKey(DecodeEd25519PublicKey(publicKeyMultibase));

    /// <summary>Creates a signing key from a <c>secretKeyMultibase</c>.</summary>
    public static Ed25519Key ToKeyPair(string secretKeyMultibase) => Ed25519Key.FromSeed(DecodeEd25519SecretKey(secretKeyMultibase));

    private static string Encode(byte[] prefix, ReadOnlySpan<byte> key)
    {
        if (key.Length != KeyLength) throw new ArgumentException("An Ed25519 key is 32 bytes.", nameof(key));
        Span<byte> bytes = stackalloc byte[prefix.Length + KeyLength];
        prefix.CopyTo(bytes);
        key.CopyTo(bytes[prefix.Length..]);
        return Multibase.EncodeBase58Btc(bytes);
    }

    private static byte[] Decode(byte[] prefix, string multibase, string kind)
    {
        var bytes = Multibase.DecodeBase58Btc(multibase);
        if (bytes.Length != prefix.Length + KeyLength || !bytes.AsSpan(0, prefix.Length).SequenceEqual(prefix))
            throw new FormatException($"Not an Ed25519 {kind} Multikey (expected multicodec 0x{prefix[0]:x2}{prefix[1]:x2} and 32 key bytes).");
        return bytes[prefix.Length..];
    }
}
