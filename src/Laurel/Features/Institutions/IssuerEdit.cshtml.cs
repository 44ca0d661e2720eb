using Laurel.Features.Identity;
using Laurel.Features.Identity.Authorization;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Institutions;

/// <summary>Create, edit, archive and unarchive an issuer (faculty administrators and above).</summary>
public sealed class IssuerEditModel(StaffAuthorizer guard, LaurelDb db, AuditLog audit, TimeProvider clock,
    IStringLocalizer<InstitutionsText> L) : PageModel
{
    public Faculty Faculty { get; private set; } = null!;
    public Issuer? Issuer { get; private set; }
    public IssuerInput Input { get; private set; } = new();
    public Problems Errors { get; private set; } = Problems.OnePerField();

    public async Task<IActionResult> OnGetAsync(Guid facultyId, Guid? issuerId, CancellationToken ct)
    {
        if (await LoadAsync(facultyId, issuerId, ct) is { } denied) return denied;
        if (Issuer is not null) Input = IssuerInput.From(Issuer);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid facultyId, Guid? issuerId, IssuerInput input, CancellationToken ct)
    {
        if (await LoadAsync(facultyId, issuerId, ct) is { } denied) return denied;
        Input = input;
        (Errors, var image) = await input.ValidateAsync(L, ct);
        if (Issuer is null && Faculty.ArchivedAt is not null) Errors.Add(nameof(input.NameNl), L["ErrFacultyArchived"]);
        if (Errors.Any)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        if (Issuer is null)
        {
            var issuer = new Issuer { Id = Guid.CreateVersion7(), FacultyId = facultyId, NameNl = "", NameEn = "", CreatedAt = clock.GetUtcNow().UtcDateTime };
            var values = input.ApplyTo(issuer, image);
            db.Issuers.Add(issuer);
            audit.Add(User, "issuer.created", nameof(Issuer), issuer.Id, Faculty.InstitutionId, values);
        }
        else if (input.ApplyTo(Issuer, image) is { Count: > 0 } changes)
        {
            audit.Add(User, "issuer.updated", nameof(Issuer), Issuer.Id, Faculty.InstitutionId, changes);
        }
        await db.SaveChangesAsync(ct);
        TempData["Notice"] = L["Saved"].Value;
        return Redirect($"/manage/institutions/{Faculty.InstitutionId}");
    }

    public Task<IActionResult> OnPostArchiveAsync(Guid facultyId, Guid? issuerId, CancellationToken ct) =>
        SetArchivedAsync(facultyId, issuerId, archived: true, ct);

    public Task<IActionResult> OnPostUnarchiveAsync(Guid facultyId, Guid? issuerId, CancellationToken ct) =>
        SetArchivedAsync(facultyId, issuerId, archived: false, ct);

    private async Task<IActionResult> SetArchivedAsync(Guid facultyId, Guid? issuerId, bool archived, CancellationToken ct)
    {
        if (issuerId is null) return NotFound();
        if (await LoadAsync(facultyId, issuerId, ct) is { } denied) return denied;
        if ((Issuer!.ArchivedAt is null) == archived)
        {
            Issuer.ArchivedAt = archived ? clock.GetUtcNow().UtcDateTime : null;
            audit.Add(User, archived ? "issuer.archived" : "issuer.unarchived", nameof(Issuer), Issuer.Id, Faculty.InstitutionId);
            await db.SaveChangesAsync(ct);
        }
        var lang = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        TempData["Notice"] = L[archived ? "ArchivedNotice" : "UnarchivedNotice", Issuer.Name(lang)].Value;
        return Redirect($"/manage/institutions/{Faculty.InstitutionId}" + (archived ? "?archived=true" : ""));
    }

    private async Task<IActionResult?> LoadAsync(Guid facultyId, Guid? issuerId, CancellationToken ct)
    {
        var denied = issuerId is { } iid
            ? await guard.RequireAsync(User, StaffRight.ManageStructure, ScopeLevel.Issuer, iid, ct)
            : await guard.RequireAsync(User, StaffRight.ManageStructure, ScopeLevel.Faculty, facultyId, ct);
        if (denied is not null) return denied;
        var faculty = await db.Faculties.Include(f => f.Institution).FirstOrDefaultAsync(f => f.Id == facultyId, ct);
        if (faculty is null) return NotFound();
        Faculty = faculty;
        if (issuerId is { } id)
        {
            Issuer = await db.Issuers.FirstOrDefaultAsync(i => i.Id == id && i.FacultyId == facultyId, ct);
            if (Issuer is null) return NotFound();
        }
        return null;
    }
}
