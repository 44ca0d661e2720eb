using System.Collections.Concurrent;
using Laurel.Credentials.Keys;
using Laurel.Credentials.Multiformats;
using Microsoft.AspNetCore.DataProtection;

namespace Laurel.Features.Publishing.Keys;

/// <summary>
/// Process-wide cache of decrypted issuer keys (Ed25519 and P-256). A key row never changes once written (rotation only sets
/// RetiredAt), so a decrypted key can be cached by its id for the life of the process.
/// </summary>
public sealed class IssuerKeyRing(IDataProtectionProvider dataProtection)
{
    public const string ProtectorPurpose = "Laurel.IssuerKeys.v1";

    private readonly IDataProtector _protector = dataProtection.CreateProtector(ProtectorPurpose);
    private readonly ConcurrentDictionary<Guid, Ed25519Key> _privateKeys = new();
    private readonly ConcurrentDictionary<string, Ed25519Key> _publicKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, P256Key> _privateP256 = new();
    private readonly ConcurrentDictionary<string, P256Key> _publicP256 = new(StringComparer.Ordinal);

    /// <summary>Generates a fresh key of the algorithm; returns its public multibase (z6Mk… / zDn…) and encrypted private part.</summary>
    public (string PublicKeyMultibase, string EncryptedPrivateKey) Generate(string algorithm)
    {
        if (algorithm == IssuerKeyAlgorithm.EdDsa) return Generate();
        if (algorithm != IssuerKeyAlgorithm.Es256) throw new ArgumentException($"Unknown key algorithm '{algorithm}'.", nameof(algorithm));
        using var key = P256Key.Generate();
        var scalar = key.ExportPrivateKey();
        try
        {
            return (P256Multikey.Encode(key), Convert.ToBase64String(_protector.Protect(scalar)));
        }
        finally
        {
            Array.Clear(scalar);
        }
    }

    /// <summary>The ES256 signing key for a stored P-256 row, decrypted once per process.</summary>
    public P256Key PrivateP256Key(IssuerKey stored)
    {
        if (stored.Algorithm != IssuerKeyAlgorithm.Es256) throw new ArgumentException($"Issuer key {stored.Id} is not a P-256 key.", nameof(stored));
        return _privateP256.GetOrAdd(stored.Id, _ =>
        {
            var scalar = _protector.Unprotect(Convert.FromBase64String(stored.EncryptedPrivateKey));
            try
            {
                var pub = PublicP256Key(stored.PublicKeyMultibase);
                // FromPrivateKey checks the scalar belongs to the stored public point.
                return P256Key.FromPrivateKey(pub.X, pub.Y, scalar);
            }
            finally
            {
                Array.Clear(scalar);
            }
        });
    }

    /// <summary>A verify-only P-256 key for a zDn… publicKeyMultibase (parsed once).</summary>
    public P256Key PublicP256Key(string publicKeyMultibase) => _publicP256.GetOrAdd(publicKeyMultibase, P256Multikey.Decode);

    /// <summary>Generates a fresh Ed25519 key and returns its public multibase and encrypted seed (the seed itself never leaves this method).</summary>
    public (string PublicKeyMultibase, string EncryptedPrivateKey) Generate()
    {
        using var key = Ed25519Key.Generate();
        var seed = key.ExportSeed();
        try
        {
            return (Multikey.EncodeEd25519PublicKey(key.PublicKeyBytes), Convert.ToBase64String(_protector.Protect(seed)));
        }
        finally
        {
            Array.Clear(seed);
        }
    }

    /// <summary>The signing key for a stored row, decrypted once per process.</summary>
    public Ed25519Key PrivateKey(IssuerKey stored) => stored.Algorithm != IssuerKeyAlgorithm.EdDsa
        ? throw new ArgumentException($"Issuer key {stored.Id} is not an Ed25519 key.", nameof(stored))
        : _privateKeys.GetOrAdd(stored.Id, _ =>
    {
        var seed = _protector.Unprotect(Convert.FromBase64String(stored.EncryptedPrivateKey));
        try
        {
            var key = Ed25519Key.FromSeed(seed);
            if (Multikey.EncodeEd25519PublicKey(key.PublicKeyBytes) != stored.PublicKeyMultibase)
                throw new InvalidOperationException($"Issuer key {stored.Id}: the decrypted seed does not match the stored public key.");
            return key;
        }
        finally
        {
            Array.Clear(seed);
        }
    });

    /// <summary>A verify-only key for a publicKeyMultibase (parsed once).</summary>
    public Ed25519Key PublicKey(string publicKeyMultibase) => _publicKeys.GetOrAdd(publicKeyMultibase, Multikey.ToPublicKey);
}
