using System.Security.Claims;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Identity;

/// <summary>What a staff member may do; checked on the server for every staff page and API.</summary>
public enum StaffRight { View, Award, ManageAchievements, ManageStructure, ManageStaff }

/// <summary>Decides staff rights from memberships; a role at a level covers everything below it.</summary>
public sealed class StaffAccess(LaurelDb db)
{
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
        var roles = await db.StaffMemberships
            .Where(m => m.PersonId == personId && m.RevokedAt == null && chain.Contains(m.ScopeId))
            .Select(m => m.Role).ToListAsync(ct);
        return roles.Any(r => Grants(r, right));
    }

    /// <summary>All active memberships of the user (for menus and lists, never as the only check).</summary>
    public async Task<List<StaffMembership>> MembershipsAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (PersonId(user) is not { } personId) return [];
        return await db.StaffMemberships.Where(m => m.PersonId == personId && m.RevokedAt == null).ToListAsync(ct);
    }

    /// <summary>The scope id and every ancestor id (achievement → issuer → faculty → institution); empty when unknown.</summary>
    public async Task<List<Guid>> ScopeChainAsync(ScopeLevel level, Guid scopeId, CancellationToken ct = default)
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
