using Laurel.Features.Identity;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Recognition.Courses;

/// <summary>Create or change a course and its rules (ManageAchievements on its faculty); archive or restore it.</summary>
[Authorize]
public sealed class EditModel(RecognitionStaff staff, CourseService courses, LaurelDb db) : PageModel
{
    [BindProperty] public CourseInput Input { get; set; } = new();

    public Institution Institution { get; private set; } = null!;
    public RecognitionCourse? Current { get; private set; }
    public List<Faculty> Faculties { get; private set; } = [];
    public Dictionary<string, List<string>> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid institutionId, Guid? courseId, CancellationToken ct)
    {
        if (await LoadAsync(institutionId, courseId, ct) is { } refusal) return refusal;
        if (Current is not null) Input = CourseInput.From(Current);
        return Show();
    }

    public async Task<IActionResult> OnPostAsync(Guid institutionId, Guid? courseId, CancellationToken ct)
    {
        if (await LoadAsync(institutionId, courseId, ct) is { } refusal) return refusal;
        var outcome = await courses.SaveAsync(User, institutionId, Current, Input, ct);
        if (outcome.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        if (outcome.Saved is { } saved)
        {
            TempData["Notice"] = "Notice_CourseSaved";
            return Redirect(CourseRoutes.Edit(institutionId, saved.Id));
        }
        Errors = outcome.Errors;
        // Rows are numbered as kept (blank and removed rows dropped), so the form shows exactly those rows again.
        Input.Rules = [.. Input.Rules.Where(r => !r.Remove && !r.IsBlank)];
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Show();
    }

    public Task<IActionResult> OnPostArchiveAsync(Guid institutionId, Guid? courseId, CancellationToken ct) => SetArchivedAsync(institutionId, courseId, true, ct);

    public Task<IActionResult> OnPostRestoreAsync(Guid institutionId, Guid? courseId, CancellationToken ct) => SetArchivedAsync(institutionId, courseId, false, ct);

    private async Task<IActionResult> SetArchivedAsync(Guid institutionId, Guid? courseId, bool archived, CancellationToken ct)
    {
        if (await LoadAsync(institutionId, courseId, ct) is { } refusal) return refusal;
        if (Current is null) return NotFound();
        if (!await courses.SetArchivedAsync(User, Current, archived, ct)) return StatusCode(StatusCodes.Status403Forbidden);
        TempData["Notice"] = archived ? "Notice_CourseArchived" : "Notice_CourseRestored";
        return Redirect(CourseRoutes.Edit(institutionId, Current.Id));
    }

    private IActionResult Show()
    {
        Input.Rules = [.. Input.Rules.Where(r => !r.IsBlank)];
        if (Input.Rules.Count < CourseRules.MaxRules) Input.Rules.Add(new RuleInput());
        return Page();
    }

    /// <summary>Sign-in, 404 (unknown institution or course), or 403 (no ManageAchievements on the course's faculty, or on any faculty for a new one).</summary>
    private async Task<IActionResult?> LoadAsync(Guid institutionId, Guid? courseId, CancellationToken ct)
    {
        if (await staff.RequireMemberAsync(User, institutionId, ct) is { } refusal) return refusal;
        Institution = await db.Institutions.AsNoTracking().SingleAsync(i => i.Id == institutionId, ct);
        if (courseId is { } id)
        {
            Current = await courses.FindAsync(institutionId, id, ct);
            if (Current is null) return NotFound();
            if (!await staff.MayAsync(User, StaffRight.ManageAchievements, Current.FacultyId)) return StatusCode(StatusCodes.Status403Forbidden);
        }
        Faculties = await staff.FacultiesAsync(User, institutionId, StaffRight.ManageAchievements, ct);
        return Faculties.Count == 0 ? StatusCode(StatusCodes.Status403Forbidden) : null;
    }
}
