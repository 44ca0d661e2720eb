using Laurel.Features.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Awards.Claims;

/// <summary>The learner's awards that wait for a decision: accept (into the backpack) or decline. Sign-in required.</summary>
public sealed class PendingAwardsModel(ClaimService claims, IStringLocalizer<ClaimsText> t) : PageModel
{
    public List<Award> Pending { get; private set; } = [];
    /// <summary>The award the claim e-mail pointed at, when it is already in the learner's rugzak.</summary>
    public Award? Added { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? award, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        // Also catches accounts linked after signing in (a new EPPN or e-mail address).
        await claims.MatchAsync(User, ct);
        Pending = await claims.PendingAsync(personId, ct);
        if (award is { } id) Added = await claims.HeldAsync(personId, id, ct);
        return Page();
    }

    public Task<IActionResult> OnPostAcceptAsync(Guid id, CancellationToken ct) => DecideAsync(id, accept: true, ct);

    public Task<IActionResult> OnPostDeclineAsync(Guid id, CancellationToken ct) => DecideAsync(id, accept: false, ct);

    private async Task<IActionResult> DecideAsync(Guid id, bool accept, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is null) return Challenge();
        // Someone else's award, an unknown id or one already decided: nothing to decide here.
        if (!await claims.DecideAsync(User, id, accept, ct)) return NotFound();
        TempData["Notice"] = t[accept ? "Accepted" : "Declined"].Value;
        return RedirectToPage();
    }
}
