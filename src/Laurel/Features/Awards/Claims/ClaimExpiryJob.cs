using Laurel.Features.Awards.Events;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Publishing.Status;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Awards.Claims;

/// <summary>
/// Expires awards nobody claimed within the institution's expiry days. Each award is expired by a conditional UPDATE on the state
/// the transition starts from (<see cref="Award.CanDecideClaim"/>), so of several nodes (or a learner accepting at that moment)
/// exactly one decides it.
/// </summary>
public sealed class ClaimExpiryJob(LaurelDb db, AwardPolicy policy, AwardEvents events, StatusListService statusLists)
{
    public async Task<int> RunAsync(DateTime now, CancellationToken ct)
    {
        var count = 0;
        foreach (var settings in await Housekeeping.ClaimSettingsAsync(db, ct))
        {
            var cutoff = now.AddDays(-settings.ExpiryDays);
            var due = await db.Awards.Where(Award.CanDecideClaim).Where(a => a.InstitutionId == settings.InstitutionId && a.IssuedAt <= cutoff)
                .OrderBy(a => a.IssuedAt).Take(Housekeeping.BatchSize).Select(a => a.Id).ToListAsync(ct);
            foreach (var id in due)
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var changed = await db.Awards.Where(Award.CanDecideClaim).Where(a => a.Id == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.State, AwardState.Expired).SetProperty(a => a.ClaimDecidedAt, now)
                        .SetProperty(a => a.UpdatedAt, now).SetProperty(a => a.Version, Award.NextVersion), ct);
                if (changed == 0) continue;
                var award = await db.Awards.AsNoTracking().SingleAsync(a => a.Id == id, ct);
                var achievement = (await policy.FindAchievementAsync(award.AchievementId, ct))!;
                await events.RecordAsync(new AwardChange(award, AwardEventType.Expired)
                {
                    Client = "scheduler", Achievement = achievement, Details = new { settings.ExpiryDays },
                }, ct);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                db.ChangeTracker.Clear();
                // An unclaimed credential must never verify, should a copy exist somewhere.
                await statusLists.SetAsync(award.RevocationListId, award.StatusIndex, true, ct);
                count++;
            }
        }
        return count;
    }
}
