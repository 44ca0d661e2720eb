using System.Globalization;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Identity;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Awards.Requests;

/// <summary>One request: what the learner sent, and approve (with date and grade) or deny (with a mandatory reason).</summary>
[RequireStaffRight(StaffRight.Award, typeof(BadgeRequestScope), "id")]
public sealed class RequestDecisionModel(RequestService requests, TimeProvider clock, IStringLocalizer<RequestsText> t) : PageModel
{
    public BadgeRequest Item { get; private set; } = null!;
    public Problems Errors { get; private set; } = Problems.OnePerField();
    public string CompletedOn { get; private set; } = "";
    public string? Grade { get; private set; }
    public string? Reason { get; private set; }
    public string Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } denied) return denied;
        CompletedOn = Today;
        return Page();
    }

    public async Task<IActionResult> OnPostApproveAsync(Guid id, string? completedOn, string? grade, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } denied) return denied;
        (CompletedOn, Grade) = (completedOn ?? "", grade);
        var date = DateOnly.TryParseExact(completedOn?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null;
        if (date is null) Errors.Add("CompletedOn", t[string.IsNullOrWhiteSpace(completedOn) ? "Error_CompletedOnRequired" : "Error_DateUnreadable"].Value);
        else
        {
            var outcome = (await requests.ApproveAsync(Awarder.Of(User), [id], new ApprovalInput(date, new Dictionary<Guid, string?> { [id] = grade }), ct))[0];
            if (outcome.Succeeded)
            {
                TempData["Notice"] = t["Notice_Approved", outcome.LearnerName, outcome.AchievementName].Value;
                return Redirect("/manage/requests");
            }
            foreach (var problem in outcome.Problems) Errors.Add("approve-title", problem);
            await LoadAsync(id, ct);
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    public async Task<IActionResult> OnPostDenyAsync(Guid id, string? reason, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } denied) return denied;
        Reason = reason;
        CompletedOn = Today;
        var errors = await requests.DenyAsync(Awarder.Of(User), Item, reason, ct);
        if (errors.ContainsKey(AwardPolicy.RightKey)) return StatusCode(StatusCodes.Status403Forbidden);
        if (errors.Count == 0)
        {
            TempData["Notice"] = t["Notice_Denied", Item.Person!.DisplayName, Item.Achievement!.Name].Value;
            return Redirect("/manage/requests");
        }
        foreach (var (field, message) in errors) Errors.Add(field, message);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    // Unknown request → 404; someone without the Award right on its definition → 403 (the attribute, before anything is shown).
    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await requests.FindAsync(id, ct) is not { } item) return NotFound();
        Item = item;
        return null;
    }
}
