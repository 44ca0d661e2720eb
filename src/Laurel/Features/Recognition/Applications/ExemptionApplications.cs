using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Recognition.Applications;

/// <summary>What the learner chose on the apply page: badge keys (<c>award:</c>/<c>import:</c>/<c>wallet:{id}</c>), course ids, motivation.</summary>
public sealed record ApplicationForm(IReadOnlyList<string> Badges, IReadOnlyList<Guid> Courses, string? Motivation);

/// <summary>An institution that takes applications (it has at least one course that is not archived).</summary>
public sealed record InstitutionChoice(Guid Id, string NameNl, string NameEn, int Courses)
{
    public string Name(string language) => language == "nl" ? NameNl : NameEn;
}

/// <summary>
/// The learner's side of an exemption application: start a draft at an institution, save the chosen badges (verified now) and
/// courses with the proposals the rules make, submit, withdraw. Only the owner reaches an application: everyone else gets null.
/// </summary>
public sealed class ExemptionApplications(LaurelDb db, BackpackChoices choices, TimeProvider clock, IStringLocalizer<ApplicationsText> t)
{
    public const int MaxBadges = 20;
    public const int MaxCourses = 30;
    public const int MaxMotivation = 4_000;

    public async Task<List<InstitutionChoice>> InstitutionsAsync(CancellationToken ct)
    {
        var rows = await db.Institutions.AsNoTracking().Where(i => i.ArchivedAt == null)
            .Select(i => new { i.Id, i.NameNl, i.NameEn, Courses = db.Set<RecognitionCourse>().Count(c => c.InstitutionId == i.Id && c.ArchivedAt == null) })
            .Where(i => i.Courses > 0).OrderBy(i => i.NameEn).ToListAsync(ct);
        return [.. rows.Select(i => new InstitutionChoice(i.Id, i.NameNl, i.NameEn, i.Courses))];
    }

    public Task<List<RecognitionCourse>> CoursesAsync(Guid institutionId, CancellationToken ct) =>
        db.Set<RecognitionCourse>().AsNoTracking().Where(c => c.InstitutionId == institutionId && c.ArchivedAt == null)
            .OrderBy(c => c.Programme).ThenBy(c => c.Code).ToListAsync(ct);

    /// <summary>The person's own applications, newest first.</summary>
    public Task<List<ExemptionApplication>> MineAsync(Guid personId, CancellationToken ct) =>
        db.Set<ExemptionApplication>().AsNoTracking().Include(a => a.Items).Where(a => a.PersonId == personId)
            .OrderByDescending(a => a.CreatedAt).Take(200).ToListAsync(ct);

    /// <summary>One application with its badges and items, only when it is the person's (else null: the page answers 404).</summary>
    public Task<ExemptionApplication?> FindAsync(Guid personId, Guid applicationId, CancellationToken ct, bool tracking = false)
    {
        var query = db.Set<ExemptionApplication>().Include(a => a.Badges).Include(a => a.Items).AsSplitQuery();
        return (tracking ? query : query.AsNoTracking()).SingleOrDefaultAsync(a => a.Id == applicationId && a.PersonId == personId, ct);
    }

