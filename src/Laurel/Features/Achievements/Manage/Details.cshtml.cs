using Laurel.Features.Identity;
using Laurel.Features.Identity.Authorization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Achievements.Manage;

/// <summary>One definition for staff: everything it says, and publish/archive/copy for those allowed to manage it.</summary>
[Authorize]
public sealed class DetailsModel(AchievementService service, StaffAuthorizer access) : PageModel
{
    public Achievement Achievement { get; private set; } = null!;
    public bool CanManage { get; private set; }
    /// <summary>Award links only for those who may award it (a viewer following them would get 403).</summary>
    public bool CanAward { get; private set; }
    public Dictionary<string, List<string>> PublishErrors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, StaffRight.View, ct) ?? Page();

    public Task<IActionResult> OnPostPublishAsync(Guid id, CancellationToken ct) => ManageAsync(id, async a =>
    {
        PublishErrors = await service.PublishAsync(User, a, ct);
        return PublishErrors.Count == 0 ? "Published" : null;
    }, ct);

    public Task<IActionResult> OnPostUnpublishAsync(Guid id, CancellationToken ct) =>
        ManageAsync(id, async a => { await service.UnpublishAsync(User, a, ct); return "Unpublished"; }, ct);

    public Task<IActionResult> OnPostArchiveAsync(Guid id, CancellationToken ct) =>
        ManageAsync(id, async a => { await service.ArchiveAsync(User, a, ct); return "Archived"; }, ct);

    public Task<IActionResult> OnPostUnarchiveAsync(Guid id, CancellationToken ct) =>
        ManageAsync(id, async a => { await service.UnarchiveAsync(User, a, ct); return "Unarchived"; }, ct);

    public async Task<IActionResult> OnPostCopyAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, StaffRight.ManageAchievements, ct) is { } refusal) return refusal;
        var copy = await service.CopyAsync(User, Achievement, ct);
        TempData["Notice"] = "Copied";
        return Redirect($"/manage/achievements/{copy.Id}/edit");
    }

    // Runs a change for someone allowed to manage; a null notice means "show the page again with the problems".
    private async Task<IActionResult> ManageAsync(Guid id, Func<Achievement, Task<string?>> change, CancellationToken ct)
    {
        if (await LoadAsync(id, StaffRight.ManageAchievements, ct) is { } refusal) return refusal;
        if (await change(Achievement) is not { } notice)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        TempData["Notice"] = notice;
        return Redirect($"/manage/achievements/{id}");
    }

    private async Task<IActionResult?> LoadAsync(Guid id, StaffRight right, CancellationToken ct)
    {
        if (await service.FindAsync(id, ct) is not { } achievement) return NotFound();
        if (!await access.AllowsAsync(User, right, new StaffResource(ScopeLevel.Achievement, id))) return StatusCode(StatusCodes.Status403Forbidden);
        Achievement = achievement;
        CanManage = right == StaffRight.ManageAchievements
            || await access.AllowsAsync(User, StaffRight.ManageAchievements, new StaffResource(ScopeLevel.Achievement, id));
        CanAward = CanManage || await access.AllowsAsync(User, StaffRight.Award, new StaffResource(ScopeLevel.Achievement, id));
        return null;
    }
}
