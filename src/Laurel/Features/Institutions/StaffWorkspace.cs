using System.Security.Claims;
using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Institutions;

/// <summary>
/// What the staff workspace (navigation and dashboard) offers a person: only places and actions their roles allow, decided with
/// the same rules as the pages themselves (<see cref="StaffAccess.Grants"/> and the institution-administrator rule), so a link
/// shown never answers 403. Menus only: every page still checks on the server.
/// </summary>
public sealed class StaffWorkspace(StaffAccess access, LaurelDb db)
{
    /// <summary>A node the person holds a role on (achievement-level roles carry the definition's name).</summary>
    public sealed record RoleAt(StaffRole Role, ScopeLevel Level, Guid ScopeId, Guid InstitutionId, string NameNl, string NameEn)
    {
        public string Name(string lang) => lang == "en" ? NameEn : NameNl;
        public bool Grants(StaffRight right) => StaffAccess.Grants(Role, right);
    }

    /// <summary>A staff page of a faculty or issuer the person may manage staff of (below the institution).</summary>
    public sealed record StaffPage(ScopeLevel Level, Guid Id, string NameNl, string NameEn)
    {
        public string Name(string lang) => lang == "en" ? NameEn : NameNl;
        public string Href => $"/manage/{StaffScope.Segment(Level)}/{Id}/staff";
    }

    public sealed record InstitutionLinks(Guid Id, string NameNl, string NameEn, bool IsAdministrator, bool CanEdit, bool CanManageStaff,
        List<StaffPage> StaffPages)
    {
        public string Name(string lang) => lang == "en" ? NameEn : NameNl;
    }

    public sealed record IssuerRef(Guid Id, string NameNl, string NameEn)
    {
        public string Name(string lang) => lang == "en" ? NameEn : NameNl;
    }

    public sealed record Workspace(List<RoleAt> Roles, List<InstitutionLinks> Institutions, List<IssuerRef> DefinableIssuers)
    {
        public bool HasRole => Roles.Count > 0;
        /// <summary>The requests page: anyone holding the Award right somewhere.</summary>
        public bool MayAward => Roles.Any(r => r.Grants(StaffRight.Award));
        /// <summary>The pathways page: anyone holding ManageAchievements somewhere.</summary>
        public bool MayManagePathways => Roles.Any(r => r.Grants(StaffRight.ManageAchievements));
    }

    // The workspace made from the request's memberships (StaffAccess reads them once per request): the layout's navigation and
    // the dashboard ask for it in the same request. Made again when StaffAccess has read the memberships again (after Forget).
    private (IReadOnlyList<StaffMembership> From, Workspace Made)? memo;

    /// <summary>True when the person holds any active staff role (the header's "Manage" link).</summary>
    public async Task<bool> HasRoleAsync(ClaimsPrincipal user, CancellationToken ct = default) =>
        StaffAccess.PersonId(user) is { } personId && (await access.ActiveMembershipsAsync(personId, ct)).Count > 0;

