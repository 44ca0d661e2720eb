using Laurel.Features.Identity;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Standards.ObApi;

/// <summary>
/// The OB 3.0 authorization endpoint and consent page (OB3-7.8): the request is checked first (an unknown client or redirect URI
/// is refused here, anything else goes back to the client as an error), then the learner signs in at Laurel and sees the
/// client's name, website, terms and privacy policy and each scope in plain words, and allows or denies. The form re-posts the
/// request, which is checked again; anti-forgery applies.
/// </summary>
[AllowAnonymous]
public sealed class AuthorizeModel(ObAuthorizationRequests requests, PublicOrigin origin) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "response_type")] public string? ResponseType { get; set; }
    [BindProperty(SupportsGet = true, Name = "client_id")] public string? ClientId { get; set; }
    [BindProperty(SupportsGet = true, Name = "redirect_uri")] public string? RedirectUri { get; set; }
    [BindProperty(SupportsGet = true, Name = "scope")] public string? Scope { get; set; }
    [BindProperty(SupportsGet = true, Name = "state")] public string? State { get; set; }
    [BindProperty(SupportsGet = true, Name = "code_challenge")] public string? CodeChallenge { get; set; }
    [BindProperty(SupportsGet = true, Name = "code_challenge_method")] public string? CodeChallengeMethod { get; set; }

    public ObAuthorizationCheck Check { get; private set; } = new(ObAuthorizationOutcome.Refuse, null, [], null, null);

    private ObAuthorizationParameters Parameters => new(ResponseType, ClientId, RedirectUri, Scope, State, CodeChallenge, CodeChallengeMethod);

    /// <summary>The host of a client URL, as the learner should recognise it.</summary>
    public static string HostOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : url;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await CheckAsync(ct) is { } early) return early;
        return StaffAccess.PersonId(User) is null ? Challenge() : Page();
    }

    public async Task<IActionResult> OnPostAsync(string? decision, CancellationToken ct)
    {
        if (await CheckAsync(ct) is { } early) return early;
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        return decision == "allow"
            ? Redirect(await requests.ApproveAsync(Parameters, Check, personId, origin.Root, ct))
            : Redirect(ObAuthorizationRequests.RedirectUrl(Parameters, origin.Root, ("error", "access_denied")));
    }

    private async Task<IActionResult?> CheckAsync(CancellationToken ct)
    {
        Check = await requests.CheckAsync(Parameters, ct);
        switch (Check.Outcome)
        {
            case ObAuthorizationOutcome.Refuse:
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            case ObAuthorizationOutcome.RedirectError:
                return Redirect(ObAuthorizationRequests.RedirectUrl(Parameters, origin.Root, ("error", Check.Error!), ("error_description", Check.Description!)));
            default:
                return null;
        }
    }
}
