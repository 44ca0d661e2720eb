using System.Security.Cryptography;
using Laurel.Credentials.TokenStatusList;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Publishing.Status;

/// <summary>An entry in an institution's Token Status List: what an SD-JWT VC's <c>status.status_list</c> claim carries.</summary>
public sealed record TokenStatusAllocation(Guid ListId, int Index, string Uri)
{
    /// <summary>The <c>status</c> claim value <c>{"status_list": {"idx", "uri"}}</c>.</summary>
    public StatusListReference Reference => new(Index, Uri);
}

/// <summary>
/// Token Status Lists per institution (SD-JWT VC copies): allocation at unpredictable indices, status changes by compare-and-swap
/// on <see cref="TokenStatusList.Version"/>, the same way <see cref="StatusListService"/> keeps Bitstring lists safe across nodes.
/// </summary>
public sealed class TokenStatusListService(LaurelDb db, PublicOrigin origin, TimeProvider clock, IServiceScopeFactory scopes)
{
    private const int MaxAttempts = 200;

    /// <summary>
    /// Allocates the next free entry (VALID), committed at once; call it outside your own transaction, as
    /// <see cref="StatusListService.AllocateAsync"/>. Opens a new list when the newest is full.
    /// </summary>
    public async Task<TokenStatusAllocation> AllocateAsync(Guid institutionId, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (await TryTakeFromNewestAsync(institutionId, ct) is { } taken)
                return new(taken.Id, StatusIndexPermutation.Map(taken.PermutationKey, taken.Allocated - 1, taken.Capacity), ListUrl(taken.Id));
            var newest = await db.Set<TokenStatusList>().AsNoTracking().Where(l => l.InstitutionId == institutionId)
                .OrderByDescending(l => l.Number).Select(l => new { l.Number, Full = l.Allocated >= l.Capacity }).FirstOrDefaultAsync(ct);
            if (newest is null || newest.Full) await TryOpenAsync(institutionId, (newest?.Number ?? 0) + 1, ct);
        }
        throw new InvalidOperationException($"Could not allocate a token status list index for institution {institutionId}.");
    }

    /// <summary>
    /// Sets one entry's status (<see cref="TokenStatus"/>); the served token reflects it on the next request. Joins the caller's
    /// transaction if there is one (so an award change and its copies' statuses commit together) and never touches tracked entities.
    /// </summary>
    public async Task SetAsync(Guid listId, int index, int status, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var list = await db.Set<TokenStatusList>().AsNoTracking().Where(l => l.Id == listId)
                .Select(l => new { l.Statuses, l.Version, l.Capacity }).SingleOrDefaultAsync(ct)
                ?? throw new KeyNotFoundException($"Token status list {listId} does not exist.");
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, list.Capacity);
            var statuses = TokenStatusArray.FromBytes(TokenStatusList.BitsPerStatus, list.Statuses);
            if (statuses.Get(index) == status) return;
            statuses.Set(index, status);
            var changed = statuses.Bytes.ToArray();
            var now = clock.GetUtcNow().UtcDateTime;
            // Compare-and-swap on Version: a concurrent change to another entry makes this match nothing, and we redo ours on top.
            var updated = await db.Set<TokenStatusList>().Where(l => l.Id == listId && l.Version == list.Version)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(l => l.Statuses, changed)
                    .SetProperty(l => l.Version, list.Version + 1)
                    .SetProperty(l => l.UpdatedAt, now), ct);
            if (updated == 1) return;
            if (attempt >= MaxAttempts) throw new InvalidOperationException($"Token status list {listId} is changing too fast to update.");
            await Task.Delay(Random.Shared.Next(1, 5 + Math.Min(attempt, 20)), ct);
        }
    }

    /// <summary>Reads one entry's status; null for an unknown list or index.</summary>
    public async Task<int?> GetAsync(Guid listId, int index, CancellationToken ct)
    {
        var bytes = await db.Set<TokenStatusList>().Where(l => l.Id == listId).Select(l => l.Statuses).SingleOrDefaultAsync(ct);
        if (bytes is null) return null;
        var statuses = TokenStatusArray.FromBytes(TokenStatusList.BitsPerStatus, bytes);
        return statuses.Contains(index) ? statuses.Get(index) : null;
    }

    /// <summary>The public URL of a list (the token's <c>sub</c>): <c>{PublicBaseUrl}/status/tokens/{listId}</c>.</summary>
    public string ListUrl(Guid listId) => origin.Url(TokenStatusListEndpoint.Path(listId));

    private sealed class TakenIndex
    {
        public Guid Id { get; init; }
        public int Capacity { get; init; }
        public byte[] PermutationKey { get; init; } = [];
        public int Allocated { get; init; }
    }

    // One atomic UPDATE … RETURNING on the newest list, as StatusListService does: the count read back is ours alone.
    private async Task<TakenIndex?> TryTakeFromNewestAsync(Guid institutionId, CancellationToken ct)
    {
        var taken = await db.Database.SqlQuery<TakenIndex>($"""
            UPDATE "TokenStatusLists" SET "Allocated" = "Allocated" + 1
            WHERE "Id" = (SELECT "Id" FROM "TokenStatusLists" WHERE "InstitutionId" = {institutionId} ORDER BY "Number" DESC LIMIT 1)
              AND "Allocated" < "Capacity"
            RETURNING "Id", "Capacity", "PermutationKey", "Allocated"
            """).ToListAsync(ct);
        return taken.Count == 0 ? null : taken[0];
    }

    private async Task TryOpenAsync(Guid institutionId, int number, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var own = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        own.Set<TokenStatusList>().Add(new TokenStatusList
        {
            Id = Guid.CreateVersion7(),
            InstitutionId = institutionId,
            Number = number,
            Capacity = TokenStatusList.DefaultCapacity,
            PermutationKey = RandomNumberGenerator.GetBytes(32),
            Statuses = TokenStatusArray.Create(TokenStatusList.BitsPerStatus, TokenStatusList.DefaultCapacity).Bytes.ToArray(),
            CreatedAt = now,
            UpdatedAt = now,
        });
        try
        {
            await own.SaveChangesAsync(ct);
        }
        catch (Exception e) when (UniqueViolation.IsLostInsertRace(e))
        {
            // Another node opened list {number} first; the caller allocates from theirs.
        }
    }
}
