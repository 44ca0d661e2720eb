using Laurel.Features.Identity;
using Laurel.Features.Presentations;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Recognition.Applications;

/// <summary>
/// /backpack/exemptions/{id}: one of the learner's applications: the badges with their facts and their status checked again now (a
/// badge revoked after submission shows as such), per course the proposal with reasons and the exam board's decision, the letter
/// once decided, and withdraw while nothing is decided. Owner only: anyone else gets 404.
/// </summary>
[Authorize]
public sealed class DetailModel(ExemptionApplications applications, ApplicationBadgeChecks checks, LaurelDb db) : PageModel
{
    public ExemptionApplication Application { get; private set; } = null!;
    public (string Nl, string En) InstitutionName { get; private set; }
    public Dictionary<Guid, RecognitionCourse> Courses { get; private set; } = [];
    /// <summary>Each badge's checks made now (by badge id).</summary>
    public Dictionary<Guid, IReadOnlyList<PresentedCheck>> LiveChecks { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public bool Submitted { get; set; }
    [BindProperty(SupportsGet = true)] public bool Withdrawn { get; set; }

    public bool CanWithdraw => Application.State == ExemptionApplicationState.Submitted && Application.Items.All(i => i.Decision is null);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        if (await applications.FindAsync(personId, id, ct) is not { } application) return NotFound();
        if (application.State == ExemptionApplicationState.Draft) return Redirect($"{RecognitionRoutes.Apply}?id={id}");
        Application = application;
        var institution = await db.Institutions.AsNoTracking().SingleAsync(i => i.Id == application.InstitutionId, ct);
        InstitutionName = (institution.NameNl, institution.NameEn);
        var courseIds = application.Items.Select(i => i.CourseId).ToList();
        Courses = await db.Set<RecognitionCourse>().AsNoTracking().Where(c => courseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        LiveChecks = await checks.RecheckAllAsync(id, ct);
        Response.Headers.CacheControl = "private, no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        if (await applications.FindAsync(personId, id, ct) is null) return NotFound();
        if (!await applications.WithdrawAsync(personId, id, ct)) return StatusCode(StatusCodes.Status409Conflict);
        return Redirect(RecognitionRoutes.MyApplication(id) + "?withdrawn=true");
    }
}
