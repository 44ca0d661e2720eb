using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Laurel.Credentials.StatusList;
using Laurel.Features.Publishing.Keys;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Publishing.Status;

/// <summary>A signed status list credential as served, with its entity tag.</summary>
public sealed record SignedStatusList(string Json, string ETag, int Version, DateTime SignedAt);

/// <summary>Per-process copy of the last signed list of each id, so an unchanged list costs one tiny query.</summary>
public sealed class SignedStatusListCache
{
    internal ConcurrentDictionary<Guid, SignedStatusList> Entries { get; } = new();
}

/// <summary>
/// Signs a list's BitstringStatusListCredential only when its bits changed (or the signature is getting old) and keeps
/// the signed JSON in the database per version, so every node serves the same bytes for the same version.
/// </summary>
public sealed class StatusListPublisher(LaurelDb db, IssuerSigner signer, IssuerKeys keys, PublicOrigin origin,
    TimeProvider clock, SignedStatusListCache cache)
{
    /// <summary>How long a signed list stays valid (validUntil); short, so an old unrevoked copy cannot be replayed for long (DI-P5).</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(1);
    /// <summary>Re-sign well before validUntil, so a list fetched now stays valid for at least this long.</summary>
    private static readonly TimeSpan ResignAfter = TimeSpan.FromHours(12);

    public async Task<SignedStatusList?> GetAsync(Guid listId, CancellationToken ct)
    {
        var head = await db.Set<StatusList>().AsNoTracking().Where(l => l.Id == listId)
            .Select(l => new { l.Version, l.SignedVersion, l.SignedAt }).SingleOrDefaultAsync(ct);
        if (head is null) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        var fresh = head.SignedVersion == head.Version && head.SignedAt is { } at && now - at < ResignAfter;

        if (fresh && cache.Entries.TryGetValue(listId, out var cached) && cached.Version == head.Version && cached.SignedAt == head.SignedAt)
            return cached;
        if (fresh)
        {
            var json = await db.Set<StatusList>().Where(l => l.Id == listId).Select(l => l.SignedCredentialJson).SingleAsync(ct);
            return Remember(listId, json!, head.Version, head.SignedAt!.Value);
        }
        return await SignAsync(listId, now, ct);
    }

    private async Task<SignedStatusList> SignAsync(Guid listId, DateTime now, CancellationToken ct)
    {
        var list = await db.Set<StatusList>().AsNoTracking().SingleAsync(l => l.Id == listId, ct);
        var key = await keys.GetActiveAsync(list.InstitutionId, ct);
        var signedAt = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        var url = origin.Url($"/status/{listId}");
        var unsigned = BitstringStatusListBuilder.BuildCredential(new StatusListCredentialOptions
        {
            Id = url,
            Issuer = key.Did,
            StatusPurpose = list.Purpose,
            ValidFrom = signedAt,
            ValidUntil = signedAt + Validity,
        }, StatusBitstring.FromBytes(list.Bits));
        var json = signer.Sign(key, unsigned).Credential.ToJsonString();

        // Store it only if the bits are still those we signed; a newer version gets its own signature on next request.
        await db.Set<StatusList>().Where(l => l.Id == listId && l.Version == list.Version)
            .ExecuteUpdateAsync(s => s
                .SetProperty(l => l.SignedCredentialJson, json)
                .SetProperty(l => l.SignedVersion, list.Version)
                .SetProperty(l => l.SignedAt, signedAt), ct);
        return Remember(listId, json, list.Version, signedAt);
    }

    private SignedStatusList Remember(Guid listId, string json, int version, DateTime signedAt)
    {
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..32] + "\"";
        var signed = new SignedStatusList(json, etag, version, signedAt);
        cache.Entries[listId] = signed;
        return signed;
    }
}
