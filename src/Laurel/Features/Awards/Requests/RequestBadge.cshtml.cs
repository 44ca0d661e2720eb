using Laurel.Features.Identity;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Features.Awards.Requests;

/// <summary>A signed-in learner asks for a published achievement, with an optional motivation and evidence link.</summary>
public sealed class RequestBadgeModel(RequestService requests, IStringLocalizer<RequestsText> t) : PageModel
{
    public Achievement Achievement { get; private set; } = null!;
    public string? Motivation { get; private set; }
    public string? EvidenceUrl { get; private set; }
    public Problems Errors { get; private set; } = Problems.OnePerField();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is null) return Challenge();
        if (await requests.FindRequestableAsync(id, ct) is not { } a) return NotFound();
        Achievement = a;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string? motivation, string? evidenceUrl, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is null) return Challenge();
        if (await requests.FindRequestableAsync(id, ct) is not { } a) return NotFound();
        Achievement = a;
        (Motivation, EvidenceUrl) = (motivation, evidenceUrl);
        var (request, errors) = await requests.CreateAsync(User, a, new RequestInput(motivation, evidenceUrl), ct);
        if (request is not null)
        {
            TempData["Notice"] = t["Notice_Requested", a.Name].Value;
            return Redirect("/backpack/requests");
        }
        foreach (var field in new[] { "request-title", "Motivation", "EvidenceUrl" })
            if (errors.TryGetValue(field, out var message)) Errors.Add(field, message);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
