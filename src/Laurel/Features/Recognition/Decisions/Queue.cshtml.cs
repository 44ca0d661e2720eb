using Laurel.Features.Identity;
using Laurel.Features.Institutions;
using Laurel.Features.Recognition.Courses;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Recognition.Decisions;

/// <summary>The exam board's queue: waiting applications with a course in a faculty the staff member may view.</summary>
[Authorize]
public sealed class QueueModel(RecognitionStaff staff, ApplicationQueue queue, LaurelDb db) : PageModel
{
    public Institution Institution { get; private set; } = null!;
    public List<QueueEntry> Entries { get; private set; } = [];
    public string? Next { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid institutionId, string? after, CancellationToken ct)
    {
        if (await staff.RequireMemberAsync(User, institutionId, ct) is { } refusal) return refusal;
        Institution = await db.Institutions.AsNoTracking().SingleAsync(i => i.Id == institutionId, ct);
        var faculties = (await staff.FacultiesAsync(User, institutionId, StaffRight.View, ct)).Select(f => f.Id).ToList();
        (Entries, Next) = await queue.PageAsync(institutionId, faculties, after, ct);
        return Page();
    }
}
