using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Pathways.Manage;

/// <summary>Define a new pathway for one institution.</summary>
public sealed class NewModel(PathwayService pathways, LaurelDb db, IStringLocalizer<PathwaysText> t) : PathwayFormPage(pathways)
{
    [BindProperty(SupportsGet = true, Name = "institution")] public Guid InstitutionId { get; set; }

    public override string FormTitle => t["NewTitle"].Value;
    public override string FormAction => $"/manage/pathways/new?institution={InstitutionId}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await LoadAsync(ct) ?? await ShowAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refusal) return refusal;
        var outcome = await Pathways.CreateAsync(User, InstitutionId, Input, ct);
        if (outcome.Saved is { } saved)
        {
            TempData["Notice"] = "Notice_Saved";
            return Redirect($"/manage/pathways/{saved.Id}/edit");
        }
        Errors = outcome.Errors;
        KeepRowNumbers();
        return await ShowAsync(ct, invalid: true);
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (await db.Institutions.AsNoTracking().FirstOrDefaultAsync(i => i.Id == InstitutionId, ct) is not { } institution) return NotFound();
        Institution = institution;
        return await RequireManagerAsync(institution.Id, ct);
    }
}
