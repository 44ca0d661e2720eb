using System.Text.RegularExpressions;
using Laurel.Features.Identity;
using Laurel.Features.Institutions;
using Laurel.Features.Presentations;
using Laurel.Features.Recognition.Courses;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Recognition.Decisions;

/// <summary>
/// One application for the exam board: the learner, their motivation, every badge with its facts and a live status check (a
/// badge revoked after the decision shows as revoked), and per course the proposal with its reasons and the decision form.
/// Viewing needs View on a faculty of one of its courses; deciding a course needs Award on that course's faculty.
/// </summary>
[Authorize]
public sealed class DecideModel(RecognitionStaff staff, DecisionService decisions, ApplicationBadgeChecks checks, LaurelDb db) : PageModel
{
    public Institution Institution { get; private set; } = null!;
    public ExemptionApplication Application { get; private set; } = null!;
    public Person Learner { get; private set; } = null!;
    public string? Eppn { get; private set; }
    public Dictionary<Guid, RecognitionCourse> Courses { get; private set; } = [];
    public HashSet<Guid> Decidable { get; private set; } = [];
    public Dictionary<Guid, IReadOnlyList<PresentedCheck>> LiveChecks { get; private set; } = [];
    public Dictionary<Guid, string> DeciderNames { get; private set; } = [];

    /// <summary>The item whose form has problems (shown again as posted), its errors, or a stale-decision message.</summary>
    public Guid? FormItem { get; private set; }
    public DecisionInput? Posted { get; private set; }
    public Dictionary<string, List<string>> Errors { get; private set; } = [];
    public bool Stale { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid institutionId, Guid applicationId, CancellationToken ct) =>
        await LoadAsync(institutionId, applicationId, ct) ?? Page();

    public async Task<IActionResult> OnPostDecideAsync(Guid institutionId, Guid applicationId, Guid itemId, int version, string? outcome, string? grantedEc,
        string? reason, CancellationToken ct)
    {
        if (await LoadAsync(institutionId, applicationId, ct) is { } refusal) return refusal;
        var input = new DecisionInput(itemId, version, outcome, grantedEc, reason);
        var result = await decisions.DecideAsync(User, institutionId, applicationId, input, ct);
        if (result.NotFound) return NotFound();
        if (result.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        if (result.Saved)
        {
            TempData["Notice"] = result.ApplicationDecided ? "Notice_ApplicationDecided" : "Notice_ItemDecided";
            return Redirect(RecognitionRoutes.Decide(institutionId, applicationId));
        }
        (FormItem, Posted, Errors, Stale) = (itemId, input, result.Errors ?? [], result.Stale);
        // What the other member decided meanwhile is shown, with the form as this member posted it.
        if (Stale && await LoadAsync(institutionId, applicationId, ct) is { } gone) return gone;
        Response.StatusCode = Stale ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid institutionId, Guid applicationId, CancellationToken ct)
    {
        if (await staff.RequireMemberAsync(User, institutionId, ct) is { } refusal) return refusal;
        db.ChangeTracker.Clear();
        var application = await db.Set<ExemptionApplication>().AsNoTracking().Include(a => a.Items).Include(a => a.Badges).AsSplitQuery()
            .FirstOrDefaultAsync(a => a.Id == applicationId && a.InstitutionId == institutionId && a.State != ExemptionApplicationState.Draft, ct);
        if (application is null) return NotFound();
        var courseIds = application.Items.Select(i => i.CourseId).ToList();
        Courses = await db.Set<RecognitionCourse>().AsNoTracking().Where(c => courseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var visible = false;
        foreach (var facultyId in Courses.Values.Select(c => c.FacultyId).Distinct())
        {
            if (await staff.MayAsync(User, StaffRight.View, facultyId)) visible = true;
            if (await staff.MayAsync(User, StaffRight.Award, facultyId)) Decidable.Add(facultyId);
        }
        if (!visible) return StatusCode(StatusCodes.Status403Forbidden);
        Application = application;
        Institution = await db.Institutions.AsNoTracking().SingleAsync(i => i.Id == institutionId, ct);
        Learner = await db.Persons.AsNoTracking().SingleAsync(p => p.Id == application.PersonId, ct);
        Eppn = await EppnAtAsync(db, Learner.Id, Institution, ct);
        var deciders = application.Items.Select(i => i.DecidedByPersonId).OfType<Guid>().Distinct().ToList();
        DeciderNames = await db.Persons.AsNoTracking().Where(p => deciders.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.DisplayName, ct);
        LiveChecks = await checks.RecheckAllAsync(applicationId, ct);
        return null;
    }

    /// <summary>The EPPN of the learner's linked account at this institution (home organisation or the institution's EPPN pattern), if any.</summary>
    public static async Task<string?> EppnAtAsync(LaurelDb db, Guid personId, Institution institution, CancellationToken ct)
    {
        var linked = await db.LinkedIdentities.AsNoTracking().Where(i => i.PersonId == personId && i.Eppn != null)
            .Select(i => new { i.Eppn, i.HomeOrganisation }).ToListAsync(ct);
        return linked.FirstOrDefault(i => string.Equals(i.HomeOrganisation, institution.Identifier, StringComparison.OrdinalIgnoreCase)
            || i.Eppn!.EndsWith("@" + institution.Identifier, StringComparison.OrdinalIgnoreCase)
            || institution.EppnPattern is { Length: > 0 } p && Regex.IsMatch(i.Eppn, p, RegexOptions.None, TimeSpan.FromMilliseconds(50)))?.Eppn;
    }
}
