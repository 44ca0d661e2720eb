using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Pathways.Manage;

/// <summary>Change, publish, archive or restore a pathway (archive instead of delete).</summary>
public sealed class EditModel(PathwayService pathways, LaurelDb db, IStringLocalizer<PathwaysText> t) : PathwayFormPage(pathways)
{
    public Pathway Current { get; private set; } = null!;

    public override string FormTitle => t["EditTitle", Current.Name(PathwayDisplay.Language)].Value;
    public override string FormAction => $"/manage/pathways/{Current.Id}/edit";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal) return refusal;
        Input = PathwayInput.From(Current);
        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal) return refusal;
        var outcome = await Pathways.UpdateAsync(User, Current, Input, ct);
        if (outcome.Saved is not null)
        {
            TempData["Notice"] = "Notice_Saved";
            return Redirect($"/manage/pathways/{id}/edit");
        }
        Errors = outcome.Errors;
        KeepRowNumbers();
        return await ShowAsync(ct, invalid: true);
    }

    public Task<IActionResult> OnPostArchiveAsync(Guid id, CancellationToken ct) => SetArchivedAsync(id, true, ct);

    public Task<IActionResult> OnPostRestoreAsync(Guid id, CancellationToken ct) => SetArchivedAsync(id, false, ct);

    private async Task<IActionResult> SetArchivedAsync(Guid id, bool archived, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal) return refusal;
        await Pathways.SetArchivedAsync(User, Current, archived, ct);
        TempData["Notice"] = archived ? "Notice_Archived" : "Notice_Restored";
        return Redirect($"/manage/pathways/{id}/edit");
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await Pathways.FindAsync(id, ct) is not { } pathway) return NotFound();
        Current = pathway;
        Institution = await db.Institutions.AsNoTracking().FirstAsync(i => i.Id == pathway.InstitutionId, ct);
        return await RequireManagerAsync(pathway.InstitutionId, ct);
    }
}
