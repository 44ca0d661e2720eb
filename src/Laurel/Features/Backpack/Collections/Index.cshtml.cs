using Laurel.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Backpack.Collections;

/// <summary>The learner's collections.</summary>
[Authorize]
public sealed class CollectionsIndexModel(CollectionService collections) : PageModel
{
    public List<CollectionSummary> Items { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public bool Deleted { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        Items = await collections.ListAsync(personId, ct);
        return Page();
    }
}
