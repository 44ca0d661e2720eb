using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Awards.Results;

/// <summary>What to do with a request that carries an <c>Idempotency-Key</c>.</summary>
public abstract record IdempotencyDecision
{
    /// <summary>First time for this key: do the work, then <see cref="IdempotencyStore.CompleteAsync"/>.</summary>
    public sealed record Proceed(Guid RecordId) : IdempotencyDecision;
    /// <summary>Answered before: send the same answer again.</summary>
    public sealed record Replay(int StatusCode, string Body) : IdempotencyDecision;
    /// <summary>The key was used with a different request.</summary>
    public sealed record Mismatch : IdempotencyDecision;
    /// <summary>Another call with this key is still working after the wait.</summary>
    public sealed record StillRunning : IdempotencyDecision;
}

/// <summary>
/// Remembers each client's idempotency keys with the request hash and the answer. The unique (client, key) index decides which
/// of several concurrent retries does the work; the others wait for its answer and replay it. A node that dies mid-request
/// leaves a lock that expires, after which a retry takes over.
/// </summary>
public sealed class IdempotencyStore(LaurelDb db, TimeProvider clock)
{
    public const int MaxKeyLength = 255;
    public static readonly TimeSpan Lock = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);
    /// <summary>How long a key is remembered: long enough for any client's retries, short enough that the table stays small.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    /// <summary>The key record this request holds since <see cref="BeginAsync"/> said <see cref="IdempotencyDecision.Proceed"/>.</summary>
    public Guid? Held { get; private set; }

    /// <summary>The work stored the answer itself, in its own unit of work (<see cref="MarkAnswered"/>).</summary>
    public bool Answered { get; private set; }

    /// <summary>Says that the answer for <see cref="Held"/> was committed along with the work (<see cref="CompleteAlong"/>).</summary>
    public void MarkAnswered() => Answered = true;

    /// <summary>Forgets keys answered (or abandoned) longer than <see cref="Retention"/> ago; the awards themselves stay, and the
    /// natural-key table (learner + achievement + date) still answers a very late repeat with the same award.</summary>
    public Task<int> ForgetOldAsync(DateTime now, CancellationToken ct)
    {
        var cutoff = now - Retention;
        return db.IdempotencyRecords.Where(r => r.CreatedAt < cutoff && (r.CompletedAt != null || r.LockedUntil < cutoff)).ExecuteDeleteAsync(ct);
    }

    public async Task<IdempotencyDecision> BeginAsync(string clientId, string key, string requestHash, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var record = new IdempotencyRecord
            {
                Id = Guid.CreateVersion7(), ClientId = clientId, Key = key, RequestHash = requestHash, LockedUntil = now + Lock, CreatedAt = now,
            };
            db.IdempotencyRecords.Add(record);
            try
            {
                await db.SaveChangesAsync(ct);
                Held = record.Id;
                return new IdempotencyDecision.Proceed(record.Id);
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e))
            {
                db.ChangeTracker.Clear();
            }
            var existing = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.ClientId == clientId && r.Key == key, ct);
            if (existing is null) continue; // abandoned in between: try to take it
            if (existing.RequestHash != requestHash) return new IdempotencyDecision.Mismatch();
            if (existing.StatusCode is { } status) return new IdempotencyDecision.Replay(status, existing.ResponseBody ?? "");
            if (existing.LockedUntil < now)
            {
                // The first caller died: take the key over with a compare-and-swap on its lock.
                var taken = await db.IdempotencyRecords.Where(r => r.Id == existing.Id && r.StatusCode == null && r.LockedUntil == existing.LockedUntil)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.LockedUntil, now + Lock), ct);
                if (taken == 1)
                {
                    Held = existing.Id;
                    return new IdempotencyDecision.Proceed(existing.Id);
                }
            }
            if (clock.GetUtcNow() - started > MaxWait) return new IdempotencyDecision.StillRunning();
            await Task.Delay(TimeSpan.FromMilliseconds(40), ct);
        }
    }

    public Task CompleteAsync(Guid recordId, int statusCode, string body, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.IdempotencyRecords.Where(r => r.Id == recordId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.StatusCode, statusCode).SetProperty(r => r.ResponseBody, body).SetProperty(r => r.CompletedAt, now), ct);
    }

    /// <summary>
    /// Adds the answer to the caller's unit of work instead of writing it now: the award and its replayable answer then commit
    /// together, in the same round trip, and a crash can never leave an award whose retry would be answered differently.
    /// </summary>
    public void CompleteAlong(Guid recordId, int statusCode, string body) => CompleteAlong(db, clock, recordId, statusCode, body);

    /// <summary>As <see cref="CompleteAlong(Guid, int, string)"/>, in another unit of work (a group commit's context).</summary>
    public static void CompleteAlong(LaurelDb target, TimeProvider clock, Guid recordId, int statusCode, string body)
    {
        var record = new IdempotencyRecord { Id = recordId, ClientId = "", Key = "", RequestHash = "" };
        target.IdempotencyRecords.Attach(record);
        record.StatusCode = statusCode;
        record.ResponseBody = body;
        record.CompletedAt = clock.GetUtcNow().UtcDateTime;
    }

    /// <summary>The work failed unexpectedly: forget the key so a retry runs again.</summary>
    public Task AbandonAsync(Guid recordId) =>
        db.IdempotencyRecords.Where(r => r.Id == recordId && r.StatusCode == null).ExecuteDeleteAsync(CancellationToken.None);
}
