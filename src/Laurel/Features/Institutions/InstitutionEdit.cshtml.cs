using Laurel.Features.Identity;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Institutions;

/// <summary>Institution settings form (institution administrators).</summary>
[RequireStaffRight(StaffRight.ManageStructure, ScopeLevel.Institution, "id")]
public sealed class InstitutionEditModel(LaurelDb db, AuditLog audit, TimeProvider clock,
    IStringLocalizer<InstitutionsText> L) : PageModel
{
    public Institution Institution { get; private set; } = null!;
    public InstitutionSettingsInput Input { get; private set; } = new();
    public Problems Errors { get; private set; } = Problems.OnePerField();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Institution = await db.Institutions.FirstAsync(i => i.Id == id, ct);
        Input = InstitutionSettingsInput.From(Institution);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, InstitutionSettingsInput input, CancellationToken ct)
    {
        Institution = await db.Institutions.FirstAsync(i => i.Id == id, ct);
        Input = input;
        Errors = input.Validate(L, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var identifier = input.Identifier?.Trim().ToLowerInvariant();
        if (!Errors.Has(nameof(input.Identifier)) && await db.Institutions.AnyAsync(i => i.Id != id && i.Identifier == identifier, ct))
            Errors.Add(nameof(input.Identifier), L["ErrIdentifierTaken"]);
        if (Errors.Any)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var changes = input.ApplyTo(Institution);
        if (changes.Count > 0)
        {
            audit.Add(User, "institution.updated", nameof(Institution), id, id, changes);
            await db.SaveChangesAsync(ct);
        }
        TempData["Notice"] = L["Saved"].Value;
        return Redirect($"/manage/institutions/{id}");
    }
}
