using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Laurel.Credentials.TokenStatusList;
using Laurel.Features.Publishing.Keys;
using Laurel.Features.Wallets;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Publishing.Status;

/// <summary>A signed Status List Token as served, with its entity tag.</summary>
public sealed record SignedStatusListToken(string Token, string ETag, int Version, DateTime SignedAt);

/// <summary>Per-process copy of the last signed token of each list, so an unchanged list costs one tiny query.</summary>
public sealed class SignedTokenStatusListCache
{
    internal ConcurrentDictionary<Guid, SignedStatusListToken> Entries { get; } = new();
}

/// <summary>
/// Signs a list's Status List Token (ES256, the institution's active P-256 key) only when its statuses changed or the signature
/// is getting old, and keeps the token in the database per version so every node serves the same bytes for the same version.
/// </summary>
public sealed class TokenStatusListPublisher(LaurelDb db, InstitutionEs256Keys keys, PublicOrigin origin, TimeProvider clock,
    SignedTokenStatusListCache cache)
{
    /// <summary><c>exp</c> − <c>iat</c>: an old token cannot be replayed for long (as the Bitstring list's validUntil).</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(1);
    /// <summary><c>ttl</c>: how long a verifier may cache the token; short, so a revocation reaches verifiers within minutes.</summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ResignAfter = TimeSpan.FromHours(12);

    public async Task<SignedStatusListToken?> GetAsync(Guid listId, CancellationToken ct)
    {
        var head = await db.Set<TokenStatusList>().AsNoTracking().Where(l => l.Id == listId)
            .Select(l => new { l.Version, l.SignedVersion, l.SignedAt }).SingleOrDefaultAsync(ct);
        if (head is null) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        var fresh = head.SignedVersion == head.Version && head.SignedAt is { } at && now - at < ResignAfter;

        if (fresh && cache.Entries.TryGetValue(listId, out var cached) && cached.Version == head.Version && cached.SignedAt == head.SignedAt)
            return cached;
        if (fresh)
        {
            var token = await db.Set<TokenStatusList>().Where(l => l.Id == listId).Select(l => l.SignedToken).SingleAsync(ct);
            return Remember(listId, token!, head.Version, head.SignedAt!.Value);
        }
        return await SignAsync(listId, now, ct);
    }

    private async Task<SignedStatusListToken> SignAsync(Guid listId, DateTime now, CancellationToken ct)
    {
        var list = await db.Set<TokenStatusList>().AsNoTracking().SingleAsync(l => l.Id == listId, ct);
        var slug = await db.Institutions.Where(i => i.Id == list.InstitutionId).Select(i => i.Slug).SingleAsync(ct);
        var key = await keys.ActiveInfoAsync(list.InstitutionId, ct);
        var signedAt = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        var token = StatusListTokenWriter.Sign(new StatusListTokenContent
        {
            Subject = origin.Url(TokenStatusListEndpoint.Path(listId)),
            // The SD-JWT VC issuer: its /.well-known/jwt-vc-issuer lists the key named by kid.
            Issuer = origin.Url(WalletRoutes.IssuerPath(slug)),
            IssuedAt = signedAt,
            ExpiresAt = signedAt + Validity,
            TimeToLive = TimeToLive,
            List = TokenStatusArray.FromBytes(TokenStatusList.BitsPerStatus, list.Statuses),
        }, keys.SigningKey(key), key.Key.KeyId);

        // Store it only if the statuses are still those we signed; a newer version gets its own signature on next request.
        await db.Set<TokenStatusList>().Where(l => l.Id == listId && l.Version == list.Version)
            .ExecuteUpdateAsync(s => s
                .SetProperty(l => l.SignedToken, token)
                .SetProperty(l => l.SignedVersion, list.Version)
                .SetProperty(l => l.SignedAt, signedAt), ct);
        return Remember(listId, token, list.Version, signedAt);
    }

    private SignedStatusListToken Remember(Guid listId, string token, int version, DateTime signedAt)
    {
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..32] + "\"";
        var signed = new SignedStatusListToken(token, etag, version, signedAt);
        cache.Entries[listId] = signed;
        return signed;
    }
}
