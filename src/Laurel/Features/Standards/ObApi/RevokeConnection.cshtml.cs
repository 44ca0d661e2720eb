using Laurel.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Standards.ObApi;

/// <summary>POST only: the learner withdraws a client's access; its tokens stop working at once. Back to the account page.</summary>
[Authorize]
public sealed class RevokeConnectionModel(ObConnections connections) : PageModel
{
    public IActionResult OnGet() => Redirect("/account#connected-apps");

    public async Task<IActionResult> OnPostAsync(string? clientId, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        if (clientId is not { Length: > 0 and <= 64 } || !await connections.RevokeAsync(User, personId, clientId, ct)) return NotFound();
        return Redirect("/account?obapi=revoked#connected-apps");
    }
}
