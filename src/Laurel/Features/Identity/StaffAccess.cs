using System.Security.Claims;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Identity;

/// <summary>What a staff member may do; checked on the server for every staff page and API.</summary>
public enum StaffRight { View, Award, ManageAchievements, ManageStructure, ManageStaff }

/// <summary>
/// Decides staff rights from memberships; a role at a level covers everything below it. Scoped: one instance per request, which
/// reads the person's active memberships and each node's scope chain once and answers the request's further checks (the page's
/// authorization, the authorization handler, the layout and the staff navigation) from that. Whatever changes memberships or the
/// tree in the same request calls <see cref="Forget"/>; the next request reads everything afresh, on every node.
/// </summary>
public sealed class StaffAccess(LaurelDb db)
{
    private Guid? memoPerson;
    private List<StaffMembership>? memoMemberships;
    private readonly Dictionary<(ScopeLevel, Guid), List<Guid>> memoChains = [];

    /// <summary>Drops what this request has read (after a change of memberships or of the tree in this request).</summary>
    public void Forget()
    {
        memoPerson = null;
        memoMemberships = null;
        memoChains.Clear();
    }

    /// <summary>Rights each role grants at (and below) its scope.</summary>
    public static bool Grants(StaffRole role, StaffRight right) => role switch
    {
        StaffRole.InstitutionAdmin or StaffRole.FacultyAdmin => true,
        StaffRole.IssuerAdmin => right is not StaffRight.ManageStructure,
        StaffRole.Awarder => right is StaffRight.View or StaffRight.Award,
        StaffRole.Viewer => right is StaffRight.View,
        _ => false,
    };

    public static Guid? PersonId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>True when the user holds a role granting <paramref name="right"/> on the scope or any level above it.</summary>
    public async Task<bool> HasRightAsync(ClaimsPrincipal user, StaffRight right, ScopeLevel level, Guid scopeId, CancellationToken ct = default)
    {
        if (PersonId(user) is not { } personId) return false;
        var chain = await ScopeChainAsync(level, scopeId, ct);
        if (chain.Count == 0) return false;
        return (await ActiveMembershipsAsync(personId, ct)).Any(m => chain.Contains(m.ScopeId) && Grants(m.Role, right));
    }

    /// <summary>All active memberships of the user (for menus and lists, never as the only check).</summary>
    public async Task<List<StaffMembership>> MembershipsAsync(ClaimsPrincipal user, CancellationToken ct = default) =>
        PersonId(user) is { } personId ? [.. await ActiveMembershipsAsync(personId, ct)] : [];

    /// <summary>
    /// The person's active memberships, read once per request (not tracked: read-only). The same list object until
    /// <see cref="Forget"/>, so callers that derive something from it may keep that for as long as the list is the same.
    /// </summary>
    public async Task<IReadOnlyList<StaffMembership>> ActiveMembershipsAsync(Guid personId, CancellationToken ct = default)
    {
        if (memoMemberships is not null && memoPerson == personId) return memoMemberships;
        var memberships = await db.StaffMemberships.AsNoTracking().Where(m => m.PersonId == personId && m.RevokedAt == null).ToListAsync(ct);
        (memoPerson, memoMemberships) = (personId, memberships);
        return memberships;
    }

    /// <summary>
    /// The scope id and every ancestor id (achievement → issuer → faculty → institution); empty when unknown. A found chain is
    /// kept for the rest of the request (an unknown node is asked again: it may be created in this request). Do not change the list.
    /// </summary>
    public async Task<List<Guid>> ScopeChainAsync(ScopeLevel level, Guid scopeId, CancellationToken ct = default)
    {
        if (memoChains.TryGetValue((level, scopeId), out var known)) return known;
        var chain = await ReadScopeChainAsync(level, scopeId, ct);
        if (chain.Count > 0) memoChains[(level, scopeId)] = chain;
        return chain;
    }

    private async Task<List<Guid>> ReadScopeChainAsync(ScopeLevel level, Guid scopeId, CancellationToken ct)
    {
        switch (level)
        {
            case ScopeLevel.Institution:
                return await db.Institutions.AnyAsync(i => i.Id == scopeId, ct) ? [scopeId] : [];
            case ScopeLevel.Faculty:
                var faculty = await db.Faculties.Where(f => f.Id == scopeId).Select(f => new { f.Id, f.InstitutionId }).FirstOrDefaultAsync(ct);
                return faculty is null ? [] : [faculty.Id, faculty.InstitutionId];
            case ScopeLevel.Issuer:
                var issuer = await db.Issuers.Where(i => i.Id == scopeId)
                    .Select(i => new { i.Id, i.FacultyId, i.Faculty!.InstitutionId }).FirstOrDefaultAsync(ct);
                return issuer is null ? [] : [issuer.Id, issuer.FacultyId, issuer.InstitutionId];
            case ScopeLevel.Achievement:
                var achievement = await db.Achievements.Where(a => a.Id == scopeId)
                    .Select(a => new { a.Id, a.IssuerId, a.Issuer!.FacultyId, a.InstitutionId }).FirstOrDefaultAsync(ct);
                return achievement is null ? [] : [achievement.Id, achievement.IssuerId, achievement.FacultyId, achievement.InstitutionId];
            default:
                return [];
        }
    }
}
