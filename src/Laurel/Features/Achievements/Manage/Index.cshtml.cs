using Laurel.Features.Identity;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Achievements.Manage;

/// <summary>Definitions of every issuer the staff member has a role on, filtered by status.</summary>
[Authorize]
public sealed class IndexModel(LaurelDb db, StaffAccess access) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    public List<Achievement> Achievements { get; private set; } = [];
    /// <summary>Issuers the user may create definitions for.</summary>
    public List<Issuer> CreatableFor { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var memberships = await access.MembershipsAsync(User, ct);
        var scope = IdsByLevel(memberships);
        var query = db.Achievements.Where(a => scope[ScopeLevel.Institution].Contains(a.InstitutionId)
            || scope[ScopeLevel.Faculty].Contains(a.Issuer!.FacultyId) || scope[ScopeLevel.Issuer].Contains(a.IssuerId)
            || scope[ScopeLevel.Achievement].Contains(a.Id));
        query = Status switch
        {
            "draft" => query.Where(a => a.Status == AchievementStatus.Draft && a.ArchivedAt == null),
            "published" => query.Where(a => a.Status == AchievementStatus.Published && a.ArchivedAt == null),
            "archived" => query.Where(a => a.ArchivedAt != null),
            "all" => query,
            _ => query.Where(a => a.ArchivedAt == null),
        };
        Achievements = await query.Include(a => a.Issuer).OrderBy(a => a.Name).ThenBy(a => a.Version).ToListAsync(ct);

        var managing = IdsByLevel(memberships.Where(m => StaffAccess.Grants(m.Role, StaffRight.ManageAchievements)));
        CreatableFor = await db.Issuers.Where(i => i.ArchivedAt == null && (managing[ScopeLevel.Issuer].Contains(i.Id)
                || managing[ScopeLevel.Faculty].Contains(i.FacultyId) || managing[ScopeLevel.Institution].Contains(i.Faculty!.InstitutionId)))
            .OrderBy(i => i.NameNl).ToListAsync(ct);
    }

    private static Dictionary<ScopeLevel, List<Guid>> IdsByLevel(IEnumerable<StaffMembership> memberships) =>
        Enum.GetValues<ScopeLevel>().ToDictionary(level => level, level => memberships.Where(m => m.Level == level).Select(m => m.ScopeId).ToList());
}
