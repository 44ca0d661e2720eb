using System.Globalization;
using System.Security.Claims;
using Laurel.Features.Awards.Events;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Notifications;
using Laurel.Features.Publishing.Status;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Features.Awards.Manage;

/// <summary>
/// Ends scheduled awards before anything is signed: staff cancel one before its date, or the scheduled-award job finds on that
/// date that the award rules no longer allow it. Either way the award becomes <see cref="AwardState.Cancelled"/> (final, counted
/// in staff overviews, never shown to the learner), its reasons are stored in Dutch and English and audited; for a refusal
/// the awarder who scheduled it is told by e-mail in their language, through the outbox in the same unit of work.
/// </summary>
public sealed class ScheduledAwards(LaurelDb db, TimeProvider clock, AwardEvents events, StatusListService statusLists, PublicOrigin origin,
    IStringLocalizer<ScheduledText> t, AwardPolicy policy)
{
    public const int MaxReasonLength = RevokeAndSuspend.MaxReasonLength;

    /// <summary>Staff cancel a scheduled award; returns every problem (field → messages) or none. The awarder's Award right is
    /// checked here (<see cref="AwardPolicy.MayChangeAsync"/>): a refusal answers only <see cref="AwardPolicy.RightKey"/>.</summary>
    public async Task<Dictionary<string, List<string>>> CancelAsync(Awarder awarder, Award award, string? reason, CancellationToken ct)
    {
        if (!await policy.MayChangeAsync(awarder, award, ct)) return policy.Refused();
        var actor = awarder.Principal;
        var errors = new Dictionary<string, List<string>>();
        var text = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (award.State != AwardState.Scheduled) errors["Action"] = [t["Cancel_NotScheduled"].Value];
        if (text is { Length: > MaxReasonLength }) errors["Reason"] = [t["Cancel_TooLong", MaxReasonLength].Value];
        if (errors.Count > 0) return errors;

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Conditional on the state and on no job holding the award, so a cancel and the job on the award's date never both win.
        var changed = await db.Awards.Where(Award.CanCancel).Where(a => a.Id == award.Id && (a.LeasedUntil == null || a.LeasedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.State, AwardState.Cancelled).SetProperty(a => a.CancelledAt, now).SetProperty(a => a.UpdatedAt, now), ct);
        if (changed == 0) return new() { ["Action"] = [t["Cancel_NotScheduled"].Value] };

        var name = actor.FindFirstValue(ClaimTypes.Name);
        AwardCancellationReason byStaff = new()
        {
            Nl = Text("nl", name, text), En = Text("en", name, text),
        };
        // The conditional UPDATE above left the version alone: this save checks it and moves it on, so a concurrent tracked
        // transition of the same award (decided on the old version) fails.
        award.Cancel(now, [byStaff]);
        await events.RecordAsync(new AwardChange(award, AwardEventType.Cancelled)
        {
            Actor = actor, Details = new { scheduledFor = award.IssuedAt, reason = text }, Achievement = award.Achievement,
        }, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await NeverValidAsync(award, ct);
        return [];
    }

    /// <summary>
    /// The job's refusal on the award's date: <paramref name="award"/> is tracked and leased by the caller; saves the cancelled
    /// award, its audit entry and the awarder's e-mail together.
    /// </summary>
    public async Task RefuseAsync(Award award, Achievement achievement, IReadOnlyList<AwardCancellationReason> reasons, DateTime now, CancellationToken ct)
    {
        award.Cancel(now, reasons);
        await events.RecordAsync(new AwardChange(award, AwardEventType.Refused)
        {
            Client = "scheduler", Achievement = achievement, Details = new
            {
                scheduledFor = award.IssuedAt, awardedByPersonId = award.AwardedByPersonId, reasons = reasons.Select(r => r.En).ToArray(),
            },
        }, ct);
        await QueueAwarderMessageAsync(award, achievement, reasons, ct);
        await db.SaveChangesAsync(ct);
        await NeverValidAsync(award, ct);
    }

    // Scheduled awards take no status index (they are signed on their date); should one ever hold one, it must never verify.
    private async Task NeverValidAsync(Award award, CancellationToken ct)
    {
        if (award.RevocationListId != Guid.Empty) await statusLists.SetAsync(award.RevocationListId, award.StatusIndex, true, ct);
    }

    private async Task QueueAwarderMessageAsync(Award award, Achievement achievement, IReadOnlyList<AwardCancellationReason> reasons, CancellationToken ct)
    {
        if (award.AwardedByPersonId is not { } awarderId) return;
        var awarder = await db.Persons.AsNoTracking().FirstOrDefaultAsync(p => p.Id == awarderId && p.ArchivedAt == null, ct);
        if (awarder?.Email is not { Length: > 0 } address) return;
        // The awarder's own choice first, then the institution's default language, then Dutch.
        var language = (awarder.Language ?? achievement.Issuer?.Faculty?.Institution?.DefaultLanguage) is "en" ? "en" : "nl";
        var culture = CultureInfo.GetCultureInfo(language);
        var (subject, text, html) = InCulture(language, () =>
        {
            object?[] values =
            [
                achievement.Name, awarder.GivenName ?? awarder.DisplayName ?? t["StaffFallbackName"].Value, award.RecipientName ?? award.RecipientIdentity,
                origin.Url($"/manage/awards/{award.Id}"), string.Join("\n", reasons.Select(r => "- " + r.In(language))),
                DateOnly.FromDateTime(award.IssuedAt).ToString("d MMMM yyyy", culture),
            ];
            var (body, htmlBody) = MailRenderer.Body(t["Mail_Refused_Body"].Value, culture, values, linkIndex: 3);
            return (MailRenderer.Subject(t["Mail_Refused_Subject"].Value, culture, values), body, htmlBody);
        });
        db.OutboxMessages.Add(new OutboxMessage
        {
            Id = Guid.CreateVersion7(), Kind = NotificationKind.ScheduledAwardRefused, RecipientAddress = address.Trim(), Language = language,
            Subject = subject, TextBody = text, HtmlBody = html, RelatedEntityId = award.Id, InstitutionId = award.InstitutionId,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
    }

    private string Text(string language, string? name, string? reason) => InCulture(language, () =>
    {
        var who = string.IsNullOrWhiteSpace(name) ? t["StaffFallbackName"].Value : name;
        return reason is null ? t["Reason_CancelledBy", who].Value : t["Reason_CancelledByBecause", who, reason].Value;
    });

    /// <summary>Runs <paramref name="work"/> with nl or en as the current (UI) culture, e.g. to render a text in both languages.</summary>
    public static T InCulture<T>(string language, Func<T> work)
    {
        var (ui, culture) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(language);
        try
        {
            return work();
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, culture);
        }
    }
}
