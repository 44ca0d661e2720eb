using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Laurel.Features.Awards.Events;

/// <summary>Settings under <c>Laurel:AwardEvents</c>.</summary>
public sealed class AwardEventOptions
{
    public bool WorkerEnabled { get; set; } = true;
    /// <summary>How often an idle worker looks for new events (it goes on at once while there are more).</summary>
    public int PollMilliseconds { get; set; } = 1_000;
    public int BatchSize { get; set; } = 100;
    /// <summary>How long a node holds the events it claimed; after that another node may take them (the first one stopped).</summary>
    public int LeaseSeconds { get; set; } = 300;
    /// <summary>Attempts before an event that keeps failing is given up on (logged as an error, marked processed).</summary>
    public int MaxAttempts { get; set; } = 5;
}

/// <summary>
/// Work done after an award transition has committed, from its durable <see cref="AwardEvent"/> row (e.g. pathway evaluation). Called
/// with a batch of events; must be safe to run again for the same events (a node that stops before marking them processed leaves
/// them to another). Creates its own scopes: the worker's unit of work only claims and marks events.
/// </summary>
public interface IAwardEventHandler
{
    Task HandleAsync(IReadOnlyList<AwardEvent> events, CancellationToken ct);
}

/// <summary>
/// One pass over unprocessed award events, with the webhook deliveries' and e-mail outbox's claiming pattern: due rows get a lease by
/// compare-and-swap (PostgreSQL first locks candidates with FOR UPDATE SKIP LOCKED), the claim commits before any handler runs, and
/// the outcome is written only while the lease is still ours, so two nodes never handle one event at the same time. An event
/// committed before a node stopped is still unprocessed when any node starts: nothing is lost.
/// </summary>
public sealed class AwardEventProcessor(IServiceScopeFactory scopes, IEnumerable<IAwardEventHandler> handlers, IOptionsMonitor<AwardEventOptions> options,
    TimeProvider clock, ILogger<AwardEventProcessor> log)
{
    /// <summary>Claims and handles one batch; returns the ids of the events this node handled.</summary>
    public async Task<IReadOnlyList<Guid>> ProcessOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var token = Guid.CreateVersion7();
        var claimed = await ClaimAsync(db, token, ct);
        if (claimed.Count == 0) return [];
        var ids = claimed.Select(e => e.Id).ToList();
        try
        {
            foreach (var handler in handlers) await handler.HandleAsync(claimed, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            await FailedAsync(db, token, claimed, e);
            return [];
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var marked = await Ours(db, token).ExecuteUpdateAsync(s => s.SetProperty(e => e.ProcessedAt, now)
            .SetProperty(e => e.LeaseToken, (Guid?)null).SetProperty(e => e.LeaseUntil, (DateTime?)null), CancellationToken.None);
        if (marked < claimed.Count) log.LogWarning("{Lost} award events were handled after their lease ran out; another node may handle them again.", claimed.Count - marked);
        return ids;
    }

    private async Task<List<AwardEvent>> ClaimAsync(LaurelDb db, Guid token, CancellationToken ct)
    {
        var o = options.CurrentValue;
        var now = clock.GetUtcNow().UtcDateTime;
        var leaseUntil = now.AddSeconds(o.LeaseSeconds);
        var events = db.Set<AwardEvent>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        List<Guid> candidates;
        if (db.Database.IsNpgsql())
        {
            candidates = await db.Database.SqlQuery<Guid>($"""
                SELECT "Id" AS "Value" FROM "AwardEvents"
                WHERE "ProcessedAt" IS NULL AND ("LeaseUntil" IS NULL OR "LeaseUntil" < {now})
                ORDER BY "OccurredAt" LIMIT {o.BatchSize} FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct);
        }
        else
        {
            candidates = await Due(events, now).OrderBy(e => e.OccurredAt).Select(e => e.Id).Take(o.BatchSize).ToListAsync(ct);
        }
        if (candidates.Count == 0) return [];
        await Due(events.Where(e => candidates.Contains(e.Id)), now)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.LeaseToken, token).SetProperty(e => e.LeaseUntil, leaseUntil), ct);
        await transaction.CommitAsync(ct);
        return await events.AsNoTracking().Where(e => e.LeaseToken == token).OrderBy(e => e.OccurredAt).ToListAsync(ct);
    }

    private static IQueryable<AwardEvent> Due(IQueryable<AwardEvent> events, DateTime now) =>
        events.Where(e => e.ProcessedAt == null && (e.LeaseUntil == null || e.LeaseUntil < now));

    private static IQueryable<AwardEvent> Ours(LaurelDb db, Guid token) => db.Set<AwardEvent>().Where(e => e.LeaseToken == token);

    // The batch is tried again after a pause that grows with each attempt; an event that keeps failing is given up on, loudly.
    private async Task FailedAsync(LaurelDb db, Guid token, List<AwardEvent> claimed, Exception error)
    {
        var o = options.CurrentValue;
        var now = clock.GetUtcNow().UtcDateTime;
        var attempts = claimed.Max(e => e.Attempts) + 1;
        var giveUp = attempts >= o.MaxAttempts;
        log.LogError(error, "Handling {Count} award events failed (attempt {Attempts}){GaveUp}", claimed.Count, attempts, giveUp ? "; giving up on them" : "");
        DateTime? processed = giveUp ? now : null;
        DateTime? retryAt = giveUp ? null : now.AddSeconds(Math.Min(300, 5 * Math.Pow(2, attempts)));
        await Ours(db, token).ExecuteUpdateAsync(s => s.SetProperty(e => e.Attempts, e => e.Attempts + 1).SetProperty(e => e.ProcessedAt, processed)
            .SetProperty(e => e.LeaseToken, (Guid?)null).SetProperty(e => e.LeaseUntil, retryAt), CancellationToken.None);
    }
}

/// <summary>Processes award events in the background on every node (the processor's leases keep nodes apart).</summary>
public sealed class AwardEventWorker(AwardEventProcessor processor, IOptionsMonitor<AwardEventOptions> options, TimeProvider clock,
    ILogger<AwardEventWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.WorkerEnabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                handled = (await processor.ProcessOnceAsync(stoppingToken)).Count;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // A database hiccup must not stop the worker for good; the next pass tries again.
                log.LogError(error, "Award event worker pass failed.");
            }
            if (handled >= options.CurrentValue.BatchSize) continue;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(options.CurrentValue.PollMilliseconds), clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
