using System.Globalization;
using System.Security.Claims;
using Laurel.Features.Identity;
using Laurel.Features.Recognition.Courses;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Recognition.Decisions;

/// <summary>The exam board's decision on one course of an application, as posted.</summary>
public sealed record DecisionInput(Guid ItemId, int Version, string? Outcome, string? GrantedEc, string? Reason);

/// <summary>What happened: saved (and whether that finished the application), every problem, stale, forbidden or not found. On anything but saved nothing changed.</summary>
public sealed record DecisionOutcome(bool Saved, bool ApplicationDecided = false, Dictionary<string, List<string>>? Errors = null, bool Stale = false,
    bool Forbidden = false, bool NotFound = false);

/// <summary>
/// Records decisions per course (Award right on the course's faculty, checked here). When the last course is decided the
/// application becomes Decided and, in the same unit of work, the audit entries, the learner's e-mail, the webhook deliveries
/// of <c>recognition.decided</c> and the signed decision credential are added: all committed together or none.
/// Two board members deciding at once: the item's and the application's Version make the second one stale.
/// </summary>
public sealed class DecisionService(LaurelDb db, TimeProvider clock, AuditLog audit, RecognitionStaff staff, DecisionNotices notices,
    IStringLocalizer<RecognitionText> t)
{
    public const int MaxReasonLength = 4_000;

    public async Task<DecisionOutcome> DecideAsync(ClaimsPrincipal user, Guid institutionId, Guid applicationId, DecisionInput input, CancellationToken ct)
    {
        var application = await db.Set<ExemptionApplication>().Include(a => a.Items)
            .FirstOrDefaultAsync(a => a.Id == applicationId && a.InstitutionId == institutionId, ct);
        var item = application?.Items.FirstOrDefault(i => i.Id == input.ItemId);
        if (application is null || item is null) return new(false, NotFound: true);
        var course = await db.Set<RecognitionCourse>().AsNoTracking().SingleAsync(c => c.Id == item.CourseId, ct);
        if (!await staff.MayAsync(user, StaffRight.Award, course.FacultyId)) return new(false, Forbidden: true);
        if (application.State != ExemptionApplicationState.Submitted || item.Version != input.Version) return new(false, Stale: true);

        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message) => (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(message);
        ExemptionOutcome? outcome = Enum.TryParse<ExemptionOutcome>(input.Outcome, ignoreCase: false, out var o) && Enum.IsDefined(o) ? o : null;
        if (outcome is null) Add("Outcome", t["Decide_OutcomeRequired"].Value);
        var reason = input.Reason?.Trim() is { Length: > 0 } r ? r : null;
        if (reason is { Length: > MaxReasonLength }) Add("Reason", t["Course_TooLong", MaxReasonLength].Value);
        if (outcome is ExemptionOutcome.Partial or ExemptionOutcome.Refuse && reason is null) Add("Reason", t["Decide_ReasonRequired"].Value);
        decimal? granted = outcome switch { ExemptionOutcome.Grant => course.Ec, _ => null };
        if (outcome == ExemptionOutcome.Partial)
        {
            var text = input.GrantedEc?.Trim().Replace(',', '.');
            if (text is { Length: > 0 and <= 12 } && decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var ec)
                && ec > 0 && ec < course.Ec)
                granted = ec;
            else Add("GrantedEc", t["Decide_GrantedEcRange", course.Ec.ToString("0.##", CultureInfo.CurrentCulture)].Value);
        }
        if (errors.Count > 0) return new(false, Errors: errors);

        var now = clock.GetUtcNow().UtcDateTime;
        (item.Decision, item.DecisionReason, item.GrantedEc, item.DecidedByPersonId, item.DecidedAt) = (outcome, reason, granted, StaffAccess.PersonId(user), now);
        item.Version++;
        // The application's version moves with every decision, so two members deciding its last two courses at once cannot
        // both see "one still open" and leave it undecided: the second save is stale.
        application.Version++;
        audit.Add(user, "recognition.item.decided", nameof(ExemptionItem), item.Id, institutionId,
            new { applicationId, course = course.Code, outcome = outcome.ToString(), grantedEc = granted, reason });
        var finished = application.Items.All(i => i.Decision is not null);
        if (finished)
        {
            application.State = ExemptionApplicationState.Decided;
            application.DecidedAt = now;
            // Every item carries the moment the decision became final: the SIS reads exemptions in (DecidedAt, Id) order, and an
            // item decided earlier must not fall behind a cursor that already passed it.
            foreach (var i in application.Items) i.DecidedAt = now;
            audit.Add(user, "recognition.decided", nameof(ExemptionApplication), application.Id, institutionId,
                new { items = application.Items.Select(i => new { i.Id, outcome = i.Decision.ToString(), i.GrantedEc }) });
            await notices.AddAsync(application, ct);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new(false, Stale: true);
        }
        return new(true, finished);
    }
}
