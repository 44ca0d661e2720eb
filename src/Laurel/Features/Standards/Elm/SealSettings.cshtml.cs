using Laurel.Features.Identity;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Standards.Elm;

/// <summary>The institution's Europass seal: upload a PKCS#12 seal certificate, see which one is in use, remove it (institution admins).</summary>
[RequireStaffRight(StaffRight.ManageStructure, ScopeLevel.Institution, "id")]
[RequestSizeLimit(ElmSeals.MaxFileBytes + 16 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = ElmSeals.MaxFileBytes + 16 * 1024)]
public sealed class SealSettingsModel(LaurelDb db, ElmSeals seals, IStringLocalizer<ElmText> E) : PageModel
{
    public Institution Institution { get; private set; } = null!;
    public ElmSeal? Seal { get; private set; }
    public Problems Errors { get; private set; } = Problems.OnePerField();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, IFormFile? file, string? password, CancellationToken ct)
    {
        byte[]? bytes = null;
        if (file is not null && file.Length <= ElmSeals.MaxFileBytes)
        {
            using var memory = new MemoryStream();
            await file.CopyToAsync(memory, ct);
            bytes = memory.ToArray();
        }
        else if (file is not null) bytes = new byte[ElmSeals.MaxFileBytes + 1]; // reported as too large, never read
        Errors = await seals.UploadAsync(id, bytes, password, User, ct);
        if (Errors.Any)
        {
            await LoadAsync(id, ct);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        TempData["Notice"] = E["SealSaved"].Value;
        return Redirect($"/manage/institutions/{id}/europass-seal");
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, CancellationToken ct)
    {
        if (await seals.RemoveAsync(id, User, ct)) TempData["Notice"] = E["SealRemoved"].Value;
        return Redirect($"/manage/institutions/{id}/europass-seal");
    }

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        Institution = await db.Institutions.AsNoTracking().FirstAsync(i => i.Id == id, ct);
        Seal = await seals.FindAsync(id, ct);
    }
}
