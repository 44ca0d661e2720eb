using System.Security.Cryptography;

namespace Laurel.Credentials.Keys;

/// <summary>
/// A NIST P-256 key for ECDSA with SHA-256 (RFC 7518 §3.4 <c>ES256</c>): public only (verify) or with its private
/// scalar (sign). Signatures are the fixed 64-byte R||S form JWS uses, never DER.
/// </summary>
public sealed class P256Key : IDisposable
{
    /// <summary>The length of one coordinate or of the private scalar.</summary>
    public const int FieldLength = 32;

    private readonly ECDsa _ecdsa;

    private P256Key(ECDsa ecdsa, bool hasPrivateKey)
    {
        _ecdsa = ecdsa;
        HasPrivateKey = hasPrivateKey;
        var point = ecdsa.ExportParameters(false).Q;
        X = point.X!;
        Y = point.Y!;
    }

    /// <summary>The 32-byte big-endian x coordinate of the public point.</summary>
    public byte[] X { get; }

    /// <summary>The 32-byte big-endian y coordinate of the public point.</summary>
    public byte[] Y { get; }

    /// <summary>True when this key can sign.</summary>
    public bool HasPrivateKey { get; }

    /// <summary>Generates a new random key pair.</summary>
    public static P256Key Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), true);

    /// <summary>Creates a verify-only key from the public point; a point not on the curve is a <see cref="FormatException"/>.</summary>
    public static P256Key FromPublicKey(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y) => Import(x, y, default);

    /// <summary>Creates a key pair from its private scalar <paramref name="d"/> and public point (checked to match).</summary>
    public static P256Key FromPrivateKey(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, ReadOnlySpan<byte> d)
    {
        if (d.Length != FieldLength) throw new FormatException("A P-256 private key is 32 bytes.");
        return Import(x, y, d);
    }

    /// <summary>Exports the 32-byte private scalar (keep it encrypted at rest).</summary>
    public byte[] ExportPrivateKey() => HasPrivateKey
        ? _ecdsa.ExportParameters(true).D!
        : throw new InvalidOperationException("This key has no private part.");

    /// <summary>Signs data with ECDSA/SHA-256, returning the 64-byte R||S signature (RFC 7518 §3.4).</summary>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        if (!HasPrivateKey) throw new InvalidOperationException("This key has no private part.");
        return _ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>Verifies a 64-byte R||S signature; a DER signature or any other length does not verify (RFC 7518 §3.4).</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        signature.Length == 2 * FieldLength
        && _ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <inheritdoc />
    public void Dispose() => _ecdsa.Dispose();

    private static P256Key Import(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, ReadOnlySpan<byte> d)
    {
        if (x.Length != FieldLength || y.Length != FieldLength)
            throw new FormatException("A P-256 public point has 32-byte x and y coordinates.");
        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = x.ToArray(), Y = y.ToArray() },
            D = d.IsEmpty ? null : d.ToArray(),
        };
        var ecdsa = ECDsa.Create();
        try
        {
            // ImportParameters validates the point is on the curve (and, with D, that D matches Q): an invalid-curve
            // point from an attacker's JWK never reaches a verification.
            ecdsa.ImportParameters(parameters);
            return new P256Key(ecdsa, !d.IsEmpty);
        }
        catch (CryptographicException e)
        {
            ecdsa.Dispose();
            throw new FormatException("The P-256 key is invalid: " + e.Message);
        }
    }
}
