using Laurel.Features.Identity;
using Laurel.Features.Identity.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Achievements.Manage;

/// <summary>Create a definition for an issuer; needs ManageAchievements on that issuer.</summary>
public sealed class NewModel(AchievementService service, StaffAuthorizer access, IStringLocalizer<AchievementText> t)
    : AchievementFormPage(service, access, t)
{
    public override string FormTitle => Text["NewFor", Issuer.Name(Lang)].Value;

    private static string Lang => System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public async Task<IActionResult> OnGetAsync(Guid issuerId, CancellationToken ct)
    {
        if (await LoadAsync(issuerId, ct) is { } refusal) return refusal;
        ShowDraft(AchievementService.NewDraft(Institution));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid issuerId, CancellationToken ct)
    {
        if (await LoadAsync(issuerId, ct) is { } refusal) return refusal;
        var (errors, image) = await CheckAsync(ct);
        if (errors.Count == 0)
        {
            var outcome = await Service.CreateAsync(User, Issuer, Input, image, "web", ct);
            if (outcome.Succeeded)
            {
                TempData["Notice"] = "Created";
                return Redirect($"/manage/achievements/{outcome.Saved!.Id}");
            }
            errors = outcome.Errors;
        }
        Errors = errors;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(Guid issuerId, CancellationToken ct)
    {
        if (await LoadAsync(issuerId, ct) is { } refusal) return refusal;
        return await PreviewAsync(ct);
    }

    private async Task<IActionResult?> LoadAsync(Guid issuerId, CancellationToken ct)
    {
        if (await Service.IssuerAsync(issuerId, ct) is not { } issuer) return NotFound();
        if (!await Access.AllowsAsync(User, StaffRight.ManageAchievements, new StaffResource(ScopeLevel.Issuer, issuerId))) return StatusCode(StatusCodes.Status403Forbidden);
        Issuer = issuer;
        return null;
    }
}
