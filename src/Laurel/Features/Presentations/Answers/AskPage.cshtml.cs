using Laurel.Features.Presentations.Requests;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Presentations.Answers;

/// <summary>
/// The public page of a request (the link a verifier shares): who asks, why, what, which facts must be shared; a QR code for
/// wallets and "answer from my Laurel backpack". Anyone with the link may read it; answering needs a wallet or a sign-in.
/// </summary>
public sealed class AskPageModel(PresentationRequestStore store, PublicOrigin origin) : PageModel
{
    public PresentationRequest Asked { get; private set; } = null!;
    public string Verifier { get; private set; } = "";
    public string WalletLink => PresentationRoutes.WalletLink(origin, Asked.Id);
    public string InteractionUrl => origin.Url(PresentationRoutes.Interaction(Asked.Id));

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await store.FindPublicAsync(id, ct) is not { } request) return NotFound();
        Asked = request;
        Verifier = await store.VerifierNameAsync(request, ct);
        Response.Headers.CacheControl = "no-cache";
        return Page();
    }
}
