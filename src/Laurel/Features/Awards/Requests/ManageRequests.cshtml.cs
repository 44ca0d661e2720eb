using System.Globalization;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Identity;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Awards.Requests;

/// <summary>
/// Open requests across every definition the staff member may award, filterable by definition; approve one or many at once
/// (each one separately through the award policy, with its own outcome) or open one to deny it with a reason.
/// </summary>
public sealed class ManageRequestsModel(RequestService requests, TimeProvider clock, IStringLocalizer<RequestsText> t) : PageModel
{
    public List<BadgeRequest> Open { get; private set; } = [];
    /// <summary>Definitions with open requests (for the filter), id → name.</summary>
    public List<KeyValuePair<Guid, string>> Achievements { get; private set; } = [];
    public List<ApprovalOutcome> Outcomes { get; private set; } = [];
    public Problems Errors { get; private set; } = Problems.OnePerField();
    public string CompletedOn { get; private set; } = "";
    public string Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [BindProperty(SupportsGet = true, Name = "achievement")] public Guid? AchievementFilter { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await DeniedAsync(ct) is { } denied) return denied;
        CompletedOn = Today;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostApproveAsync(List<Guid> ids, string? completedOn, CancellationToken ct)
    {
        if (await DeniedAsync(ct) is { } denied) return denied;
        CompletedOn = completedOn ?? "";
        var date = DateOnly.TryParseExact(completedOn?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null;
        if (ids.Count == 0) Errors.Add("requests-table", t["Error_NoneSelected"].Value);
        if (date is null) Errors.Add("CompletedOn", t[string.IsNullOrWhiteSpace(completedOn) ? "Error_CompletedOnRequired" : "Error_DateUnreadable"].Value);
        if (!Errors.Any)
        {
            var grades = ids.ToDictionary(id => id, id => (string?)Request.Form[$"grade-{id}"].ToString());
            Outcomes = await requests.ApproveAsync(Awarder.Of(User), ids, new ApprovalInput(date, grades), ct);
        }
        else Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var all = await requests.OpenForStaffAsync(User, null, ct);
        Achievements = [.. all.GroupBy(r => r.AchievementId).Select(g => new KeyValuePair<Guid, string>(g.Key, g.First().Achievement!.Name)).OrderBy(p => p.Value)];
        Open = AchievementFilter is { } id ? [.. all.Where(r => r.AchievementId == id)] : all;
    }

    private async Task<IActionResult?> DeniedAsync(CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is null) return Challenge();
        return await requests.MayAwardAnywhereAsync(User, ct) ? null : StatusCode(StatusCodes.Status403Forbidden);
    }
}
