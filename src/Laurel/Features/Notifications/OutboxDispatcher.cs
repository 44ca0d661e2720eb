using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Laurel.Features.Notifications;

/// <summary>
/// One pass over the outbox: claim a batch of due messages, send them, record the outcome. Safe with several nodes and
/// several passes at once: a message is claimed with a lease (compare-and-swap on the row; on PostgreSQL the candidates are
/// first locked with FOR UPDATE SKIP LOCKED so nodes do not even wait on each other), and every later write to the row
/// checks that the lease is still ours. The claim is committed before SMTP is contacted and the row is marked sent right
/// after the server accepts it, so a crash between the two at worst resends the message, with the same Message-ID.
/// </summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, SmtpMailer mailer, IOptionsMonitor<OutboxOptions> options,
    TimeProvider clock, ILogger<OutboxDispatcher> log)
{
    /// <summary>Claims up to BatchSize due messages for a new lease; returns them (empty when none are due or others hold them).</summary>
    public async Task<List<OutboxMessage>> ClaimAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        return await ClaimAsync(db, ct);
    }

    /// <summary>Claims and sends one batch; returns how many messages were handled (sent, retried later or failed).</summary>
    public async Task<int> DrainOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var claimed = await ClaimAsync(db, ct);
        if (claimed.Count == 0) return 0;
        await SendAsync(db, claimed, ct);
        return claimed.Count;
    }

    private async Task<List<OutboxMessage>> ClaimAsync(LaurelDb db, CancellationToken ct)
    {
        var o = options.CurrentValue;
        var now = clock.GetUtcNow().UtcDateTime;
        var token = Guid.CreateVersion7();
        var leaseUntil = now.AddSeconds(o.LeaseSeconds);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        List<Guid> candidates;
        if (db.Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            // Rows another node is claiming right now are skipped instead of waited for. IX_OutboxMessages_Due (unsent, unfailed,
            // by CreatedAt) serves the order and the limit: a batch reads about a batch of index entries, not every unsent row.
            candidates = await db.Database.SqlQuery<Guid>($"""
                SELECT "Id" AS "Value" FROM "OutboxMessages"
                WHERE "SentAt" IS NULL AND "FailedAt" IS NULL AND ("NextAttemptAt" IS NULL OR "NextAttemptAt" <= {now})
                  AND ("LeaseUntil" IS NULL OR "LeaseUntil" < {now})
                ORDER BY "CreatedAt" LIMIT {o.BatchSize} FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct);
        }
        else
        {
            candidates = await Due(db.OutboxMessages, now).OrderBy(m => m.CreatedAt).Select(m => m.Id).Take(o.BatchSize).ToListAsync(ct);
        }
        if (candidates.Count == 0) return [];
        // The compare-and-swap: only rows that are still due get our lease (SQLite has no row locks; a second worker that read
        // the same candidates updates none of them).
        await Due(db.OutboxMessages.Where(m => candidates.Contains(m.Id)), now)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseToken, token).SetProperty(m => m.LeaseUntil, leaseUntil), ct);
        await transaction.CommitAsync(ct);
        // Read back by primary key (LeaseToken has no index, and needs none: the candidates are known).
        return await db.OutboxMessages.AsNoTracking().Where(m => candidates.Contains(m.Id) && m.LeaseToken == token).OrderBy(m => m.CreatedAt).ToListAsync(ct);
    }

    private static IQueryable<OutboxMessage> Due(IQueryable<OutboxMessage> messages, DateTime now) => messages.Where(m =>
        m.SentAt == null && m.FailedAt == null && (m.NextAttemptAt == null || m.NextAttemptAt <= now) && (m.LeaseUntil == null || m.LeaseUntil < now));

    /// <summary>Sends messages this worker has claimed over one SMTP connection and records each outcome.</summary>
    public async Task SendAsync(LaurelDb db, IReadOnlyList<OutboxMessage> claimed, CancellationToken ct)
    {
        // Stop while the claim still has room for one more SMTP conversation, so nothing is sent under an expired lease.
        var margin = TimeSpan.FromSeconds(Math.Min(2 * mailer.Options.TimeoutSeconds, options.CurrentValue.LeaseSeconds / 2));
        SmtpMailer.Session? session = null;
        try
        {
            for (var i = 0; i < claimed.Count; i++)
            {
                var message = claimed[i];
                if (clock.GetUtcNow().UtcDateTime + margin >= message.LeaseUntil)
                {
                    await ReleaseAsync(db, claimed.Skip(i));
                    return;
                }
                if (session is null || !session.IsConnected)
                {
                    if (session is not null) await session.DisposeAsync();
                    session = null;
                    try
                    {
                        session = await mailer.ConnectAsync(ct);
                    }
                    catch (Exception error) when (error is not OperationCanceledException || !ct.IsCancellationRequested)
                    {
                        // The server is unreachable or refuses the login: the same holds for the rest of the batch.
                        foreach (var waiting in claimed.Skip(i)) await RecordFailureAsync(db, waiting, error);
                        return;
                    }
                }
                try
                {
                    await session.SendAsync(mailer.Compose(message), ct);
                }
                catch (Exception error) when (error is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    await RecordFailureAsync(db, message, error);
                    continue;
                }
                await RecordSentAsync(db, message);
            }
        }
        finally
        {
            if (session is not null) await session.DisposeAsync();
        }
    }

    // Hands unsent messages back at once instead of letting them wait for the lease to run out.
    private static async Task ReleaseAsync(LaurelDb db, IEnumerable<OutboxMessage> messages)
    {
        foreach (var message in messages)
            await db.OutboxMessages.Where(m => m.Id == message.Id && m.LeaseToken == message.LeaseToken)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseToken, (Guid?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null), CancellationToken.None);
    }

    private async Task RecordSentAsync(LaurelDb db, OutboxMessage message)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Not cancellable: the server has the message, so the row must say so even when the node is shutting down.
        var updated = await db.OutboxMessages.Where(m => m.Id == message.Id && m.LeaseToken == message.LeaseToken)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, now).SetProperty(m => m.Attempts, m => m.Attempts + 1)
                .SetProperty(m => m.LeaseToken, (Guid?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null), CancellationToken.None);
        if (updated == 0)
            log.LogWarning("E-mail {MessageId} was sent after its claim expired; another worker may send it again (same Message-ID).", message.Id);
        else
            log.LogInformation("E-mail {MessageId} ({Kind}) sent.", message.Id, message.Kind);
    }

    private async Task RecordFailureAsync(LaurelDb db, OutboxMessage message, Exception error)
    {
        var o = options.CurrentValue;
        var now = clock.GetUtcNow().UtcDateTime;
        var attempts = message.Attempts + 1;
        var description = SmtpMailer.Describe(error);
        var giveUp = SmtpMailer.IsPermanent(error) || attempts >= o.MaxAttempts;
        DateTime? failedAt = giveUp ? now : null;
        DateTime? nextAttemptAt = giveUp ? null : now + o.RetryDelay(attempts);
        await db.OutboxMessages.Where(m => m.Id == message.Id && m.LeaseToken == message.LeaseToken)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, attempts).SetProperty(m => m.LastError, description)
                .SetProperty(m => m.FailedAt, failedAt).SetProperty(m => m.NextAttemptAt, nextAttemptAt)
                .SetProperty(m => m.LeaseToken, (Guid?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null), CancellationToken.None);
        if (giveUp)
            log.LogError("E-mail {MessageId} ({Kind}) failed for good after {Attempts} attempt(s): {Error}", message.Id, message.Kind, attempts, description);
        else
            log.LogWarning("E-mail {MessageId} ({Kind}) attempt {Attempts} failed, next try at {NextAttemptAt:O}: {Error}",
                message.Id, message.Kind, attempts, nextAttemptAt, description);
    }
}
