using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Achievements.Catalog;

/// <summary>Public page of one published definition; drafts, archived and unknown ids are 404.</summary>
public sealed class DetailsModel(AchievementCatalog catalog) : PageModel
{
    public Achievement Achievement { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await catalog.FindPublishedAsync(id, ct) is not { } achievement) return NotFound();
        Achievement = achievement;
        return Page();
    }
}
