using System.Security.Cryptography;
using System.Text;

namespace Laurel.Features.Identity.ApiClients;

/// <summary>Client ids and secrets: 32 random bytes, stored only as a SHA-256 hash (enough for a secret with full entropy).</summary>
public static class ApiClientSecrets
{
    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string NewClientId() => "laurel-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static bool Matches(string secret, byte[] hash) => CryptographicOperations.FixedTimeEquals(Hash(secret), hash);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
