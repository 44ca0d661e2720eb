using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Institutions;

/// <summary>/manage: the places in which the signed-in person has a staff role, with what they may do there.</summary>
public sealed class DashboardModel(StaffAccess access, LaurelDb db) : PageModel
{
    public sealed record RoleAt(StaffRole Role, StaffScope Scope)
    {
        public bool CanManageStaff => StaffAccess.Grants(Role, StaffRight.ManageStaff) && Scope.Level != ScopeLevel.Achievement;
        public bool CanSeeAudit => Role == StaffRole.InstitutionAdmin && Scope.Level == ScopeLevel.Institution;
    }

    public sealed record InstitutionGroup(Guid Id, string NameNl, string NameEn, List<RoleAt> Roles);

    public List<InstitutionGroup> Institutions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is null) return Challenge();
        var memberships = await access.MembershipsAsync(User, ct);
        var roles = new List<(Guid InstitutionId, RoleAt Role)>();
        foreach (var m in memberships)
        {
            var scope = await StaffScope.FindAsync(db, m.Level, m.ScopeId, ct)
                ?? (m.Level == ScopeLevel.Achievement ? await AchievementScopeAsync(m.ScopeId, ct) : null);
            if (scope is not null) roles.Add((m.InstitutionId, new RoleAt(m.Role, scope)));
        }
        var ids = roles.Select(r => r.InstitutionId).Distinct().ToList();
        Institutions = await db.Institutions.Where(i => ids.Contains(i.Id)).OrderBy(i => i.NameNl)
            .Select(i => new InstitutionGroup(i.Id, i.NameNl, i.NameEn, new List<RoleAt>())).ToListAsync(ct);
        foreach (var group in Institutions)
            group.Roles.AddRange(roles.Where(r => r.InstitutionId == group.Id).Select(r => r.Role)
                .OrderBy(r => r.Scope.Level).ThenBy(r => StaffRules.Rank(r.Role)));
        return Page();
    }

    private Task<StaffScope?> AchievementScopeAsync(Guid id, CancellationToken ct) =>
        db.Achievements.Where(a => a.Id == id)
            .Select(a => new StaffScope(ScopeLevel.Achievement, a.Id, a.InstitutionId, a.Name, a.Name)).FirstOrDefaultAsync(ct);
}
