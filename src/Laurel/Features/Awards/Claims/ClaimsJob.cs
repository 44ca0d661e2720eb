using Laurel.Features.Awards.Direct;
using Laurel.Features.Publishing.Status;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Awards.Claims;

/// <summary>What one run of the job did.</summary>
public sealed record ClaimsJobResult(int Issued, int Reminded, int Expired);

/// <summary>
/// Time-driven award work: signs scheduled awards when their date arrives (with that date as issue date), queues claim reminders
/// on the institution's reminder days and expires awards nobody claimed. Several app nodes may run it at once: every item is
/// claimed by a conditional UPDATE (a lease for scheduled awards, a state/counter check for the rest) so exactly one node does it;
/// on PostgreSQL the UPDATE row lock makes a second node wait and then find nothing left to do, on SQLite writes are serialised.
/// </summary>
public sealed class ClaimsJob(LaurelDb db, AwardSigning signing, AwardService awards, ClaimMessages messages, AuditLog audit,
    StatusListService statusLists, Laurel.Features.Backpack.BackpackChanges backpack, Completions.IdempotencyStore idempotency,
    ILogger<ClaimsJob> log)
{
    public const int BatchSize = 200;
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>Runs everything due at <paramref name="now"/> (the worker passes its clock; tests pass the day they need).</summary>
    public async Task<ClaimsJobResult> RunOnceAsync(DateTime now, CancellationToken ct)
    {
        var issued = await IssueScheduledAsync(now, ct);
        var expired = await ExpireAsync(now, ct);
        var reminded = await RemindAsync(now, ct);
        // The awards' periodic housekeeping: results-API idempotency keys are not kept for ever.
        await idempotency.ForgetOldAsync(now, ct);
        return new ClaimsJobResult(issued, reminded, expired);
    }

    private async Task<int> IssueScheduledAsync(DateTime now, CancellationToken ct)
    {
        var due = await db.Awards.Where(a => a.State == AwardState.Scheduled && a.IssuedAt <= now && (a.LeasedUntil == null || a.LeasedUntil < now))
            .OrderBy(a => a.IssuedAt).Select(a => a.Id).Take(BatchSize).ToListAsync(ct);
        var count = 0;
        foreach (var id in due)
        {
            var leased = await db.Awards.Where(a => a.Id == id && a.State == AwardState.Scheduled && (a.LeasedUntil == null || a.LeasedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.LeasedUntil, now + Lease), ct);
            if (leased == 0) continue; // another node has it
            try
            {
                await IssueAsync(id, now, ct);
                count++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The lease runs out and a later run retries; the other awards go on.
                log.LogError(e, "Issuing scheduled award {AwardId} failed", id);
                db.ChangeTracker.Clear();
            }
        }
        return count;
    }

    private async Task IssueAsync(Guid id, DateTime now, CancellationToken ct)
    {
        var award = await db.Awards.SingleAsync(a => a.Id == id, ct);
        var achievement = (await awards.FindAchievementAsync(award.AchievementId, ct))!;
        var person = award.RecipientPersonId is { } pid ? await db.Persons.FirstOrDefaultAsync(p => p.Id == pid && p.ArchivedAt == null, ct) : null;
        // The issue date stays the scheduled date, whenever the job gets to it.
        await signing.SignAsync(award, achievement, await signing.PrepareAsync(award.InstitutionId, ct), ct);
        award.State = ClaimRules.StateOnIssue(achievement, person);
        award.LeasedUntil = null;
        award.UpdatedAt = now;
        audit.Add(null, "award.issued", nameof(Award), award.Id, award.InstitutionId,
            new { scheduled = true, issuedAt = award.IssuedAt, state = award.State.ToString(), statusIndex = award.StatusIndex }, "scheduler");
        awards.QueueMessage(award, achievement, person);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        if (award.State == AwardState.Issued && person is not null) await backpack.NotifyAsync(person.Id, ct); // e.g. pathway completion
    }

    private async Task<int> ExpireAsync(DateTime now, CancellationToken ct)
    {
        var count = 0;
        foreach (var settings in await SettingsAsync(ct))
        {
            var cutoff = now.AddDays(-settings.ExpiryDays);
            var due = await db.Awards.Where(a => a.InstitutionId == settings.InstitutionId && a.State == AwardState.AwaitingClaim && a.IssuedAt <= cutoff)
                .OrderBy(a => a.IssuedAt).Take(BatchSize).Select(a => a.Id).ToListAsync(ct);
            foreach (var id in due)
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var changed = await db.Awards.Where(a => a.Id == id && a.State == AwardState.AwaitingClaim)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.State, AwardState.Expired).SetProperty(a => a.ClaimDecidedAt, now)
                        .SetProperty(a => a.UpdatedAt, now), ct);
                if (changed == 0) continue;
                var award = await db.Awards.AsNoTracking().SingleAsync(a => a.Id == id, ct);
                var achievement = (await awards.FindAchievementAsync(award.AchievementId, ct))!;
                var person = award.RecipientPersonId is { } pid ? await db.Persons.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pid, ct) : null;
                messages.Queue(ClaimMessageKind.Expired, award, achievement, person);
                audit.Add(null, "award.expired", nameof(Award), id, award.InstitutionId, new { settings.ExpiryDays }, "scheduler");
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

    private async Task<int> RemindAsync(DateTime now, CancellationToken ct)
    {
        var count = 0;
        foreach (var settings in await SettingsAsync(ct))
        {
            var days = settings.EffectiveReminderDays;
            if (days.Count == 0) continue;
            var firstDue = now.AddDays(-days[0]);
            var candidates = await db.Awards.Where(a => a.InstitutionId == settings.InstitutionId && a.State == AwardState.AwaitingClaim
                    && a.IssuedAt <= firstDue && a.ClaimRemindersSent < days.Count)
                .OrderBy(a => a.IssuedAt).Take(BatchSize).Select(a => new { a.Id, a.IssuedAt, a.ClaimRemindersSent }).ToListAsync(ct);
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
                var achievement = (await awards.FindAchievementAsync(award.AchievementId, ct))!;
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

    /// <summary>Settings of every institution with unclaimed awards (defaults where it has none).</summary>
    private async Task<List<ClaimSettings>> SettingsAsync(CancellationToken ct)
    {
        var institutions = await db.Awards.Where(a => a.State == AwardState.AwaitingClaim).Select(a => a.InstitutionId).Distinct().ToListAsync(ct);
        var stored = await db.ClaimSettings.AsNoTracking().Where(s => institutions.Contains(s.InstitutionId)).ToDictionaryAsync(s => s.InstitutionId, ct);
        return [.. institutions.Select(id => stored.GetValueOrDefault(id) ?? ClaimSettings.Defaults(id))];
    }
}
