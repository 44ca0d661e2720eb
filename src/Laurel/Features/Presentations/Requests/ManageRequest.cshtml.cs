using Laurel.Features.Identity;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Presentations.Requests;

/// <summary>The verifier's page of one request: the link to share, QR code and wallet link, what is asked, and the answers.</summary>
[Authorize]
[RequestSizeLimit(RequestFormPage.RequestLimitBytes)]
public sealed class ManageRequestModel(PresentationRequestStore store, PublicOrigin origin) : PageModel
{
    public PresentationRequest Asked { get; private set; } = null!;
    public List<PresentationResponse> Responses { get; private set; } = [];
    public string AskUrl => origin.Url(PresentationRoutes.Ask(Asked.Id));
    public string WalletLink => PresentationRoutes.WalletLink(origin, Asked.Id);
    [BindProperty(SupportsGet = true)] public bool Created { get; set; }
    [BindProperty(SupportsGet = true)] public bool Saved { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        if (await store.FindOwnAsync(personId, id, ct) is not { } request) return NotFound();
        Asked = request;
        Responses = await store.ResponsesAsync(id, ct);
        Response.Headers.CacheControl = "private, no-store";
        return Page();
    }

    public Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken ct) => SetClosedAsync(id, true, ct);

    public Task<IActionResult> OnPostReopenAsync(Guid id, CancellationToken ct) => SetClosedAsync(id, false, ct);

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        return await store.DeleteAsync(personId, id, ct) ? Redirect(PresentationRoutes.Mine + "?deleted=true") : NotFound();
    }

    private async Task<IActionResult> SetClosedAsync(Guid id, bool closed, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        return await store.SetClosedAsync(personId, id, closed, ct) ? Redirect(PresentationRoutes.Manage(id) + "?saved=true") : NotFound();
    }
}
