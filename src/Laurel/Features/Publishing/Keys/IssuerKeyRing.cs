using System.Collections.Concurrent;
using Laurel.Credentials.Keys;
using Laurel.Credentials.Multiformats;
using Microsoft.AspNetCore.DataProtection;

namespace Laurel.Features.Publishing.Keys;

/// <summary>
/// Process-wide cache of decrypted issuer keys. A key row never changes once written (rotation only sets
/// RetiredAt), so a decrypted key can be cached by its id for the life of the process.
/// </summary>
public sealed class IssuerKeyRing(IDataProtectionProvider dataProtection)
{
    public const string ProtectorPurpose = "Laurel.IssuerKeys.v1";

    private readonly IDataProtector _protector = dataProtection.CreateProtector(ProtectorPurpose);
    private readonly ConcurrentDictionary<Guid, Ed25519Key> _privateKeys = new();
    private readonly ConcurrentDictionary<string, Ed25519Key> _publicKeys = new(StringComparer.Ordinal);

    /// <summary>Generates a fresh key and returns its public multibase and encrypted seed (the seed itself never leaves this method).</summary>
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
    public Ed25519Key PrivateKey(IssuerKey stored) => _privateKeys.GetOrAdd(stored.Id, _ =>
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
