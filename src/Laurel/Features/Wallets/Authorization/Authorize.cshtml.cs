using Laurel.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Wallets.Authorization;

/// <summary>
/// The authorization endpoint (<see cref="WalletRoutes.AuthorizePath"/>): only with a request_uri from PAR. The learner signs in
/// at Laurel (eduID), sees which badges go to which wallet and agrees or cancels; the wallet gets its code, state and iss.
/// Problems are shown here, never sent to the wallet, so someone who scanned another person's QR sees a plain refusal.
/// </summary>
[Authorize]
public sealed class AuthorizeModel(WalletConsent consent) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "client_id")] public string? ClientId { get; set; }
    [BindProperty(SupportsGet = true, Name = "request_uri")] public string? RequestUri { get; set; }

    public ConsentView View { get; private set; } = new(ConsentOutcome.Invalid, null, null, [], []);

    /// <summary>Where the wallet is, as the learner should recognise it (scheme and host of the redirect URI).</summary>
    public string WalletAddress => View.Request is { } r && Uri.TryCreate(r.RedirectUri, UriKind.Absolute, out var uri)
        ? (uri.Scheme is "https" or "http" ? uri.Host : uri.Scheme + ":") : "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        View = await consent.PrepareAsync(RequestUri, ClientId, personId, ct);
        return Shown();
    }

    public async Task<IActionResult> OnPostAsync(string? decision, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        View = await consent.PrepareAsync(RequestUri, ClientId, personId, ct);
        if (View.Outcome != ConsentOutcome.Ask) return Shown();
        var target = decision == "allow"
            ? await consent.ApproveAsync(RequestUri!, View, personId, ct)
            : await consent.DenyAsync(RequestUri!, View, ct);
        if (target is null)
        {
            View = View with { Outcome = ConsentOutcome.Invalid };
            return Shown();
        }
        return Redirect(target);
    }

    private PageResult Shown()
    {
        Response.StatusCode = View.Outcome switch
        {
            ConsentOutcome.Ask => StatusCodes.Status200OK,
            ConsentOutcome.NotYours => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status400BadRequest,
        };
        return Page();
    }
}
