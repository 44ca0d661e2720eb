using Laurel.Features.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Awards.Requests;

/// <summary>The signed-in learner's own requests with their status (and the reason of a denial). Nobody else's.</summary>
public sealed class MyRequestsModel(RequestService requests) : PageModel
{
    public List<BadgeRequest> Requests { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        Requests = await requests.ForLearnerAsync(personId, ct);
        return Page();
    }
}
