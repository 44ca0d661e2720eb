using System.Globalization;
using System.Security.Claims;
using Laurel.Features.Awards.Events;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Awards.Manage;
using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Features.Awards.Claims;

/// <summary>
/// Signs scheduled awards when their date arrives (with that date as issue date) after checking the award rules again, or cancels
/// them when the rules refuse them on that day. Several nodes may run it at once: each award is leased by a conditional UPDATE
/// first, so exactly one node signs it.
/// </summary>
public sealed class ScheduledAwardJob(LaurelDb db, AwardSigning signing, AwardEvents events, AwardPolicy policy,
    RecipientResolver recipients, ScheduledAwards scheduled, ILogger<ScheduledAwardJob> log)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    public async Task<(int Issued, int Refused)> RunAsync(DateTime now, CancellationToken ct)
    {
        var due = await db.Awards.Where(Award.CanIssueScheduled).Where(a => a.IssuedAt <= now && (a.LeasedUntil == null || a.LeasedUntil < now))
            .OrderBy(a => a.IssuedAt).Select(a => a.Id).Take(Housekeeping.BatchSize).ToListAsync(ct);
        var (issued, refused) = (0, 0);
        foreach (var id in due)
        {
            var leased = await db.Awards.Where(Award.CanIssueScheduled).Where(a => a.Id == id && (a.LeasedUntil == null || a.LeasedUntil < now))
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
        var achievement = (await policy.FindAchievementAsync(award.AchievementId, ct))!;
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
        if (award.Issue(ClaimRules.StateOnIssue(achievement, person), now).Count > 0) return false; // cancelled meanwhile
        await events.RecordAsync(new AwardChange(award, AwardEventType.Issued)
        {
            Client = "scheduler", Achievement = achievement, Learner = person,
            Details = new { scheduled = true, issuedAt = award.IssuedAt, state = award.State.ToString(), statusIndex = award.StatusIndex },
        }, ct);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
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
}
