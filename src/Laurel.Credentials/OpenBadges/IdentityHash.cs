using System.Security.Cryptography;
using System.Text;

namespace Laurel.Credentials.OpenBadges;

/// <summary>Hashed recipient identities (OB3-2.9, OB3-2.11, OB2-1.1): <c>sha256$hex(SHA-256(identity || salt))</c>.</summary>
public static class IdentityHash
{
    /// <summary>Computes <c>sha256$&lt;lower-case hex&gt;</c> of UTF-8(identity) followed by UTF-8(salt).</summary>
    public static string Compute(string identity, string? salt)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(identity + salt));
        return "sha256$" + Convert.ToHexStringLower(hash);
    }

    /// <summary>Trims and lower-cases an e-mail address before hashing (platform rule).</summary>
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>A fresh random 16-byte salt as lower-case hex.</summary>
    public static string NewSalt() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Creates a hashed IdentityObject; e-mail addresses are normalized; a random salt is used unless given.</summary>
    public static IdentityObject CreateHashed(string identity, string identityType = "emailAddress", string? salt = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(identity);
        if (identityType == "emailAddress") identity = NormalizeEmail(identity);
        salt ??= NewSalt();
        return new IdentityObject { Hashed = true, IdentityHash = Compute(identity, salt), IdentityType = identityType, Salt = salt };
    }

    /// <summary>
    /// OB3-2.11: true when <paramref name="identity"/> (of <paramref name="identityType"/>) matches the object. Objects of
    /// another type never match; hashes are compared case-insensitively; e-mail is also tried normalized.
    /// </summary>
    public static bool Matches(IdentityObject identityObject, string identity, string identityType)
    {
        ArgumentNullException.ThrowIfNull(identityObject);
        ArgumentNullException.ThrowIfNull(identity);
        if (!string.Equals(identityObject.IdentityType, identityType, StringComparison.Ordinal)) return false;
        return MatchesValue(identityObject.Hashed, identityObject.IdentityHash, identityObject.Salt, identity)
            || (identityType == "emailAddress" && MatchesValue(identityObject.Hashed, identityObject.IdentityHash, identityObject.Salt, NormalizeEmail(identity)));
    }

    /// <summary>Compares a known plaintext with a stored hash (<c>sha256$</c> or legacy <c>md5$</c>) or plaintext value.</summary>
    public static bool MatchesValue(bool hashed, string stored, string? salt, string identity)
    {
        if (!hashed) return string.Equals(stored, identity, StringComparison.Ordinal);
        var dollar = stored.IndexOf('$');
        if (dollar < 0) return false;
        var algorithm = stored[..dollar].ToLowerInvariant();
        var bytes = Encoding.UTF8.GetBytes(identity + salt);
        var computed = algorithm switch
        {
            "sha256" => SHA256.HashData(bytes),
#pragma warning disable CA5351 // legacy OB 2.0 md5 identities can only be checked with MD5.
            "md5" => MD5.HashData(bytes),
#pragma warning restore CA5351
            _ => null,
        };
        if (computed is null) return false;
        return string.Equals(Convert.ToHexStringLower(computed), stored[(dollar + 1)..], StringComparison.OrdinalIgnoreCase);
    }
}