    /// <summary>The person's roles and, per institution, the institution-wide pages they may open.</summary>
    public async Task<Workspace> LoadAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (StaffAccess.PersonId(user) is not { } personId) return new([], [], []);
        var active = await access.ActiveMembershipsAsync(personId, ct);
        if (memo is { } known && ReferenceEquals(known.From, active)) return known.Made;
        var made = await MakeAsync([.. active], ct);
        memo = (active, made);
        return made;
    }

    private async Task<Workspace> MakeAsync(List<StaffMembership> memberships, CancellationToken ct)
    {
        if (memberships.Count == 0) return new([], [], []);
        var institutionIds = memberships.Select(m => m.InstitutionId).Distinct().ToList();
        // One read of the institutions: their links below and the names of institution-level roles (the same ids in practice).
        var named = institutionIds.Union(memberships.Where(m => m.Level == ScopeLevel.Institution).Select(m => m.ScopeId)).ToList();
        var institutions = await db.Institutions.AsNoTracking().Where(i => named.Contains(i.Id))
            .OrderBy(i => i.NameNl).Select(i => new { i.Id, i.NameNl, i.NameEn }).ToListAsync(ct);
        var roles = await RolesAsync(memberships, institutions.ToDictionary(i => i.Id, i => (i.NameNl, i.NameEn)), ct);
        institutions = [.. institutions.Where(i => institutionIds.Contains(i.Id))];
        var links = institutions.Select(i =>
        {
            var here = roles.Where(r => r.InstitutionId == i.Id).ToList();
            bool AtInstitution(StaffRight right) => here.Any(r => r.Level == ScopeLevel.Institution && r.ScopeId == i.Id && r.Grants(right));
            var canManageStaff = AtInstitution(StaffRight.ManageStaff);
            // Below the institution: the staff pages of the faculties and issuers whose staff they manage (the institution's
            // own page covers those when they manage the whole institution).
            List<StaffPage> staffPages = canManageStaff ? [] : here
                .Where(r => r.Level is ScopeLevel.Faculty or ScopeLevel.Issuer && r.Grants(StaffRight.ManageStaff))
                .Select(r => new StaffPage(r.Level, r.ScopeId, r.NameNl, r.NameEn)).ToList();
            return new InstitutionLinks(i.Id, i.NameNl, i.NameEn,
                here.Any(r => r.Level == ScopeLevel.Institution && r.ScopeId == i.Id && r.Role == StaffRole.InstitutionAdmin),
                AtInstitution(StaffRight.ManageStructure), canManageStaff, staffPages);
        }).ToList();

        var managing = memberships.Where(m => StaffAccess.Grants(m.Role, StaffRight.ManageAchievements)).ToList();
        var byInstitution = managing.Where(m => m.Level == ScopeLevel.Institution).Select(m => m.ScopeId).ToList();
        var byFaculty = managing.Where(m => m.Level == ScopeLevel.Faculty).Select(m => m.ScopeId).ToList();
        var byIssuer = managing.Where(m => m.Level == ScopeLevel.Issuer).Select(m => m.ScopeId).ToList();
        List<IssuerRef> issuers = managing.Count == 0 ? [] : await db.Issuers.AsNoTracking()
            .Where(i => i.ArchivedAt == null && (byIssuer.Contains(i.Id) || byFaculty.Contains(i.FacultyId) || byInstitution.Contains(i.Faculty!.InstitutionId)))
            .OrderBy(i => i.NameNl).Select(i => new IssuerRef(i.Id, i.NameNl, i.NameEn)).ToListAsync(ct);
        return new(roles, links, issuers);
    }

    // Names of the nodes the roles are on: the institutions' are already read; a level without roles costs no query.
    private async Task<List<RoleAt>> RolesAsync(List<StaffMembership> memberships, Dictionary<Guid, (string Nl, string En)> institutionNames, CancellationToken ct)
    {
        List<Guid> Ids(ScopeLevel level) => memberships.Where(m => m.Level == level).Select(m => m.ScopeId).ToList();
        var (institutions, faculties, issuers, achievements) = (Ids(ScopeLevel.Institution), Ids(ScopeLevel.Faculty), Ids(ScopeLevel.Issuer), Ids(ScopeLevel.Achievement));
        var names = new Dictionary<Guid, (string Nl, string En)>();
        foreach (var id in institutions)
            if (institutionNames.TryGetValue(id, out var name)) names[id] = name;
        if (faculties.Count > 0)
            foreach (var n in await db.Faculties.Where(i => faculties.Contains(i.Id)).Select(i => new { i.Id, i.NameNl, i.NameEn }).ToListAsync(ct))
                names[n.Id] = (n.NameNl, n.NameEn);
        if (issuers.Count > 0)
            foreach (var n in await db.Issuers.Where(i => issuers.Contains(i.Id)).Select(i => new { i.Id, i.NameNl, i.NameEn }).ToListAsync(ct))
                names[n.Id] = (n.NameNl, n.NameEn);
        if (achievements.Count > 0)
            foreach (var n in await db.Achievements.Where(a => achievements.Contains(a.Id)).Select(a => new { a.Id, a.Name }).ToListAsync(ct))
                names[n.Id] = (n.Name, n.Name);
        return memberships.Where(m => names.ContainsKey(m.ScopeId))
            .Select(m => new RoleAt(m.Role, m.Level, m.ScopeId, m.InstitutionId, names[m.ScopeId].Nl, names[m.ScopeId].En))
            .OrderBy(r => r.Level).ThenBy(r => StaffRules.Rank(r.Role)).ThenBy(r => r.NameNl).ToList();
    }
}
