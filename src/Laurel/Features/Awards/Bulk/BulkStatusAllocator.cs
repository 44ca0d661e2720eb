using Laurel.Credentials.StatusList;
using Laurel.Features.Publishing.Status;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Awards.Bulk;

/// <summary>
/// Takes many status list indexes in one step instead of one round trip per award: a compare-and-swap on the current list's
/// Allocated counter claims a whole range (safe across app nodes, as <see cref="StatusListService.AllocateAsync"/> is for one
/// index); a full list is continued by <see cref="StatusListService.AllocateAsync"/>, which opens the next pair.
/// </summary>
public sealed class BulkStatusAllocator(LaurelDb db, StatusListService statusLists)
{
    private const int MaxAttempts = 200;

    public async Task<List<StatusAllocation>> AllocateAsync(Guid institutionId, int count, CancellationToken ct)
    {
        var allocations = new List<StatusAllocation>(count);
        for (var attempt = 0; allocations.Count < count; attempt++)
        {
            if (attempt >= MaxAttempts) throw new InvalidOperationException($"Could not allocate {count} status indexes for institution {institutionId}.");
            var list = await db.StatusLists.AsNoTracking()
                .Where(l => l.InstitutionId == institutionId && l.Purpose == StatusPurpose.Revocation)
                .OrderByDescending(l => l.Number)
                .Select(l => new { l.Id, l.PairedListId, l.Allocated, l.Capacity, l.PermutationKey })
                .FirstOrDefaultAsync(ct);
            if (list is null || list.Allocated >= list.Capacity)
            {
                // No list yet, or the current one is full: the single-index path opens the next pair (and hands out its first index).
                allocations.Add(await statusLists.AllocateAsync(institutionId, ct));
                continue;
            }
            var take = Math.Min(count - allocations.Count, list.Capacity - list.Allocated);
            var claimed = await db.StatusLists.Where(l => l.Id == list.Id && l.Allocated == list.Allocated)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.Allocated, list.Allocated + take), ct);
            if (claimed == 0)
            {
                await Task.Delay(Random.Shared.Next(1, 10), ct); // another award took indexes meanwhile; read again
                continue;
            }
            var indexes = new int[take];
            StatusIndexPermutation.MapRange(list.PermutationKey, list.Allocated, list.Capacity, indexes);
            foreach (var index in indexes) allocations.Add(new StatusAllocation(list.Id, list.PairedListId, index));
        }
        return allocations;
    }
}
