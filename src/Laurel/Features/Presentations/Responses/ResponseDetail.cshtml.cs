using Laurel.Features.Identity;
using Laurel.Features.Presentations.Requests;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Presentations.Responses;

/// <summary>One answer for the verifier: who, which badges with every check, the criteria reasons, what was (not) disclosed.</summary>
[Authorize]
[RequestSizeLimit(RequestFormPage.RequestLimitBytes)]
public sealed class ResponseDetailModel(PresentationRequestStore store, ResponseView view, CheckTexts texts) : PageModel
{
    public CheckTexts Texts => texts;
    public PresentationRequest Asked { get; private set; } = null!;
    public PresentationResponse Answer { get; private set; } = null!;
    public List<BadgeView> Badges { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, Guid rid, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        if (await store.FindResponseAsync(personId, id, rid, ct) is not var (request, response)) return NotFound();
        (Asked, Answer) = (request, response);
        Badges = view.Badges(request, response);
        Response.Headers.CacheControl = "private, no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, Guid rid, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        return await store.DeleteResponseAsync(personId, id, rid, ct) ? Redirect(PresentationRoutes.Manage(id) + "?saved=true") : NotFound();
    }
}
