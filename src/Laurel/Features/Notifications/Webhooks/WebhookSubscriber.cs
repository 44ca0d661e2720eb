using Laurel.Features.Awards.Events;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Notifications.Webhooks;

/// <summary>
/// Adds webhook deliveries for award transitions to the caller's unit of work (transactional outbox): they commit with the change
/// or not at all. Nothing is added when the institution has no active endpoint subscribed to the event. Scoped: the endpoints of
/// an institution are read once per unit of work (a bulk upload asks once, not once per award).
/// </summary>
public sealed class WebhookSubscriber(LaurelDb db, TimeProvider clock, PublicOrigin origin) : IAwardEventSubscriber
{
    private readonly Dictionary<Guid, List<EndpointRef>> _endpoints = [];

    private sealed record EndpointRef(Guid Id, List<string> Events);

    public async Task OnChangesAsync(IReadOnlyList<AwardChange> changes, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        Dictionary<Guid, string>? names = null;
        foreach (var change in changes)
        {
            if (EventType(change.Type) is not { } eventType) continue;
            var award = change.Award;
            var endpoints = (await EndpointsAsync(award.InstitutionId, ct)).Where(e => e.Events.Contains(eventType)).ToList();
            if (endpoints.Count == 0) continue;
            var name = (change.Achievement ?? award.Achievement)?.Name;
            if (name is null)
            {
                names ??= await NamesAsync(changes, ct);
                name = names.GetValueOrDefault(award.AchievementId) ?? "";
            }
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
                achievementName = name,
                state = award.State.ToString(),
                recipientIdentityType = award.RecipientIdentityType,
                issuedAt = award.IssuedAt,
                publicUrl = award.IsPublic ? origin.Url($"/badges/{award.Id}") : null,
                reason = eventType switch
                {
                    WebhookEventTypes.AwardRevoked or WebhookEventTypes.AwardWithdrawn => award.RevocationReason,
                    WebhookEventTypes.AwardSuspended => award.SuspensionReason,
                    _ => null,
                },
            };
            foreach (var endpoint in endpoints) db.Add(WebhookQueue.NewDelivery(endpoint.Id, award.InstitutionId, eventType, eventId, now, data));
        }
    }

    /// <summary>The webhook event of an award transition, or null when integrators are not told (scheduling, cancellation).</summary>
    public static string? EventType(AwardEventType type) => type switch
    {
        AwardEventType.Issued => WebhookEventTypes.AwardIssued,
        AwardEventType.Claimed => WebhookEventTypes.AwardClaimed,
        AwardEventType.Declined => WebhookEventTypes.AwardDeclined,
        AwardEventType.Expired => WebhookEventTypes.AwardExpired,
        AwardEventType.Revoked => WebhookEventTypes.AwardRevoked,
        AwardEventType.Suspended => WebhookEventTypes.AwardSuspended,
        AwardEventType.Reinstated => WebhookEventTypes.AwardReinstated,
        AwardEventType.Withdrawn => WebhookEventTypes.AwardWithdrawn,
        _ => null,
    };

    private async Task<List<EndpointRef>> EndpointsAsync(Guid institutionId, CancellationToken ct)
    {
        if (_endpoints.TryGetValue(institutionId, out var hit)) return hit;
        var found = await db.Set<WebhookEndpoint>().AsNoTracking()
            .Where(e => e.InstitutionId == institutionId && e.IsActive && e.ArchivedAt == null)
            .Select(e => new EndpointRef(e.Id, e.Events)).ToListAsync(ct);
        return _endpoints[institutionId] = found;
    }

    private Task<Dictionary<Guid, string>> NamesAsync(IReadOnlyList<AwardChange> changes, CancellationToken ct)
    {
        var ids = changes.Select(c => c.Award.AchievementId).Distinct().ToList();
        return db.Achievements.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
    }
}
