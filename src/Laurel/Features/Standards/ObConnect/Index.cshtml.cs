using Laurel.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Standards.ObConnect;

/// <summary>/backpack/connections: the learner's connected Open Badges hosts, connect another, disconnect one.</summary>
[Authorize]
[RequestSizeLimit(16 * 1024)]
[RequestFormLimits(ValueLengthLimit = 4096, ValueCountLimit = 8)]
public sealed class IndexModel(ObConnectService connections, IStringLocalizer<ObConnectText> t) : PageModel
{
    public List<ObConnection> Connections { get; private set; } = [];
    public string? Address { get; private set; }
    /// <summary>Field ("url") → message; the host's own failure is under "host".</summary>
    public List<(string Field, string Message)> Problems { get; } = [];
    [BindProperty(SupportsGet = true)] public string? Removed { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        Connections = await connections.ListAsync(personId, ct);
        Response.Headers.CacheControl = "private, no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostConnectAsync(string? url, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        Address = url?.Trim();
        Uri? discovery = null;
        if (string.IsNullOrEmpty(Address)) Problems.Add(("url", t["Url_Required"]));
        else if (Address.Length > 2048 || (discovery = ObProtocol.DiscoveryUrl(Address)) is null) Problems.Add(("url", t["Url_Invalid"]));
        if (discovery is not null)
        {
            try
            {
                return Redirect((await connections.StartAsync(personId, discovery, ct)).AbsoluteUri);
            }
            catch (ObHostException e)
            {
                Problems.Add(("url", t["HostProblem", t["Step_Connect"], e.Message]));
            }
        }
        Connections = await connections.ListAsync(personId, ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostDisconnectAsync(Guid id, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        var connection = await connections.FindAsync(personId, id, ct);
        if (connection is null || !await connections.DisconnectAsync(personId, id, ct)) return NotFound();
        return Redirect("/backpack/connections?removed=" + Uri.EscapeDataString(connection.HostName));
    }
}
