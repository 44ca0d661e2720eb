using Laurel.Features.Identity;
using Laurel.Features.Identity.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Achievements.Manage;

/// <summary>Change a definition; a frozen (awarded) one gets a new draft version instead.</summary>
public sealed class EditModel(AchievementService service, StaffAuthorizer access, IStringLocalizer<AchievementText> t)
    : AchievementFormPage(service, access, t)
{
    public Achievement Current { get; private set; } = null!;

    public override string? CurrentImageSrc =>
        Current.Image is { } bytes ? $"data:{Current.ImageContentType};base64,{Convert.ToBase64String(bytes)}" : null;

    public override string FormTitle => Text["EditTitle", Current.Name].Value;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal) return refusal;
        ShowDraft(AchievementDraft.From(Current));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal) return refusal;
        var (errors, image) = await CheckAsync(ct);
        if (errors.Count == 0)
        {
            var wasFrozen = Current.FrozenAt is not null;
            var outcome = await Service.UpdateAsync(User, Current, Input, image, "web", ct);
            if (outcome.Succeeded)
            {
                TempData["Notice"] = wasFrozen ? "VersionCreated" : "Saved";
                return Redirect($"/manage/achievements/{outcome.Saved!.Id}");
            }
            errors = outcome.Errors;
        }
        Errors = errors;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal) return refusal;
        return await PreviewAsync(ct);
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await Service.FindAsync(id, ct) is not { } achievement) return NotFound();
        if (!await Access.AllowsAsync(User, StaffRight.ManageAchievements, new StaffResource(ScopeLevel.Achievement, id))) return StatusCode(StatusCodes.Status403Forbidden);
        Current = achievement;
        Issuer = achievement.Issuer!;
        return null;
    }
}
