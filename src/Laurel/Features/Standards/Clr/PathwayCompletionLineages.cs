using System.Collections.Concurrent;
using Laurel.Features.Pathways;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Standards.Clr;

/// <summary>
/// Per institution, the definitions (by lineage) that complete one of its published pathways, remembered by this node (issue 18).
/// Every first render of a badge page asks whether its award completes a pathway (the CLR download link); almost no award does, and
/// the full question is a query with three nested EXISTS that cost about a fifth of a first view's CPU. With this set the page asks
/// the database only for an award of a completion definition. A pathway saved on this node forgets every set at once
/// (<see cref="Changed"/>, called by <see cref="LaurelDb"/> after the save committed); a pathway published on another node shows its
/// link here within <see cref="Lifetime"/>.
/// </summary>
public sealed class PathwayCompletionLineages(TimeProvider clock)
{
    /// <summary>How long a set is trusted without a change seen on this node.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private static long _generation;
    private readonly ConcurrentDictionary<Guid, Entry> _byInstitution = new();

    /// <summary>A pathway (or one of its items) was saved on this node: every remembered set is stale.</summary>
    public static void Changed() => Interlocked.Increment(ref _generation);

    /// <summary>True when the lineage is the completion definition of a published pathway of the institution.</summary>
    public async Task<bool> CompletesAsync(LaurelDb db, Guid institutionId, Guid lineageId, CancellationToken ct)
    {
        var generation = Interlocked.Read(ref _generation);
        var now = clock.GetUtcNow();
        if (_byInstitution.TryGetValue(institutionId, out var known) && known.Generation == generation && now - known.Loaded < Lifetime)
            return known.Lineages.Contains(lineageId);
        var lineages = await (from p in db.Pathways.AsNoTracking()
                              where p.InstitutionId == institutionId && p.Status == PathwayStatus.Published && p.CompletionAchievementId != null
                              join a in db.Achievements.AsNoTracking() on p.CompletionAchievementId equals a.Id
                              select a.LineageId).Distinct().ToListAsync(ct);
        // Read under the generation seen before the query: a save that committed meanwhile leaves this entry stale at once.
        _byInstitution[institutionId] = new Entry([.. lineages], generation, now);
        return lineages.Contains(lineageId);
    }

    private sealed record Entry(HashSet<Guid> Lineages, long Generation, DateTimeOffset Loaded);
}
