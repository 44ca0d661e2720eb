using System.Security.Cryptography;
using System.Text;

namespace Laurel.Features.Awards;

/// <summary>
/// The verdict Laurel records when it signs an award's credential: "these exact bytes carry a proof Laurel made with key K" — the
/// SHA-256 of the stored credential (<see cref="Award.SignedSha256"/>). Bound to the bytes, so a row changed behind Laurel's back
/// (another credential, another proof, a single changed character) no longer matches and is verified in full again.
/// </summary>
public static class SignedCredentialVerdict
{
    /// <summary>Records the verdict for the credential the award now holds (call right after setting <see cref="Award.CredentialJson"/>).</summary>
    public static void Record(Award award)
    {
        ArgumentNullException.ThrowIfNull(award);
        award.SignedSha256 = SHA256.HashData(Encoding.UTF8.GetBytes(award.CredentialJson));
    }

    /// <summary>True when <paramref name="sha256"/> (the SHA-256 of the award's stored credential as UTF-8) is what Laurel recorded at signing.</summary>
    public static bool Holds(Award award, ReadOnlySpan<byte> sha256)
    {
        ArgumentNullException.ThrowIfNull(award);
        return award.SignedSha256 is { Length: SHA256.HashSizeInBytes } recorded && sha256.Length == SHA256.HashSizeInBytes
            && CryptographicOperations.FixedTimeEquals(sha256, recorded);
    }
}
