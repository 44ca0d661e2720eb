using Laurel.Infrastructure.Database;

namespace Laurel.Features.Awards.Events;

/// <summary>
/// The one place an award transition's side effects start. Every path that changes an award's state calls <see cref="RecordAsync"/>
/// once per transition, after the transition method on <see cref="Award"/> and before its own SaveChanges (same transaction). It adds
/// a durable <see cref="AwardEvent"/> row (the worker turns it into pathway evaluation after the commit) and lets every
/// <see cref="IAwardEventSubscriber"/> add its rows (audit entry, e-mail, webhook deliveries). A new side effect is a new subscriber.
/// </summary>
public sealed class AwardEvents(LaurelDb db, TimeProvider clock, IEnumerable<IAwardEventSubscriber> subscribers)
{
    public Task RecordAsync(AwardChange change, CancellationToken ct) => RecordAsync([change], ct);

    /// <summary>The batch form (bulk upload): one call per batch, so subscribers look things up once per batch.</summary>
    public async Task RecordAsync(IReadOnlyList<AwardChange> changes, CancellationToken ct)
    {
        if (changes.Count == 0) return;
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var change in changes)
        {
            var award = change.Award;
            db.Add(new AwardEvent
            {
                Id = Guid.CreateVersion7(), AwardId = award.Id, PersonId = award.RecipientPersonId, AchievementId = award.AchievementId,
                InstitutionId = award.InstitutionId, Type = change.Type, OccurredAt = now,
            });
        }
        foreach (var subscriber in subscribers) await subscriber.OnChangesAsync(changes, ct);
    }
}
