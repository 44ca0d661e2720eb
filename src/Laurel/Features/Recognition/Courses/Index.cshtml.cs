using Laurel.Features.Identity;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Recognition.Courses;

/// <summary>The institution's courses with recognition rules, as far as the staff member may view them (View on the faculty).</summary>
[Authorize]
public sealed class IndexModel(RecognitionStaff staff, CourseService courses, LaurelDb db) : PageModel
{
    public Institution Institution { get; private set; } = null!;
    public List<RecognitionCourse> Courses { get; private set; } = [];
    public Dictionary<Guid, Faculty> Faculties { get; private set; } = [];
    public HashSet<Guid> Manageable { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid institutionId, CancellationToken ct)
    {
        if (await staff.RequireMemberAsync(User, institutionId, ct) is { } refusal) return refusal;
        Institution = await db.Institutions.AsNoTracking().SingleAsync(i => i.Id == institutionId, ct);
        var visible = await staff.FacultiesAsync(User, institutionId, StaffRight.View, ct);
        Faculties = visible.ToDictionary(f => f.Id);
        Manageable = [.. (await staff.FacultiesAsync(User, institutionId, StaffRight.ManageAchievements, ct)).Select(f => f.Id)];
        Courses = await courses.ListAsync(institutionId, Faculties.Keys, ct);
        return Page();
    }
}
