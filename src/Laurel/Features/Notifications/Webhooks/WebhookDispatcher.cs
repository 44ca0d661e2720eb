using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Laurel.Features.Notifications.Webhooks;

/// <summary>
/// One pass over pending webhook deliveries, with the e-mail outbox's claiming pattern: due rows get a lease by
/// compare-and-swap (PostgreSQL first locks candidates with FOR UPDATE SKIP LOCKED), the claim commits before any POST,
/// and each outcome is written only while the lease is still ours — so two nodes never send one delivery twice.
/// </summary>
public sealed class WebhookDispatcher(IServiceScopeFactory scopes, WebhookSender sender, WebhookSecrets secrets,
    IOptionsMonitor<WebhookOptions> options, TimeProvider clock, ILogger<WebhookDispatcher> log)
{
    /// <summary>Claims and sends one batch; returns how many deliveries were attempted.</summary>
    public async Task<int> DeliverOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var claimed = await ClaimAsync(db, ct);
        foreach (var delivery in claimed) await AttemptAsync(db, delivery, ct);
        return claimed.Count;
    }

    private async Task<List<WebhookDelivery>> ClaimAsync(LaurelDb db, CancellationToken ct)
    {
        var o = options.CurrentValue;
        var now = clock.GetUtcNow().UtcDateTime;
        var token = Guid.CreateVersion7();
        var leaseUntil = now.AddSeconds(o.LeaseSeconds);
        var deliveries = db.Set<WebhookDelivery>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        List<Guid> candidates;
        if (db.Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            var pending = nameof(WebhookDeliveryState.Pending);
            candidates = await db.Database.SqlQuery<Guid>($"""
                SELECT "Id" AS "Value" FROM "WebhookDeliveries"
                WHERE "State" = {pending} AND ("NextAttemptAt" IS NULL OR "NextAttemptAt" <= {now})
                  AND ("LeaseUntil" IS NULL OR "LeaseUntil" < {now})
                ORDER BY "CreatedAt" LIMIT {o.BatchSize} FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct);
        }
        else
        {
            candidates = await Due(deliveries, now).OrderBy(d => d.CreatedAt).Select(d => d.Id).Take(o.BatchSize).ToListAsync(ct);
        }
        if (candidates.Count == 0) return [];
        await Due(deliveries.Where(d => candidates.Contains(d.Id)), now)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseToken, token).SetProperty(d => d.LeaseUntil, leaseUntil), ct);
        await transaction.CommitAsync(ct);
        return await deliveries.AsNoTracking().Where(d => d.LeaseToken == token).OrderBy(d => d.CreatedAt).ToListAsync(ct);
    }

    private static IQueryable<WebhookDelivery> Due(IQueryable<WebhookDelivery> deliveries, DateTime now) => deliveries.Where(d =>
        d.State == WebhookDeliveryState.Pending && (d.NextAttemptAt == null || d.NextAttemptAt <= now) && (d.LeaseUntil == null || d.LeaseUntil < now));

    private async Task AttemptAsync(LaurelDb db, WebhookDelivery delivery, CancellationToken ct)
    {
        var o = options.CurrentValue;
        var endpoint = await db.Set<WebhookEndpoint>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == delivery.EndpointId, ct);
        WebhookAttempt attempt;
        if (endpoint is null || endpoint.ArchivedAt is not null || !endpoint.IsActive)
            attempt = new(false, null, "The endpoint is disabled or archived.");
        else if (clock.GetUtcNow().UtcDateTime.AddSeconds(o.TimeoutSeconds + 1) >= delivery.LeaseUntil)
        {
            // Not enough lease left for a POST: hand it back instead of risking a second sender.
            await Update(db, delivery).ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseToken, (Guid?)null).SetProperty(d => d.LeaseUntil, (DateTime?)null), CancellationToken.None);
            return;
        }
        else
        {
            var secret = secrets.Unprotect(endpoint.ProtectedSecret);
            attempt = await sender.SendAsync(endpoint.Url, delivery, secret, clock.GetUtcNow().ToUnixTimeSeconds(), ct);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var attempts = delivery.Attempts + 1;
        var disabled = endpoint is null || endpoint.ArchivedAt is not null || !endpoint.IsActive;
        var giveUp = !attempt.Delivered && (attempts >= o.MaxAttempts || disabled);
        var state = attempt.Delivered ? WebhookDeliveryState.Delivered : giveUp ? WebhookDeliveryState.Failed : WebhookDeliveryState.Pending;
        DateTime? next = state == WebhookDeliveryState.Pending ? now + o.RetryDelay(attempts, Random.Shared.NextDouble()) : null;
        DateTime? deliveredAt = attempt.Delivered ? now : null;
        DateTime? failedAt = giveUp ? now : null;
        // Not cancellable: the receiver may have the event, so the row must say so even when the node is shutting down.
        var updated = await Update(db, delivery).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.State, state).SetProperty(d => d.Attempts, attempts).SetProperty(d => d.LastStatus, attempt.Status)
            .SetProperty(d => d.LastError, attempt.Error).SetProperty(d => d.LastAttemptAt, now).SetProperty(d => d.NextAttemptAt, next)
            .SetProperty(d => d.DeliveredAt, deliveredAt).SetProperty(d => d.FailedAt, failedAt)
            .SetProperty(d => d.LeaseToken, (Guid?)null).SetProperty(d => d.LeaseUntil, (DateTime?)null), CancellationToken.None);
        if (updated == 0) log.LogWarning("Webhook delivery {DeliveryId} finished after its claim expired; it may be sent again (same Laurel-Delivery id).", delivery.Id);
        else if (attempt.Delivered) log.LogInformation("Webhook delivery {DeliveryId} ({EventType}) delivered: HTTP {Status}.", delivery.Id, delivery.EventType, attempt.Status);
        else log.LogWarning("Webhook delivery {DeliveryId} ({EventType}) attempt {Attempts} failed{GaveUp}: {Error}", delivery.Id, delivery.EventType, attempts,
            giveUp ? " for good" : $", next try at {next:O}", attempt.Error);
    }

    private static IQueryable<WebhookDelivery> Update(LaurelDb db, WebhookDelivery delivery) =>
        db.Set<WebhookDelivery>().Where(d => d.Id == delivery.Id && d.LeaseToken == delivery.LeaseToken);
}
