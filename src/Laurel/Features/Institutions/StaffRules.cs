using Laurel.Features.Identity;

namespace Laurel.Features.Institutions;

/// <summary>Who may hand out which role where; pure rules, so they read (and test) without a database.</summary>
public static class StaffRules
{
    /// <summary>Roles from most to least powerful (the enum order).</summary>
    public static int Rank(StaffRole role) => (int)role;

    /// <summary>Admin roles belong to their own level; awarders and viewers fit at any level of the tree.</summary>
    public static bool FitsLevel(StaffRole role, ScopeLevel level) => role switch
    {
        StaffRole.InstitutionAdmin => level == ScopeLevel.Institution,
        StaffRole.FacultyAdmin => level == ScopeLevel.Faculty,
        StaffRole.IssuerAdmin => level == ScopeLevel.Issuer,
        _ => level is ScopeLevel.Institution or ScopeLevel.Faculty or ScopeLevel.Issuer,
    };

    /// <summary>Never a role higher than the actor's own (their strongest role on the scope or above it).</summary>
    public static bool MayGrant(StaffRole? actorBest, StaffRole role, ScopeLevel level) =>
        actorBest is { } best && StaffAccess.Grants(best, StaffRight.ManageStaff) && Rank(best) <= Rank(role) && FitsLevel(role, level);

    public static bool IsAdmin(StaffRole role) => role is StaffRole.InstitutionAdmin or StaffRole.FacultyAdmin or StaffRole.IssuerAdmin;

    /// <summary>Roles offered on a page: those the actor may grant at this level.</summary>
    public static IEnumerable<StaffRole> Grantable(StaffRole? actorBest, ScopeLevel level) =>
        Enum.GetValues<StaffRole>().Where(r => MayGrant(actorBest, r, level));
}
