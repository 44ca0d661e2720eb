using Laurel.Features.Identity;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Pathways.Manage;

/// <summary>Pathways of the institutions in which the staff member may manage them (issuer admin or higher).</summary>
[Authorize]
public sealed class IndexModel(PathwayService pathways, LaurelDb db) : PageModel
{
    public List<Institution> Institutions { get; private set; } = [];
    public List<Pathway> Pathways { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is null) return Challenge();
        var managed = await pathways.ManagedInstitutionsAsync(User, ct);
        if (managed.Count == 0) return StatusCode(StatusCodes.Status403Forbidden);
        Institutions = await db.Institutions.AsNoTracking().Where(i => managed.Contains(i.Id)).OrderBy(i => i.NameNl).ToListAsync(ct);
        Pathways = await pathways.ListForStaffAsync(managed, ct);
        return Page();
    }
}
