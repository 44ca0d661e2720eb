using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Laurel.Features.Insights;

/// <summary>Settings under <c>Laurel:Insights</c>.</summary>
public sealed class InsightsOptions
{
    /// <summary>Seconds between flushes of the in-memory counts; a node that crashes loses at most this much counting.</summary>
    public int FlushSeconds { get; set; } = 60;
}

/// <summary>
/// Writes the <see cref="InsightsCounter"/> buffer into <see cref="InsightDailyCount"/>: per (day, definition, kind) one atomic
/// <c>UPDATE … SET Count = Count + n</c>, or an insert when the row does not exist yet (retried as an update when another node
/// inserted it first), so several nodes may flush at the same time without losing an increment.
/// </summary>
public sealed class InsightsFlush(IServiceScopeFactory scopes, InsightsCounter counter, ILogger<InsightsFlush> log)
{
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Flushes now (the worker's timer, graceful shutdown, and tests); returns the number of rows written.</summary>
    public async Task<int> FlushAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            var batch = counter.Drain();
            if (batch.Count == 0) return 0;
            var left = new Dictionary<InsightsCounter.Key, long>(batch);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
                var (totals, dropped) = await AggregateAsync(db, batch, ct);
                foreach (var key in dropped) left.Remove(key);
                foreach (var (key, n) in totals)
                {
                    await AddAsync(db, key.Day, key.AchievementId, key.Kind, n, ct);
                    foreach (var source in key.Sources) left.Remove(source);
                }
                return totals.Count;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Writing {Count} insight counts failed; they are kept for the next flush.", left.Count);
                counter.Restore(left);
                return 0;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private sealed record Target(DateOnly Day, Guid AchievementId, InsightKind Kind)
    {
        public List<InsightsCounter.Key> Sources { get; } = [];
    }

    // Award → definition, dropping ids that are no award of Laurel's, the owner's own page views and verifications of a credential
    // another DID signed.
    private static async Task<(Dictionary<Target, long> Totals, List<InsightsCounter.Key> Dropped)> AggregateAsync(LaurelDb db, IReadOnlyDictionary<InsightsCounter.Key, long> batch, CancellationToken ct)
    {
        var awards = new Dictionary<Guid, (Guid AchievementId, Guid? Owner, string Signer)>();
        foreach (var chunk in batch.Keys.Select(k => k.AwardId).Distinct().Chunk(500))
        {
            var found = await db.Awards.AsNoTracking().Where(a => chunk.Contains(a.Id))
                .Select(a => new { a.Id, a.AchievementId, a.RecipientPersonId, a.SigningKeyId }).ToListAsync(ct);
            foreach (var a in found) awards[a.Id] = (a.AchievementId, a.RecipientPersonId, InsightsCounter.Did(a.SigningKeyId));
        }
        var totals = new Dictionary<(DateOnly, Guid, InsightKind), (Target Target, long Count)>();
        var dropped = new List<InsightsCounter.Key>();
        foreach (var (key, n) in batch)
        {
            if (!awards.TryGetValue(key.AwardId, out var award) || (key.Kind == InsightKind.PageView && key.Viewer is { } viewer && viewer == award.Owner)
                || (key.Kind == InsightKind.Verification && key.Signer != award.Signer))
            {
                dropped.Add(key);
                continue;
            }
            var id = (key.Day, award.AchievementId, key.Kind);
            if (!totals.TryGetValue(id, out var t)) t = (new Target(key.Day, award.AchievementId, key.Kind), 0);
            t.Target.Sources.Add(key);
            totals[id] = (t.Target, t.Count + n);
        }
        return (totals.Values.ToDictionary(t => t.Target, t => t.Count), dropped);
    }

    private static async Task AddAsync(LaurelDb db, DateOnly day, Guid achievementId, InsightKind kind, long n, CancellationToken ct)
    {
        var rows = db.Set<InsightDailyCount>().Where(c => c.Day == day && c.AchievementId == achievementId && c.Kind == kind);
        if (await rows.ExecuteUpdateAsync(s => s.SetProperty(c => c.Count, c => c.Count + n), ct) > 0) return;
        db.Add(new InsightDailyCount { Day = day, AchievementId = achievementId, Kind = kind, Count = n });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node inserted the row between our update and insert: add to it instead.
            db.ChangeTracker.Clear();
            if (await rows.ExecuteUpdateAsync(s => s.SetProperty(c => c.Count, c => c.Count + n), ct) == 0) throw;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}

/// <summary>Flushes every <see cref="InsightsOptions.FlushSeconds"/> and once more on graceful shutdown.</summary>
public sealed class InsightsFlusher(InsightsFlush flush, IOptionsMonitor<InsightsOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, options.CurrentValue.FlushSeconds)), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await flush.FlushAsync(stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // What was counted since the last tick is written before the process ends.
        await flush.FlushAsync(cancellationToken);
    }
}
