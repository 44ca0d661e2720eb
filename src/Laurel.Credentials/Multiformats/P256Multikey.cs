using System.Numerics;
using Laurel.Credentials.Keys;

namespace Laurel.Credentials.Multiformats;

/// <summary>
/// Multikey encoding of P-256 public keys (KEY-5.2; multicodec <c>p256-pub</c> 0x1200, varint <c>0x80 0x24</c>): base58btc of
/// the prefix and the 33-byte SEC 1 compressed point, so the text starts with <c>zDn</c>. Used for did:web verification
/// methods of ES256 keys and for did:key P-256 identifiers.
/// </summary>
public static class P256Multikey
{
    private static readonly byte[] Prefix = [0x80, 0x24];

    // P-256 field prime and curve coefficient b (SEC 2 §2.4.2); a = -3.
    private static readonly BigInteger P = BigInteger.Parse("0ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
        System.Globalization.NumberStyles.HexNumber);
    private static readonly BigInteger B = BigInteger.Parse("05ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b",
        System.Globalization.NumberStyles.HexNumber);

    /// <summary>Encodes the public key as <c>publicKeyMultibase</c> (compressed point).</summary>
    public static string Encode(P256Key key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> bytes = stackalloc byte[Prefix.Length + 1 + P256Key.FieldLength];
        Prefix.CopyTo(bytes);
        // SEC 1 §2.3.3: 0x02 when y is even, 0x03 when odd, then x.
        bytes[Prefix.Length] = (byte)(0x02 | (key.Y[^1] & 1));
        key.X.CopyTo(bytes[(Prefix.Length + 1)..]);
        return Multibase.EncodeBase58Btc(bytes);
    }

    /// <summary>Decodes a P-256 <c>publicKeyMultibase</c> to a verify-only key; anything else is a <see cref="FormatException"/>.</summary>
    public static P256Key Decode(string publicKeyMultibase)
    {
        var bytes = Multibase.DecodeBase58Btc(publicKeyMultibase);
        if (bytes.Length != Prefix.Length + 1 + P256Key.FieldLength || !bytes.AsSpan(0, Prefix.Length).SequenceEqual(Prefix)
            || bytes[Prefix.Length] is not (0x02 or 0x03))
            throw new FormatException("Not a P-256 Multikey (expected multicodec 0x1200 and a 33-byte compressed point).");
        var x = bytes.AsSpan(Prefix.Length + 1);
        var y = DecompressY(x, bytes[Prefix.Length] == 0x03);
        return P256Key.FromPublicKey(x, y);
    }

    /// <summary>y from x: y² = x³ − 3x + b (mod p); p ≡ 3 (mod 4), so √a = a^((p+1)/4). No root means x is not on the curve.</summary>
    private static byte[] DecompressY(ReadOnlySpan<byte> x, bool odd)
    {
        var xi = new BigInteger(x, isUnsigned: true, isBigEndian: true);
        if (xi >= P) throw new FormatException("The P-256 x coordinate is not a field element.");
        var rhs = Mod(BigInteger.ModPow(xi, 3, P) - 3 * xi + B);
        var y = BigInteger.ModPow(rhs, (P + 1) / 4, P);
        if (BigInteger.ModPow(y, 2, P) != rhs) throw new FormatException("The P-256 compressed point is not on the curve.");
        if (!y.IsEven != odd) y = P - y;
        var bytes = new byte[P256Key.FieldLength];
        y.TryWriteBytes(bytes.AsSpan(P256Key.FieldLength - y.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return bytes;
    }

    private static BigInteger Mod(BigInteger value)
    {
        var r = value % P;
        return r.Sign < 0 ? r + P : r;
    }
}
