using Laurel.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Standards.ObConnect;

/// <summary>
/// /backpack/connections/callback: where the host sends the learner back (OB3-7.8) with <c>code</c> and <c>state</c>, or
/// <c>error</c>. The state must be one this signed-in learner started; the code is exchanged once (OB3-7.9).
/// </summary>
[Authorize]
public sealed class CallbackModel(ObConnectService connections, IStringLocalizer<ObConnectText> t) : PageModel
{
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? code, string? state, string? error, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        Response.Headers.CacheControl = "no-store";
        try
        {
            var connection = await connections.CompleteAsync(personId, state, code, error, ct);
            return Redirect($"/backpack/connections/{connection.Id}?connected=true");
        }
        catch (ObHostException e)
        {
            Problem = t["HostProblem", t["Step_Callback"], e.Message];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
    }
}
