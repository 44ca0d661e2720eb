using Laurel.Features.Awards.Claims;
using Laurel.Features.Notifications;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Awards.Events;

/// <summary>
/// The learner's e-mail for the transitions that send one (through the outbox, in the caller's unit of work): awarded or waiting
/// for a claim, expired, revoked, suspended, reinstated. Learners the caller did not pass are read in one query per call.
/// (The awarder's e-mail for a scheduled award refused on its date stays with <see cref="Manage.ScheduledAwards"/>.)
/// </summary>
public sealed class AwardMailSubscriber(LaurelDb db, NotificationService notifications, ClaimMessages claimMessages) : IAwardEventSubscriber
{
    public async Task OnChangesAsync(IReadOnlyList<AwardChange> changes, CancellationToken ct)
    {
        var mailing = changes.Where(Mails).ToList();
        if (mailing.Count == 0) return;
        var missing = mailing.Where(c => c.Learner is null && c.Award.RecipientPersonId is not null).Select(c => c.Award.RecipientPersonId!.Value)
            .Distinct().ToList();
        var learners = missing.Count == 0 ? [] : await db.Persons.AsNoTracking().Where(p => missing.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var definitions = await DefinitionsAsync(mailing, ct);
        foreach (var change in mailing)
        {
            var award = change.Award;
            var learner = change.Learner ?? (award.RecipientPersonId is { } id ? learners.GetValueOrDefault(id) : null);
            var achievement = definitions[award.AchievementId];
            switch (change.Type)
            {
                case AwardEventType.Issued when award.State == AwardState.Issued:
                    notifications.QueueAwardMessage(NotificationKind.AwardIssued, award, achievement, learner, reason: null);
                    break;
                case AwardEventType.Issued:
                    claimMessages.Queue(ClaimMessageKind.Waiting, award, achievement, learner);
                    break;
                case AwardEventType.Expired:
                    claimMessages.Queue(ClaimMessageKind.Expired, award, achievement, learner);
                    break;
                default:
                    notifications.QueueAwardMessage(change.Type switch
                    {
                        AwardEventType.Revoked => NotificationKind.AwardRevoked,
                        AwardEventType.Suspended => NotificationKind.AwardSuspended,
                        _ => NotificationKind.AwardReinstated,
                    }, award, achievement, learner, change.Reason);
                    break;
            }
        }
    }

    private static bool Mails(AwardChange c) => c.Type is AwardEventType.Issued or AwardEventType.Expired or AwardEventType.Revoked
        or AwardEventType.Suspended or AwardEventType.Reinstated;

    // The mails name the issuer and institution: definitions the caller did not pass are read with them, once per definition.
    private async Task<Dictionary<Guid, Laurel.Features.Achievements.Achievement>> DefinitionsAsync(List<AwardChange> changes, CancellationToken ct)
    {
        var known = new Dictionary<Guid, Laurel.Features.Achievements.Achievement>();
        foreach (var c in changes)
            if ((c.Achievement ?? c.Award.Achievement) is { } a) known.TryAdd(a.Id, a);
        var missing = changes.Select(c => c.Award.AchievementId).Where(id => !known.ContainsKey(id)).Distinct().ToList();
        if (missing.Count > 0)
            foreach (var a in await db.Achievements.AsNoTracking().Include(a => a.Issuer!).ThenInclude(i => i.Faculty!).ThenInclude(f => f.Institution)
                         .Where(a => missing.Contains(a.Id)).ToListAsync(ct))
                known[a.Id] = a;
        return known;
    }
}
