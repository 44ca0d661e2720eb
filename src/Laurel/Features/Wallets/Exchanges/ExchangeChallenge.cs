using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Laurel.Features.Wallets.Exchanges;

/// <summary>
/// The challenge of a VC-API exchange: the offer id, an expiry and 128 random bits, protected with ASP.NET Data Protection
/// (the key ring every node shares), so any node can check it without a table. It is bound to its offer, and the offer is
/// single use, so a presentation made for one exchange is useless at any other and useless again at the same one.
/// </summary>
public sealed class ExchangeChallenge(IDataProtectionProvider protection, TimeProvider clock)
{
    /// <summary>How long a wallet has between asking and presenting.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private IDataProtector Protector => protection.CreateProtector("Laurel.Wallets.Exchanges.Challenge.v1");

    private sealed record Payload(Guid Offer, long Expires, string Nonce);

    /// <summary>A fresh challenge for the offer, valid for <see cref="Lifetime"/> or until the offer expires, whichever is first.</summary>
    public string Create(Guid offerId, DateTime offerExpiresAt)
    {
        var expires = Min(clock.GetUtcNow() + Lifetime, new DateTimeOffset(DateTime.SpecifyKind(offerExpiresAt, DateTimeKind.Utc)));
        var payload = new Payload(offerId, expires.ToUnixTimeSeconds(), Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)));
        return Protector.Protect(JsonSerializer.Serialize(payload));
    }

    /// <summary>True when the challenge is one of ours, for this offer, and not expired.</summary>
    public bool IsValid(string? challenge, Guid offerId)
    {
        if (challenge is null || challenge.Length > 1024) return false;
        try
        {
            var payload = JsonSerializer.Deserialize<Payload>(Protector.Unprotect(challenge));
            return payload is not null && payload.Offer == offerId && payload.Expires > clock.GetUtcNow().ToUnixTimeSeconds();
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            return false;
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