    /// <summary>A new draft at an institution that takes applications; null when it does not.</summary>
    public async Task<ExemptionApplication?> StartAsync(Guid personId, Guid institutionId, CancellationToken ct)
    {
        if (!await db.Set<RecognitionCourse>().AnyAsync(c => c.InstitutionId == institutionId && c.ArchivedAt == null, ct)) return null;
        var application = new ExemptionApplication
        {
            Id = Guid.CreateVersion7(), InstitutionId = institutionId, PersonId = personId, State = ExemptionApplicationState.Draft,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(application);
        await db.SaveChangesAsync(ct);
        return application;
    }

    /// <summary>
    /// Saves a draft: the chosen backpack badges verified now (a badge that is not valid or not the learner's is refused, with the
    /// reason), wallet badges kept or dropped, the chosen courses with fresh proposals. Every problem at once; nothing saved on any.
    /// With <paramref name="complete"/> (review, submit) at least one badge and one course are required.
    /// </summary>
    public async Task<Problems?> SaveAsync(Guid personId, Guid applicationId, ApplicationForm form, bool complete, CancellationToken ct)
    {
        var application = await FindAsync(personId, applicationId, ct, tracking: true);
        if (application is not { State: ExemptionApplicationState.Draft }) return null;
        var problems = new Problems();
        var badgeKeys = form.Badges.Where(k => !string.IsNullOrWhiteSpace(k)).Distinct(StringComparer.Ordinal).ToList();
        var chosen = new List<ApplicationBadge>();
        if (badgeKeys.Count > MaxBadges) problems.Add("Badges", t["Error_TooManyBadges", MaxBadges].Value);
        else
        {
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var key in badgeKeys)
            {
                if (!BackpackChoices.TryParse(key, out var source, out var id)) { problems.Add("Badges", t["Error_BadgeNotYours"].Value); continue; }
                if (source == ApplicationBadgeSource.Wallet)
                {
                    if (application.Badges.FirstOrDefault(b => b.Id == id && b.Source == ApplicationBadgeSource.Wallet) is { } wallet) chosen.Add(wallet);
                    else problems.Add("Badges", t["Error_BadgeNotYours"].Value);
                    continue;
                }
                var choice = await choices.FindAsync(personId, key, ct);
                if (choice is null) { problems.Add("Badges", t["Error_BadgeNotYours"].Value); continue; }
                if (!choice.Usable)
                {
                    problems.Add("Badges", t["Error_BadgeUnusable", choice.Credential.Facts.AchievementName, BackpackChoices.WhyNot(choice.Credential, t)].Value);
                    continue;
                }
                var existing = application.Badges.FirstOrDefault(b => b.Source == source && (b.AwardId ?? b.ImportId) == id);
                var badge = existing ?? new ApplicationBadge
                {
                    Id = Guid.CreateVersion7(), ApplicationId = application.Id, Source = source,
                    AwardId = source == ApplicationBadgeSource.Award ? id : null, ImportId = source == ApplicationBadgeSource.Import ? id : null,
                };
                (badge.Format, badge.Facts, badge.Checks, badge.VerifiedAt) = (Clip(choice.Credential.Format), choice.Credential.Facts, [.. choice.Credential.Checks], now);
                chosen.Add(badge);
            }
        }
        if (complete && badgeKeys.Count == 0) problems.Add("Badges", t["Error_NoBadges"].Value);

        var courseIds = form.Courses.Distinct().ToList();
        var courses = await db.Set<RecognitionCourse>().AsNoTracking()
            .Where(c => courseIds.Contains(c.Id) && c.InstitutionId == application.InstitutionId && c.ArchivedAt == null).ToListAsync(ct);
        if (courseIds.Count > MaxCourses) problems.Add("Courses", t["Error_TooManyCourses", MaxCourses].Value);
        else if (courses.Count != courseIds.Count) problems.Add("Courses", t["Error_CourseUnknown"].Value);
        if (complete && courseIds.Count == 0) problems.Add("Courses", t["Error_NoCourses"].Value);

        var motivation = string.IsNullOrWhiteSpace(form.Motivation) ? null : form.Motivation.Trim();
        if (motivation is { Length: > MaxMotivation }) problems.Add("Motivation", t["Error_MotivationLength", MaxMotivation].Value);
        if (problems.Any) return problems;

        foreach (var gone in application.Badges.Where(b => !chosen.Contains(b)).ToList()) db.Remove(gone);
        foreach (var badge in chosen.Where(b => !application.Badges.Contains(b))) db.Add(badge);
        foreach (var gone in application.Items.Where(i => !courseIds.Contains(i.CourseId)).ToList()) db.Remove(gone);
        foreach (var course in courses.OrderBy(c => courseIds.IndexOf(c.Id)))
        {
            var item = application.Items.FirstOrDefault(i => i.CourseId == course.Id);
            if (item is null)
            {
                item = new ExemptionItem { Id = Guid.CreateVersion7(), ApplicationId = application.Id, CourseId = course.Id };
                db.Add(item);
            }
            ExemptionProposals.Apply(item, course, chosen);
        }
        application.Motivation = motivation;
        application.Version++;
        await db.SaveChangesAsync(ct);
        return problems;
    }

    /// <summary>
    /// Submits a draft: the badges are verified again and the proposals made again first (a badge revoked since the review is
    /// caught here), then State Submitted. Problems (or null when the draft is not the person's or not a draft).
    /// </summary>
    public async Task<Problems?> SubmitAsync(Guid personId, Guid applicationId, CancellationToken ct)
    {
        var current = await FindAsync(personId, applicationId, ct);
        if (current is not { State: ExemptionApplicationState.Draft }) return null;
        var form = new ApplicationForm([.. current.Badges.Select(FormKey)], [.. current.Items.Select(i => i.CourseId)], current.Motivation);
        db.ChangeTracker.Clear();
        var problems = await SaveAsync(personId, applicationId, form, complete: true, ct);
        if (problems is null || problems.Any) return problems;
        db.ChangeTracker.Clear();
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.Set<ExemptionApplication>()
            .Where(a => a.Id == applicationId && a.PersonId == personId && a.State == ExemptionApplicationState.Draft)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.State, ExemptionApplicationState.Submitted).SetProperty(a => a.SubmittedAt, now)
                .SetProperty(a => a.Version, a => a.Version + 1), ct);
        return changed == 1 ? problems : null;
    }

    /// <summary>Withdraws a submitted application no course of which has been decided yet; false otherwise (nothing changes).</summary>
    public async Task<bool> WithdrawAsync(Guid personId, Guid applicationId, CancellationToken ct)
    {
        var changed = await db.Set<ExemptionApplication>()
            .Where(a => a.Id == applicationId && a.PersonId == personId && a.State == ExemptionApplicationState.Submitted
                && !a.Items.Any(i => i.Decision != null))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.State, ExemptionApplicationState.Withdrawn).SetProperty(a => a.Version, a => a.Version + 1), ct);
        return changed == 1;
    }

    /// <summary>Deletes a draft (nothing was sent to anyone yet).</summary>
    public async Task<bool> DiscardAsync(Guid personId, Guid applicationId, CancellationToken ct) =>
        await db.Set<ExemptionApplication>()
            .Where(a => a.Id == applicationId && a.PersonId == personId && a.State == ExemptionApplicationState.Draft)
            .ExecuteDeleteAsync(ct) == 1;

    /// <summary>The form key of a stored badge (what the apply page's checkbox posts).</summary>
    public static string FormKey(ApplicationBadge badge) =>
        BackpackChoices.Key(badge.Source, badge.Source == ApplicationBadgeSource.Wallet ? badge.Id : (badge.AwardId ?? badge.ImportId ?? badge.Id));

    private static string? Clip(string? format) => format is { Length: > 16 } ? format[..16] : format;
}
