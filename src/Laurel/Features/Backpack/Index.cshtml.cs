using Laurel.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Backpack;

/// <summary>The signed-in learner's badges, with a form per badge to share it publicly and choose what the public sees.</summary>
[Authorize]
public sealed class IndexModel(BackpackService backpack) : PageModel
{
    public List<BackpackItem> Items { get; private set; } = [];

    /// <summary>The award whose settings were just saved (for the confirmation message).</summary>
    [BindProperty(SupportsGet = true)] public Guid? Saved { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        Items = await backpack.ListAsync(personId, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSharingAsync(Guid awardId, bool isPublic, bool showGrade, bool showEvidence, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        if (!await backpack.SetSharingAsync(personId, awardId, isPublic, showGrade, showEvidence, ct)) return NotFound();
        return Redirect($"/backpack?saved={awardId}#award-{awardId}");
    }
}
