using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Laurel.Credentials.StatusList;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Publishing.Status;

/// <summary>An index in the institution's revocation list and (same index) its suspension list.</summary>
public sealed record StatusAllocation(Guid RevocationListId, Guid SuspensionListId, int Index);

/// <summary>Bitstring Status Lists per institution: allocation, bit changes and the signed list credential.</summary>
public sealed class StatusListService(LaurelDb db, PublicOrigin origin, TimeProvider clock, StatusListPublisher publisher,
    IServiceScopeFactory scopes, StatusIndexBlocks blocks)
{
    private const int MaxAttempts = 200;

    /// <summary>
    /// Allocates the next free index, safe under concurrency across app nodes; opens new lists when one is full. Indexes come
    /// from this node's block (<see cref="StatusIndexBlocks"/>), refilled with one committed statement per
    /// <see cref="StatusIndexBlocks.BlockSize"/> awards. Call it outside your own transaction: the index is then committed at once
    /// (an unused index is harmless, a reused one never happens) and concurrent awards do not wait for each other; inside a
    /// transaction one index is taken in it, as a block's rollback must never leave positions in memory that are free again in
    /// the database. New lists are created through a separate database context, so the caller's tracked changes are never saved
    /// or dropped here.
    /// </summary>
    public async Task<StatusAllocation> AllocateAsync(Guid institutionId, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null) return await AllocateFromDatabaseAsync(institutionId, 1, ct);
        if (blocks.TryTake(institutionId) is { } fromBlock) return fromBlock;
        var refill = blocks.RefillLock(institutionId);
        await refill.WaitAsync(ct);
        try
        {
            // Another request may have refilled the block while this one waited.
            if (blocks.TryTake(institutionId) is { } refilled) return refilled;
            return await AllocateFromDatabaseAsync(institutionId, StatusIndexBlocks.BlockSize, ct);
        }
        finally
        {
            refill.Release();
        }
    }

    // Takes `size` consecutive positions of the newest list (one when fewer are left there), keeps all but the first as this
    // node's block and returns the first.
    private async Task<StatusAllocation> AllocateFromDatabaseAsync(Guid institutionId, int size, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var taken = size > 1 ? await TryTakeFromNewestAsync(institutionId, size, ct) : null;
            var count = taken is null ? 1 : size;
            taken ??= await TryTakeFromNewestAsync(institutionId, 1, ct);
            if (taken is not null)
            {
                var first = taken.Allocated - count;
                if (count > 1)
                    blocks.Put(institutionId, new StatusIndexBlocks.Block(taken.Id, taken.PairedListId, taken.PermutationKey, taken.Capacity, first + 1, taken.Allocated));
                return new(taken.Id, taken.PairedListId, StatusIndexPermutation.Map(taken.PermutationKey, first, taken.Capacity));
            }
            // No list yet, or the newest is full: open the next pair (or find that another node just did) and try again. The
            // UPDATE above may also have found nothing because another node's new list was not committed yet when it looked;
            // that list is not full, so it is taken on the next attempt instead of opening yet another one.
            var newest = await db.Set<StatusList>().AsNoTracking()
                .Where(l => l.InstitutionId == institutionId && l.Purpose == StatusPurpose.Revocation)
                .OrderByDescending(l => l.Number).Select(l => new { l.Number, Full = l.Allocated >= l.Capacity }).FirstOrDefaultAsync(ct);
            if (newest is null || newest.Full) await TryOpenPairAsync(institutionId, (newest?.Number ?? 0) + 1, ct);
        }
        throw new InvalidOperationException($"Could not allocate a status list index for institution {institutionId}.");
    }

    /// <summary>The two BitstringStatusListEntry objects (revocation, suspension) to put in <c>credentialStatus</c>.</summary>
    public JsonArray CredentialStatusEntries(StatusAllocation allocation) =>
    [
        BitstringStatusListBuilder.BuildEntry(ListUrl(allocation.RevocationListId), allocation.Index, StatusPurpose.Revocation),
        BitstringStatusListBuilder.BuildEntry(ListUrl(allocation.SuspensionListId), allocation.Index, StatusPurpose.Suspension),
    ];

    /// <summary>
    /// Sets or clears one bit; the served status list credential reflects it on the next request. Joins the caller's
    /// transaction if there is one (so a revocation and its bit commit together) and never touches tracked entities.
    /// </summary>
    public async Task SetAsync(Guid listId, int index, bool value, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var list = await db.Set<StatusList>().AsNoTracking().Where(l => l.Id == listId)
                .Select(l => new { l.Bits, l.Version, l.Capacity }).SingleOrDefaultAsync(ct)
                ?? throw new KeyNotFoundException($"Status list {listId} does not exist.");
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, list.Capacity);
            var bits = StatusBitstring.FromBytes(list.Bits);
            if (bits.Get(index) == value) return;
            bits.Set(index, value);
            var changed = bits.Bytes.ToArray();
            var now = clock.GetUtcNow().UtcDateTime;
            // Compare-and-swap on Version: a concurrent change to another bit makes this match nothing, and we redo ours on top of it.
            var updated = await db.Set<StatusList>().Where(l => l.Id == listId && l.Version == list.Version)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(l => l.Bits, changed)
                    .SetProperty(l => l.Version, list.Version + 1)
                    .SetProperty(l => l.UpdatedAt, now), ct);
            if (updated == 1) return;
            if (attempt >= MaxAttempts) throw new InvalidOperationException($"Status list {listId} is changing too fast to update.");
            await Task.Delay(Random.Shared.Next(1, 5 + Math.Min(attempt, 20)), ct);
        }
    }

    /// <summary>Reads one bit (for tests and status reports).</summary>
    public async Task<bool?> GetAsync(Guid listId, int index, CancellationToken ct)
    {
        var bits = await db.Set<StatusList>().Where(l => l.Id == listId).Select(l => l.Bits).SingleOrDefaultAsync(ct);
        return bits is null || index < 0 || index >= bits.Length * 8 ? null : StatusBitstring.FromBytes(bits).Get(index);
    }

    /// <summary>The signed BitstringStatusListCredential as served at <c>/status/{listId}</c>; null for an unknown list.</summary>
    public async Task<JsonObject?> GetSignedListCredentialAsync(Guid listId, CancellationToken ct) =>
        await publisher.GetAsync(listId, ct) is { } signed ? JsonNode.Parse(signed.Json)!.AsObject() : null;

    /// <summary>The public URL of a list: <c>{PublicBaseUrl}/status/{listId}</c>.</summary>
    public string ListUrl(Guid listId) => origin.Url($"/status/{listId}");

    /// <summary>What the allocating UPDATE reads back: the list it counted on and the new count.</summary>
    private sealed class TakenIndex
    {
        public Guid Id { get; init; }
        public Guid PairedListId { get; init; }
        public int Capacity { get; init; }
        public byte[] PermutationKey { get; init; } = [];
        public int Allocated { get; init; }
    }

    // One atomic statement (UPDATE … RETURNING, PostgreSQL and SQLite alike) that also finds the institution's newest revocation
    // list: the counter row is locked for a single round trip (once per block), and no
    // separate read of the list is needed. The row lock (PostgreSQL) or write lock (SQLite) makes the count read back ours alone;
    // a full list matches nothing.
    // With `count` > 1 the newest list must have that many positions left (a block never spans two lists).
    private async Task<TakenIndex?> TryTakeFromNewestAsync(Guid institutionId, int count, CancellationToken ct)
    {
        var taken = await db.Database.SqlQuery<TakenIndex>($"""
            UPDATE "StatusLists" SET "Allocated" = "Allocated" + {count}
            WHERE "Id" = (SELECT "Id" FROM "StatusLists" WHERE "InstitutionId" = {institutionId} AND "Purpose" = {StatusPurpose.Revocation}
                          ORDER BY "Number" DESC LIMIT 1)
              AND "Allocated" + {count} <= "Capacity"
            RETURNING "Id", "PairedListId", "Capacity", "PermutationKey", "Allocated"
            """).ToListAsync(ct);
        return taken.Count == 0 ? null : taken[0];
    }

    private async Task TryOpenPairAsync(Guid institutionId, int number, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var revocation = NewList(institutionId, StatusPurpose.Revocation, number, now);
        var suspension = NewList(institutionId, StatusPurpose.Suspension, number, now);
        revocation.PairedListId = suspension.Id;
        suspension.PairedListId = revocation.Id;
        await using var scope = scopes.CreateAsyncScope();
        var own = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        own.Set<StatusList>().AddRange(revocation, suspension);
        try
        {
            await own.SaveChangesAsync(ct);
        }
        catch (Exception e) when (UniqueViolation.IsLostInsertRace(e))
        {
            // Another node opened list {number} first (or won the deadlock PostgreSQL broke between us); the caller allocates
            // from theirs. The execution strategy may wrap the deadlock in an InvalidOperationException, hence the walk.
        }
    }

    private static StatusList NewList(Guid institutionId, string purpose, int number, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        InstitutionId = institutionId,
        Purpose = purpose,
        Number = number,
        Capacity = StatusList.DefaultCapacity,
        PermutationKey = RandomNumberGenerator.GetBytes(32),
        Bits = new byte[StatusList.DefaultCapacity / 8],
        CreatedAt = now,
        UpdatedAt = now,
    };
}
