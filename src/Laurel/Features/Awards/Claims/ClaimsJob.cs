using System.Globalization;
using System.Security.Claims;
using Laurel.Features.Awards.Manage;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Identity;
using Laurel.Features.Publishing.Status;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Laurel.Features.Notifications.Webhooks;

using Achievement = Laurel.Features.Achievements.Achievement;
using Completions = Laurel.Features.Awards.Results;

namespace Laurel.Features.Awards.Claims;

/// <summary>What one run of the job did (<paramref name="Refused"/>: scheduled awards the award rules no longer allowed on their date).</summary>
public sealed record ClaimsJobResult(int Issued, int Reminded, int Expired, int Refused = 0);

/// <summary>
/// Time-driven award work: signs scheduled awards when their date arrives (with that date as issue date) after checking the award
/// rules again, queues claim reminders on the institution's reminder days and expires awards nobody claimed. Several app nodes may
/// run it at once: every item is claimed by a conditional UPDATE (a lease for scheduled awards, a state/counter check for the rest)
/// so exactly one node does it; on PostgreSQL the UPDATE row lock makes a second node wait and then find nothing left to do, on
/// SQLite writes are serialised.
/// </summary>
public sealed class ClaimsJob(LaurelDb db, AwardSigning signing, AwardService awards, ClaimMessages messages, AuditLog audit,
    StatusListService statusLists, Laurel.Features.Backpack.BackpackChanges backpack, Completions.IdempotencyStore idempotency,
    AwardPolicy policy, RecipientResolver recipients, ScheduledAwards scheduled, ILogger<ClaimsJob> log)
{
    public const int BatchSize = 200;
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>Runs everything due at <paramref name="now"/> (the worker passes its clock; tests pass the day they need).</summary>
    public async Task<ClaimsJobResult> RunOnceAsync(DateTime now, CancellationToken ct)
    {
        var (issued, refused) = await IssueScheduledAsync(now, ct);
        var expired = await ExpireAsync(now, ct);
        var reminded = await RemindAsync(now, ct);
        // The awards' periodic housekeeping: results-API idempotency keys are not kept for ever.
        await idempotency.ForgetOldAsync(now, ct);
        return new ClaimsJobResult(issued, reminded, expired, refused);
    }

    private async Task<(int Issued, int Refused)> IssueScheduledAsync(DateTime now, CancellationToken ct)
    {
        var due = await db.Awards.Where(a => a.State == AwardState.Scheduled && a.IssuedAt <= now && (a.LeasedUntil == null || a.LeasedUntil < now))
            .OrderBy(a => a.IssuedAt).Select(a => a.Id).Take(BatchSize).ToListAsync(ct);
        var (issued, refused) = (0, 0);
        foreach (var id in due)
        {
            var leased = await db.Awards.Where(a => a.Id == id && a.State == AwardState.Scheduled && (a.LeasedUntil == null || a.LeasedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.LeasedUntil, now + Lease), ct);
            if (leased == 0) continue; // another node has it, or staff cancelled it just now
            try
            {
                if (await IssueAsync(id, now, ct)) issued++;
                else refused++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The lease runs out and a later run retries; the other awards go on.
                log.LogError(e, "Issuing scheduled award {AwardId} failed", id);
                db.ChangeTracker.Clear();
            }
        }
        return (issued, refused);
    }

    /// <summary>Signs the leased award, or cancels it when the award rules refuse it today; true when it was issued.</summary>
    private async Task<bool> IssueAsync(Guid id, DateTime now, CancellationToken ct)
    {
        var award = await db.Awards.SingleAsync(a => a.Id == id, ct);
        var achievement = (await awards.FindAchievementAsync(award.AchievementId, ct))!;
        var person = await LearnerAsync(award, achievement, ct);
        var refusals = await RecheckAsync(award, person, ct);
        if (refusals.Count > 0)
        {
            await scheduled.RefuseAsync(award, achievement, refusals, now, ct);
            db.ChangeTracker.Clear();
            return false;
        }
        if (award.RecipientPersonId is null && person is not null)
        {
            // Addressed to an e-mail address or EPPN of someone who has signed in since: theirs now, as a direct award would be.
            award.RecipientPersonId = person.Id;
            award.RecipientName = person.DisplayName;
        }
        // The issue date stays the scheduled date, whenever the job gets to it.
        await signing.SignAsync(award, achievement, await signing.PrepareAsync(award.InstitutionId, ct), ct);
        award.State = ClaimRules.StateOnIssue(achievement, person);
        award.Version++;
        award.LeasedUntil = null;
        award.UpdatedAt = now;
        audit.Add(null, "award.issued", nameof(Award), award.Id, award.InstitutionId,
            new { scheduled = true, issuedAt = award.IssuedAt, state = award.State.ToString(), statusIndex = award.StatusIndex }, "scheduler");
        awards.QueueMessage(award, achievement, person);
        await db.QueueWebhookAsync(award, WebhookEventTypes.AwardIssued, ct, achievement.Name);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        if (award.State == AwardState.Issued && person is not null) await backpack.NotifyAsync(person.Id, ct); // e.g. pathway completion
        return true;
    }

    /// <summary>The learner: the one the award names, or for an e-mail address/EPPN the person who has signed in with it since.</summary>
    private async Task<Person?> LearnerAsync(Award award, Achievement achievement, CancellationToken ct)
    {
        if (award.RecipientPersonId is { } pid) return await db.Persons.FirstOrDefaultAsync(p => p.Id == pid && p.ArchivedAt == null, ct);
        RecipientKind? kind = award.RecipientIdentityType switch
        {
            RecipientTypes.EmailAddress => RecipientKind.Email,
            RecipientTypes.Eppn => RecipientKind.Eppn,
            _ => null,
        };
        if (kind is null) return null;
        var institution = achievement.Issuer!.Faculty!.Institution!;
        return (await recipients.ResolveAsync(kind.Value, award.RecipientIdentity, institution.Identifier, ct))?.Person;
    }

    /// <summary>
    /// The award rules that can change between scheduling and the award's date, checked as on that day in Dutch and in English:
    /// the definition may be archived, the learner may hold this version already (bulk upload, results API, an award under
    /// another address), the account may be gone, the institution's start date, EPPN pattern or continuing-education rule may
    /// refuse it. The schedule date itself is no longer a rule. Neither is the awarder's personal right: the award is the
    /// institution's decision about a result the learner earned, taken by someone allowed to take it then; a learner should not
    /// lose it because that person has since left or changed role. Colleagues who disagree cancel it before its date on the
    /// award page, which needs the Award right at that moment.
    /// </summary>
    private async Task<List<AwardCancellationReason>> RecheckAsync(Award award, Person? person, CancellationToken ct)
    {
        var request = new AwardRequest
        {
            AchievementId = award.AchievementId, RecipientPersonId = award.RecipientPersonId ?? person?.Id, RecipientIdentity = award.RecipientIdentity,
            RecipientIdentityType = award.RecipientIdentityType, CompletedOn = award.CompletedOn, Grade = award.Grade, Narrative = award.Narrative,
            Evidence = [.. award.Evidence], Client = "scheduler",
        };
        var nobody = new ClaimsPrincipal(new ClaimsIdentity());
        async Task<List<string>> ReasonsAsync(string language)
        {
            var (ui, culture) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(language);
            try
            {
                var verdict = await policy.CheckExistingAsync(nobody, request, award.Id, ct);
                return [.. verdict.Errors.Where(e => e.Key != AwardPolicy.RightKey).SelectMany(e => e.Value)];
            }
            finally
            {
                (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, culture);
            }
        }
        var nl = await ReasonsAsync("nl");
        if (nl.Count == 0) return [];
        var en = await ReasonsAsync("en");
        return [.. nl.Zip(en, (n, e) => new AwardCancellationReason { Nl = n, En = e })];
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
                        .SetProperty(a => a.UpdatedAt, now).SetProperty(a => a.Version, a => a.Version + 1), ct);
                if (changed == 0) continue;
                var award = await db.Awards.AsNoTracking().SingleAsync(a => a.Id == id, ct);
                var achievement = (await awards.FindAchievementAsync(award.AchievementId, ct))!;
                var person = award.RecipientPersonId is { } pid ? await db.Persons.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pid, ct) : null;
                messages.Queue(ClaimMessageKind.Expired, award, achievement, person);
                audit.Add(null, "award.expired", nameof(Award), id, award.InstitutionId, new { settings.ExpiryDays }, "scheduler");
                await db.QueueWebhookAsync(award, WebhookEventTypes.AwardExpired, ct, achievement.Name);
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
