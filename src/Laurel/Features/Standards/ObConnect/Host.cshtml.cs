using Laurel.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Standards.ObConnect;

/// <summary>
/// /backpack/connections/{id}: what the connected host holds (getProfile, every page of getCredentials) and the import of
/// the chosen badges or all of them. A host that fails is named with its error; the backpack is left as it was.
/// </summary>
[Authorize]
[RequestSizeLimit(64 * 1024)]
[RequestFormLimits(ValueLengthLimit = 4096, ValueCountLimit = ObHostEntries.MaxEntries + 8)]
public sealed class HostModel(ObConnectService connections, IStringLocalizer<ObConnectText> t) : PageModel
{
    public ObConnection Connection { get; private set; } = null!;
    public string? ProfileName { get; private set; }
    public string? ProfileEmail { get; private set; }
    public ObHostContents? Contents { get; private set; }
    public List<ObImportLine> Results { get; private set; } = [];
    public string? Problem { get; private set; }
    [BindProperty(SupportsGet = true)] public bool Connected { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        if (await connections.FindAsync(personId, id, ct) is not { } connection) return NotFound();
        Connection = connection;
        Response.Headers.CacheControl = "private, no-store";
        await ReadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(Guid id, string[]? key, bool all, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        if (await connections.FindAsync(personId, id, ct) is not { } connection) return NotFound();
        Connection = connection;
        var keys = all ? null : (key ?? []).Where(k => k.Length == 64).ToHashSet(StringComparer.Ordinal);
        if (keys is { Count: 0 })
        {
            Problem = t["Select_Required"];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await ReadAsync(ct);
            return Page();
        }
        try
        {
            Results = await connections.ImportAsync(personId, connection, keys, ct);
        }
        catch (ObHostException e)
        {
            Problem = t["HostProblem", t["Step_Read"], e.Message];
            Response.StatusCode = StatusCodes.Status502BadGateway;
            return Page();
        }
        await ReadAsync(ct);
        return Page();
    }

    private async Task ReadAsync(CancellationToken ct)
    {
        try
        {
            (ProfileName, ProfileEmail, Contents) = await connections.ReadAsync(Connection, ct);
        }
        catch (ObHostException e)
        {
            Problem ??= t["HostProblem", t["Step_Read"], e.Message];
            if (Response.StatusCode == StatusCodes.Status200OK) Response.StatusCode = StatusCodes.Status502BadGateway;
        }
    }
}
