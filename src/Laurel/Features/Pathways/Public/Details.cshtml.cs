using Laurel.Features.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Pathways.Public;

/// <summary>One published pathway: its items, requirements in plain words, the completion credential and, when signed in, progress.</summary>
public sealed class DetailsModel(PathwayCatalog catalog) : PageModel
{
    public PathwayView View { get; private set; } = null!;
    public PathwayProgress? Progress { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await catalog.FindPublishedAsync(id, ct) is not { } view) return NotFound();
        View = view;
        if (StaffAccess.PersonId(User) is { } personId) Progress = await catalog.ProgressAsync(view.Pathway, personId, ct);
        return Page();
    }
}
