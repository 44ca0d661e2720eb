using Laurel.Infrastructure.Auditing;

namespace Laurel.Features.Awards.Events;

/// <summary>One audit entry per transition, with the typed action of its event and the details the caller gave.</summary>
public sealed class AwardAuditSubscriber(AuditLog audit) : IAwardEventSubscriber
{
    public Task OnChangesAsync(IReadOnlyList<AwardChange> changes, CancellationToken ct)
    {
        foreach (var change in changes)
            audit.Add(change.Actor, Action(change.Type), nameof(Award), change.Award.Id, change.Award.InstitutionId, change.Details, change.Client);
        return Task.CompletedTask;
    }

    public static string Action(AwardEventType type) => type switch
    {
        AwardEventType.Issued => AuditActions.AwardIssued,
        AwardEventType.Scheduled => AuditActions.AwardScheduled,
        AwardEventType.Claimed => AuditActions.AwardClaimed,
        AwardEventType.Declined => AuditActions.AwardDeclined,
        AwardEventType.Expired => AuditActions.AwardExpired,
        AwardEventType.Revoked => AuditActions.AwardRevoked,
        AwardEventType.Suspended => AuditActions.AwardSuspended,
        AwardEventType.Reinstated => AuditActions.AwardReinstated,
        AwardEventType.Cancelled => AuditActions.AwardScheduledCancelled,
        AwardEventType.Refused => AuditActions.AwardScheduledRefused,
        AwardEventType.Withdrawn => AuditActions.AwardWithdrawn,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
