using Laurel.Features.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Awards.Direct;

/// <summary>
/// The former direct-award address, kept for bookmarks: a permanent redirect to the one award page. The same check as that page
/// runs first (sign in, unknown definition → 404, no Award right → 403), so the redirect tells nobody more than the page would.
/// </summary>
[RequireStaffRight(StaffRight.Award, ScopeLevel.Achievement, "id")]
public sealed class DirectAwardRedirectModel : PageModel
{
    public IActionResult OnGet(Guid id) => RedirectPermanent($"/manage/achievements/{id}/award{Request.QueryString}");

    // A form still open on the old page posts again to the new one (308 keeps the method and body).
    public IActionResult OnPost(Guid id) => RedirectPermanentPreserveMethod($"/manage/achievements/{id}/award{Request.QueryString}");
}
