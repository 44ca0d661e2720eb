using Laurel.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Pathways.Learner;

/// <summary>The signed-in learner's pathways: every published pathway they hold at least one item of, with progress.</summary>
[Authorize]
public sealed class MineModel(PathwayCatalog catalog, Laurel.Features.Backpack.Imports.ImportService imports) : PageModel
{
    public List<(PathwayView View, PathwayProgress Progress)> Pathways { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        // The learner may have verified an address since importing: what counts follows their identities as they are now.
        await imports.RefreshRecipientsAsync(personId, ct);
        Pathways = await catalog.ForLearnerAsync(personId, ct);
        return Page();
    }
}
