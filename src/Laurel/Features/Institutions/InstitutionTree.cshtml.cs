using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Institutions;

/// <summary>An institution's settings and its tree of faculties and issuers, limited to the part the person has a role in.</summary>
[RequireStaffRight(ScopeLevel.Institution, "id")]
public sealed class InstitutionTreeModel(StaffAccess access, LaurelDb db) : PageModel
{
    public sealed record IssuerNode(Issuer Issuer, bool CanEdit, bool CanManageStaff);
    public sealed record FacultyNode(Faculty Faculty, bool CanEdit, bool CanManageStaff, List<IssuerNode> Issuers);

    public Institution Institution { get; private set; } = null!;
    public List<FacultyNode> Faculties { get; private set; } = [];
    public bool CanEditInstitution { get; private set; }
    public bool CanManageInstitutionStaff { get; private set; }
    public bool IsInstitutionAdmin { get; private set; }

    [BindProperty(SupportsGet = true, Name = "archived")]
    public bool ShowArchived { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Institution = await db.Institutions.AsNoTracking().Include(i => i.Faculties).ThenInclude(f => f.Issuers).FirstAsync(i => i.Id == id, ct);
        var roles = (await access.MembershipsAsync(User, ct)).Where(m => m.InstitutionId == id).ToList();
        bool Has(StaffRight right, params Guid[] chain) => roles.Any(m => chain.Contains(m.ScopeId) && StaffAccess.Grants(m.Role, right));
        bool Sees(params Guid[] chain) => roles.Any(m => chain.Contains(m.ScopeId));

        CanEditInstitution = Has(StaffRight.ManageStructure, id);
        CanManageInstitutionStaff = Has(StaffRight.ManageStaff, id);
        IsInstitutionAdmin = roles.Any(m => m.ScopeId == id && m.Role == StaffRole.InstitutionAdmin);
        foreach (var faculty in Institution.Faculties.OrderBy(f => f.NameNl))
        {
            if (faculty.ArchivedAt is not null && !ShowArchived) continue;
            var issuers = faculty.Issuers.OrderBy(i => i.NameNl)
                .Where(i => (i.ArchivedAt is null || ShowArchived) && Sees(id, faculty.Id, i.Id))
                .Select(i => new IssuerNode(i, Has(StaffRight.ManageStructure, id, faculty.Id, i.Id), Has(StaffRight.ManageStaff, id, faculty.Id, i.Id)))
                .ToList();
            // A person with a role on one issuer sees that issuer under its faculty, but not the faculty's other issuers.
            if (!Sees(id, faculty.Id) && issuers.Count == 0) continue;
            Faculties.Add(new FacultyNode(faculty, Has(StaffRight.ManageStructure, id, faculty.Id), Has(StaffRight.ManageStaff, id, faculty.Id), issuers));
        }
        return Page();
    }
}
