using Laurel.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Pathways.Learner;

/// <summary>The signed-in learner's pathways: every published pathway they hold at least one item of, with progress.</summary>
[Authorize]
public sealed class MineModel(PathwayCatalog catalog) : PageModel
{
    public List<(PathwayView View, PathwayProgress Progress)> Pathways { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        Pathways = await catalog.ForLearnerAsync(personId, ct);
        return Page();
    }
}
