using Laurel.Features.Awards;
using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Standards.ObConnect;

/// <summary>
/// POST /backpack/connections/{id}/send: upsertCredential (OB3-8.1) of one of the learner's own issued badges to one of
/// their connected hosts, and the host's answer in words. Another learner's badge or connection is 404.
/// </summary>
[Authorize]
[RequestSizeLimit(16 * 1024)]
public sealed class SendModel(ObConnectService connections, LaurelDb db, IStringLocalizer<ObConnectText> t) : PageModel
{
    public Guid AwardId { get; private set; }
    public string Message { get; private set; } = "";
    public bool Sent { get; private set; }

    public IActionResult OnGet(Guid id) => Redirect($"/backpack/connections/{id}");

    public async Task<IActionResult> OnPostAsync(Guid id, Guid awardId, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        var connection = await connections.FindAsync(personId, id, ct);
        // Only a badge in the backpack (issued, not revoked or suspended) is sent: a host should not receive what Laurel withdrew.
        var award = await db.Awards.AsNoTracking().FirstOrDefaultAsync(a => a.Id == awardId && a.RecipientPersonId == personId && a.State == AwardState.Issued, ct);
        if (connection is null || award is null) return NotFound();
        AwardId = award.Id;
        Response.Headers.CacheControl = "no-store";
        try
        {
            var outcome = await connections.SendAsync(connection, award, ct);
            Sent = outcome.Sent;
            Message = outcome.Sent ? t[$"Sent_{outcome.Status}", connection.HostName] : t["SendRefused", connection.HostName, outcome.HostMessage!];
            if (outcome.Sent && outcome.Status is not (200 or 201)) Message = t["Sent_201", connection.HostName];
        }
        catch (ObHostException e)
        {
            Message = t["HostProblem", t["Step_Send"], e.Message];
        }
        if (!Sent) Response.StatusCode = StatusCodes.Status502BadGateway;
        return Page();
    }
}
