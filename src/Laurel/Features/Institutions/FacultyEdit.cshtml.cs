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

/// <summary>Create a faculty (institution administrators) or edit, archive and unarchive one (faculty administrators and above).</summary>
public sealed class FacultyEditModel(StaffAuthorizer guard, LaurelDb db, AuditLog audit, TimeProvider clock,
    IStringLocalizer<InstitutionsText> L) : PageModel
{
    public Institution Institution { get; private set; } = null!;
    public Faculty? Faculty { get; private set; }
    public FacultyInput Input { get; private set; } = new();
    public Problems Errors { get; private set; } = Problems.OnePerField();

    public async Task<IActionResult> OnGetAsync(Guid institutionId, Guid? facultyId, CancellationToken ct)
    {
        if (await LoadAsync(institutionId, facultyId, ct) is { } denied) return denied;
        if (Faculty is not null) Input = FacultyInput.From(Faculty);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid institutionId, Guid? facultyId, FacultyInput input, CancellationToken ct)
    {
        if (await LoadAsync(institutionId, facultyId, ct) is { } denied) return denied;
        Input = input;
        Errors = input.Validate(L);
        if (Errors.Any)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        if (Faculty is null)
        {
            var faculty = new Faculty { Id = Guid.CreateVersion7(), InstitutionId = institutionId, NameNl = "", NameEn = "", CreatedAt = clock.GetUtcNow().UtcDateTime };
            var values = input.ApplyTo(faculty);
            db.Faculties.Add(faculty);
            audit.Add(User, "faculty.created", nameof(Faculty), faculty.Id, institutionId, values);
        }
        else if (input.ApplyTo(Faculty) is { Count: > 0 } changes)
        {
            audit.Add(User, "faculty.updated", nameof(Faculty), Faculty.Id, institutionId, changes);
        }
        await db.SaveChangesAsync(ct);
        TempData["Notice"] = L["Saved"].Value;
        return Redirect($"/manage/institutions/{institutionId}");
    }

    public Task<IActionResult> OnPostArchiveAsync(Guid institutionId, Guid? facultyId, CancellationToken ct) =>
        SetArchivedAsync(institutionId, facultyId, archived: true, ct);

    public Task<IActionResult> OnPostUnarchiveAsync(Guid institutionId, Guid? facultyId, CancellationToken ct) =>
        SetArchivedAsync(institutionId, facultyId, archived: false, ct);

    private async Task<IActionResult> SetArchivedAsync(Guid institutionId, Guid? facultyId, bool archived, CancellationToken ct)
    {
        if (facultyId is null) return NotFound();
        if (await LoadAsync(institutionId, facultyId, ct) is { } denied) return denied;
        if ((Faculty!.ArchivedAt is null) == archived)
        {
            Faculty.ArchivedAt = archived ? clock.GetUtcNow().UtcDateTime : null;
            audit.Add(User, archived ? "faculty.archived" : "faculty.unarchived", nameof(Faculty), Faculty.Id, institutionId);
            await db.SaveChangesAsync(ct);
        }
        TempData["Notice"] = L[archived ? "ArchivedNotice" : "UnarchivedNotice", Faculty.Name(Lang)].Value;
        return Redirect($"/manage/institutions/{institutionId}" + (archived ? "?archived=true" : ""));
    }

    private static string Lang => System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    // Creating needs the institution's ManageStructure; changing a faculty needs it on that faculty, inside this institution.
    private async Task<IActionResult?> LoadAsync(Guid institutionId, Guid? facultyId, CancellationToken ct)
    {
        var denied = facultyId is { } fid
            ? await guard.RequireAsync(User, StaffRight.ManageStructure, ScopeLevel.Faculty, fid, ct)
            : await guard.RequireAsync(User, StaffRight.ManageStructure, ScopeLevel.Institution, institutionId, ct);
        if (denied is not null) return denied;
        Institution = await db.Institutions.FirstAsync(i => i.Id == institutionId, ct);
        if (facultyId is { } id)
        {
            Faculty = await db.Faculties.FirstOrDefaultAsync(f => f.Id == id && f.InstitutionId == institutionId, ct);
            if (Faculty is null) return NotFound();
        }
        return null;
    }
}
