using Laurel.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Backpack.Imports;

/// <summary>/backpack/imports: the learner's imported badges with the status of their latest check.</summary>
[Authorize]
public sealed class IndexModel(ImportService imports, ImportVerdicts verdicts) : PageModel
{
    public List<ImportedCredential> Items { get; private set; } = [];
    public Dictionary<Guid, ImportVerdict> Verdicts { get; private set; } = [];

    /// <summary>Set after a removal, for the confirmation message.</summary>
    [BindProperty(SupportsGet = true)] public bool Removed { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        Items = await imports.ListAsync(personId, ct);
        Verdicts = await verdicts.ForAsync(Items, ct);
        return Page();
    }
}
