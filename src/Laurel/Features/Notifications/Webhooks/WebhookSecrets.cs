using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Laurel.Features.Notifications.Webhooks;

/// <summary>
/// Signing secrets: made from 32 random bytes, shown to the admin once, stored only protected with ASP.NET Data Protection
/// (like issuer key seeds), and used as the HMAC-SHA256 key for <c>Laurel-Signature: t=…,v1=…</c>.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider dataProtection)
{
    public const string ProtectorPurpose = "Laurel.WebhookSecrets.v1";
    public const string Prefix = "whsec_";

    private readonly IDataProtector _protector = dataProtection.CreateProtector(ProtectorPurpose);

    /// <summary>A new secret: the clear text (to show once) and its protected form (to store).</summary>
    public (string Secret, string Protected) Create()
    {
        var secret = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (secret, _protector.Protect(secret));
    }

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);

    /// <summary>The signature header value for <paramref name="body"/> sent at <paramref name="unixSeconds"/>.</summary>
    public static string SignatureHeader(string secret, long unixSeconds, string body) =>
        $"t={unixSeconds},v1={Sign(secret, unixSeconds, body)}";

    /// <summary>Lower-case hex HMAC-SHA256 over "<c>{t}.{body}</c>" with the secret's UTF-8 bytes as key.</summary>
    public static string Sign(string secret, long unixSeconds, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{unixSeconds}.{body}")));
}
