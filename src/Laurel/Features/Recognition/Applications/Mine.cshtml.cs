using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Recognition.Applications;

/// <summary>/backpack/exemptions: the learner's exemption applications (institution, dates, state, per course the proposal and decision).</summary>
[Authorize]
public sealed class MineModel(ExemptionApplications applications, LaurelDb db) : PageModel
{
    public List<ExemptionApplication> Applications { get; private set; } = [];
    public Dictionary<Guid, (string Nl, string En)> InstitutionNames { get; private set; } = [];
    public Dictionary<Guid, RecognitionCourse> Courses { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public bool Discarded { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        Applications = await applications.MineAsync(personId, ct);
        var institutionIds = Applications.Select(a => a.InstitutionId).Distinct().ToList();
        InstitutionNames = await db.Institutions.AsNoTracking().Where(i => institutionIds.Contains(i.Id))
            .ToDictionaryAsync(i => i.Id, i => (i.NameNl, i.NameEn), ct);
        var courseIds = Applications.SelectMany(a => a.Items).Select(i => i.CourseId).Distinct().ToList();
        Courses = await db.Set<RecognitionCourse>().AsNoTracking().Where(c => courseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        return Page();
    }
}
