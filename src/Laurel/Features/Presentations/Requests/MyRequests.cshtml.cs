using Laurel.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Presentations.Requests;

/// <summary>The verifier's requests, newest first, with how many answers each has.</summary>
[Authorize]
public sealed class MyRequestsModel(PresentationRequestStore store) : PageModel
{
    public List<RequestSummary> Items { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public bool Deleted { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        Items = await store.ListAsync(personId, ct);
        return Page();
    }
}
