using System.Runtime.CompilerServices;
using System.Text.Json;
using Laurel.Features.Awards;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Laurel.Features.Notifications.Webhooks;

/// <summary>
/// Adds webhook deliveries for an award change to the caller's DbContext, before the caller saves: the deliveries commit
/// with the change or not at all (transactional outbox). Nothing is added when the institution has no active endpoint
/// subscribed to the event. An extension on <see cref="LaurelDb"/> so every award path adds one line and no constructor changes.
/// </summary>
public static class WebhookQueue
{
    // Endpoints looked up once per transaction: a bulk batch asks once, not once per award.
    private static readonly ConditionalWeakTable<IDbContextTransaction, Dictionary<Guid, List<EndpointRef>>> PerTransaction = new();

    private sealed record EndpointRef(Guid Id, List<string> Events);

    /// <summary>
    /// Queues <paramref name="eventType"/> for an award that is tracked or about to be added (its fields as they will be saved).
    /// Callers that hold the definition pass its name, so a bulk upload does not read it again for every row.
    /// </summary>
    public static async Task QueueWebhookAsync(this LaurelDb db, Award award, string eventType, CancellationToken ct, string? achievementName = null)
    {
        var endpoints = (await EndpointsAsync(db, award.InstitutionId, ct)).Where(e => e.Events.Contains(eventType)).ToList();
        if (endpoints.Count == 0) return;
        achievementName ??= award.Achievement?.Name
            ?? await db.Achievements.AsNoTracking().Where(a => a.Id == award.AchievementId).Select(a => a.Name).FirstOrDefaultAsync(ct) ?? "";
        var clock = db.GetService<TimeProvider>();
        var origin = db.GetService<PublicOrigin>();
        var now = clock.GetUtcNow().UtcDateTime;
        var eventId = Guid.CreateVersion7();
        // What an integrator needs to update its own records, and no more (GDPR data minimisation): which award and
        // credential, of which achievement, in which state and since when, and the reason staff gave for a revocation or
        // suspension. No name, e-mail address, EPPN or other recipient identifier: the integrator already knows whom it
        // asked Laurel to award (by award id), and only the kind of identifier is sent so it can tell claim flows apart.
        var data = new
        {
            awardId = award.Id,
            credentialId = $"urn:uuid:{award.Id}",
            achievementId = award.AchievementId,
            achievementName,
            state = award.State.ToString(),
            recipientIdentityType = award.RecipientIdentityType,
            issuedAt = award.IssuedAt,
            publicUrl = award.IsPublic ? origin.Url($"/badges/{award.Id}") : null,
            reason = eventType switch
            {
                WebhookEventTypes.AwardRevoked => award.RevocationReason,
                WebhookEventTypes.AwardSuspended => award.SuspensionReason,
                _ => null,
            },
        };
        foreach (var endpoint in endpoints) db.Add(NewDelivery(endpoint.Id, award.InstitutionId, eventType, eventId, now, data));
    }

    /// <summary>Queues <paramref name="eventType"/> for an award changed in the database by a bulk update (re-read in the caller's transaction).</summary>
    public static async Task QueueWebhookAsync(this LaurelDb db, Guid awardId, string eventType, CancellationToken ct)
    {
        var award = await db.Awards.AsNoTracking().Include(a => a.Achievement).FirstOrDefaultAsync(a => a.Id == awardId, ct);
        if (award is not null) await db.QueueWebhookAsync(award, eventType, ct);
    }

    /// <summary>A delivery with the standard envelope around <paramref name="data"/>.</summary>
    internal static WebhookDelivery NewDelivery(Guid endpointId, Guid institutionId, string eventType, Guid eventId, DateTime now, object data) => new()
    {
        Id = Guid.CreateVersion7(), EndpointId = endpointId, InstitutionId = institutionId, EventType = eventType, EventId = eventId,
        Payload = JsonSerializer.Serialize(new { id = eventId, type = eventType, created = now, institutionId, data }, Json),
        State = WebhookDeliveryState.Pending, CreatedAt = now,
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never };

    private static async Task<List<EndpointRef>> EndpointsAsync(LaurelDb db, Guid institutionId, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction;
        if (transaction is not null && PerTransaction.TryGetValue(transaction, out var cached) && cached.TryGetValue(institutionId, out var hit)) return hit;
        var found = await db.Set<WebhookEndpoint>().AsNoTracking()
            .Where(e => e.InstitutionId == institutionId && e.IsActive && e.ArchivedAt == null)
            .Select(e => new EndpointRef(e.Id, e.Events)).ToListAsync(ct);
        if (transaction is not null) PerTransaction.GetOrCreateValue(transaction)[institutionId] = found;
        return found;
    }
}
