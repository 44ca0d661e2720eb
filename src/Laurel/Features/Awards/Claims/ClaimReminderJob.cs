using Laurel.Features.Awards.Issuing;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Awards.Claims;

/// <summary>
/// Queues claim reminders on the institution's reminder days (no transition: the award keeps waiting). Each reminder is taken by a
/// conditional UPDATE of the award's reminder counter, so two nodes never send the same one.
/// </summary>
public sealed class ClaimReminderJob(LaurelDb db, AwardPolicy policy, ClaimMessages messages)
{
    public async Task<int> RunAsync(DateTime now, CancellationToken ct)
    {
        var count = 0;
        foreach (var settings in await Housekeeping.ClaimSettingsAsync(db, ct))
        {
            var days = settings.EffectiveReminderDays;
            if (days.Count == 0) continue;
            var firstDue = now.AddDays(-days[0]);
            var candidates = await db.Awards.Where(a => a.InstitutionId == settings.InstitutionId && a.State == AwardState.AwaitingClaim
                    && a.IssuedAt <= firstDue && a.ClaimRemindersSent < days.Count)
                .OrderBy(a => a.IssuedAt).Take(Housekeeping.BatchSize).Select(a => new { a.Id, a.IssuedAt, a.ClaimRemindersSent }).ToListAsync(ct);
            foreach (var c in candidates)
            {
                // Reminders whose day has passed; after downtime the learner gets one reminder, not several at once.
                var passed = days.Count(d => c.IssuedAt.AddDays(d) <= now);
                if (passed <= c.ClaimRemindersSent) continue;
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var changed = await db.Awards.Where(a => a.Id == c.Id && a.State == AwardState.AwaitingClaim && a.ClaimRemindersSent == c.ClaimRemindersSent)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.ClaimRemindersSent, passed).SetProperty(a => a.UpdatedAt, now), ct);
                if (changed == 0) continue;
                var award = await db.Awards.AsNoTracking().SingleAsync(a => a.Id == c.Id, ct);
                var achievement = (await policy.FindAchievementAsync(award.AchievementId, ct))!;
                var person = award.RecipientPersonId is { } pid ? await db.Persons.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pid, ct) : null;
                messages.Queue(ClaimMessageKind.Reminder, award, achievement, person, award.IssuedAt.AddDays(settings.ExpiryDays));
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                db.ChangeTracker.Clear();
                count++;
            }
        }
        return count;
    }
}
