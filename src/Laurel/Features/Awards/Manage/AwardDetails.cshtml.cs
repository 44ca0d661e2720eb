using System.Text.Json.Nodes;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Identity;
using Laurel.Features.Identity.Authorization;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Awards.Manage;

/// <summary>
/// One award for staff: the credential as issued and, for awarders, only the changes its state allows: revoke (final), suspend and
/// reinstate a held award, withdraw one still waiting for its claim; a scheduled award can be cancelled before its date, and a
/// cancelled one shows why.
/// </summary>
public sealed class AwardDetailsModel(StaffAuthorizer guard, RevokeAndSuspend statuses, ScheduledAwards scheduled,
    IStringLocalizer<AwardsText> t, IStringLocalizer<ScheduledText> s) : PageModel
{
    public Award Award { get; private set; } = null!;
    public JsonObject Credential { get; private set; } = [];
    public bool CanChange { get; private set; }
    public Problems Errors { get; private set; } = Problems.OnePerField();
    public string? RevokeReason { get; private set; }
    public string? SuspendReason { get; private set; }
    public string? CancelReason { get; private set; }
    public string? WithdrawReason { get; private set; }
    /// <summary>Scheduled and cancelled awards have no signed credential.</summary>
    public bool Signed => Award.CredentialJson.Length > 0;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, StaffRight.View, ct) ?? Page();

    // A post without a known action changes nothing: show the page again.
    public IActionResult OnPost(Guid id) => Redirect($"/manage/awards/{id}");

    public Task<IActionResult> OnPostRevokeAsync(Guid id, string? reason, CancellationToken ct) =>
        ChangeAsync(id, AwardStatusAction.Revoke, reason, "RevokeReason", ct);

    public Task<IActionResult> OnPostSuspendAsync(Guid id, string? reason, CancellationToken ct) =>
        ChangeAsync(id, AwardStatusAction.Suspend, reason, "SuspendReason", ct);

    public Task<IActionResult> OnPostWithdrawAsync(Guid id, string? reason, CancellationToken ct) =>
        ChangeAsync(id, AwardStatusAction.Withdraw, reason, "WithdrawReason", ct);

    public Task<IActionResult> OnPostReinstateAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(id, AwardStatusAction.Reinstate, null, "award-state", ct);

    public async Task<IActionResult> OnPostCancelAsync(Guid id, string? reason, CancellationToken ct)
    {
        if (await LoadAsync(id, StaffRight.Award, ct) is { } denied) return denied;
        var errors = await scheduled.CancelAsync(Awarder.Of(User), Award, reason, ct);
        if (errors.ContainsKey(AwardPolicy.RightKey)) return StatusCode(StatusCodes.Status403Forbidden);
        if (errors.Count == 0)
        {
            TempData["Notice"] = s["Notice_Cancelled"].Value;
            return Redirect($"/manage/awards/{id}");
        }
        if (errors.TryGetValue("Action", out var state)) Errors.Add("award-state", state[0]);
        if (errors.TryGetValue("Reason", out var r)) Errors.Add("CancelReason", r[0]);
        CancelReason = reason;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<IActionResult> ChangeAsync(Guid id, AwardStatusAction action, string? reason, string reasonField, CancellationToken ct)
    {
        if (await LoadAsync(id, StaffRight.Award, ct) is { } denied) return denied;
        var errors = await statuses.ApplyAsync(Awarder.Of(User), Award, action, reason, "web", ct);
        if (errors.ContainsKey(AwardPolicy.RightKey)) return StatusCode(StatusCodes.Status403Forbidden);
        if (errors.Count == 0)
        {
            TempData["Notice"] = t["Notice_" + action].Value;
            return Redirect($"/manage/awards/{id}");
        }
        if (errors.TryGetValue(RevokeAndSuspend.ConflictField, out var conflict))
        {
            // Lost a race with another change: the page shows the award as it now is, with the reason nothing happened.
            Errors.Add("award-state", conflict[0]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        if (errors.TryGetValue("Action", out var state)) Errors.Add("award-state", state[0]);
        if (errors.TryGetValue("Reason", out var r)) Errors.Add(reasonField, r[0]);
        if (action == AwardStatusAction.Revoke) RevokeReason = reason;
        else if (action == AwardStatusAction.Withdraw) WithdrawReason = reason;
        else SuspendReason = reason;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid id, StaffRight right, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is null) return Challenge();
        if (await statuses.FindAsync(id, ct) is not { } award) return NotFound();
        if (await guard.RequireAsync(User, right, ScopeLevel.Achievement, award.AchievementId, ct) is { } denied) return denied;
        Award = award;
        Credential = award.CredentialJson.Length == 0 ? [] : JsonNode.Parse(award.CredentialJson) as JsonObject ?? []; // scheduled awards are not signed yet
        CanChange = right == StaffRight.Award || await guard.AllowsAsync(User, StaffRight.Award, new StaffResource(ScopeLevel.Achievement, award.AchievementId));
        return null;
    }
}
