using System.Security.Claims;
using Laurel.Features.Identity.ApiClients;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Identity.Authorization;

/// <summary>
/// The one answer to every staff requirement on a <see cref="StaffResource"/>, for pages, endpoints and services alike. Staff:
/// the role rules of <see cref="StaffAccess"/>. API clients: only the Award right, only on definitions of their own institution,
/// only with an awarding scope and only while not revoked. Unknown resources never succeed.
/// </summary>
public sealed class StaffRightHandler(StaffAccess access, LaurelDb db) : IAuthorizationHandler
{
    /// <summary>Scopes that allow awarding within the client's own institution: issuing through the VC-API (awards:write) and
    /// reporting completions that are awarded automatically (results:write).</summary>
    public static readonly IReadOnlyList<string> AwardingScopes = [ApiScopes.AwardsWrite, ApiScopes.ResultsWrite];

    public async Task HandleAsync(AuthorizationHandlerContext context)
    {
        if (context.Resource is not StaffResource resource) return;
        foreach (var requirement in context.PendingRequirements.ToList())
        {
            var allowed = requirement switch
            {
                StaffRightRequirement r => await HasRightAsync(context.User, r.Right, resource),
                InstitutionRoleRequirement r => resource.Level == ScopeLevel.Institution && await HasInstitutionRoleAsync(context.User, r, resource.Id),
                _ => (bool?)null,
            };
            if (allowed == true) context.Succeed(requirement);
        }
    }

    private async Task<bool> HasRightAsync(ClaimsPrincipal user, StaffRight right, StaffResource resource)
    {
        if (user.FindFirstValue(ApiClientAuthentication.ClientIdClaim) is not { } clientId)
            return await access.HasRightAsync(user, right, resource.Level, resource.Id);
        if (right != StaffRight.Award || resource.Level != ScopeLevel.Achievement) return false;
        var clientInstitution = ApiClientAuthentication.InstitutionId(user);
        if (clientInstitution is null || !user.FindAll(ApiClientAuthentication.ScopeClaim).Any(c => AwardingScopes.Contains(c.Value))) return false;
        var institutionId = resource.InstitutionId
            ?? await db.Achievements.Where(a => a.Id == resource.Id).Select(a => (Guid?)a.InstitutionId).FirstOrDefaultAsync();
        return institutionId == clientInstitution && (resource.ClientConfirmedActive
            || await db.ApiClients.AnyAsync(c => c.ClientId == clientId && c.RevokedAt == null && c.InstitutionId == institutionId));
    }

    private async Task<bool> HasInstitutionRoleAsync(ClaimsPrincipal user, InstitutionRoleRequirement requirement, Guid institutionId)
    {
        if (StaffAccess.PersonId(user) is not { } personId) return false;
        // The request's memberships, read once (StaffAccess), for this check, the page's own checks and the staff navigation.
        var memberships = (await access.ActiveMembershipsAsync(personId)).Where(m => m.InstitutionId == institutionId);
        if (requirement.AdministratorsOnly)
            return memberships.Any(m => m.ScopeId == institutionId && m.Level == ScopeLevel.Institution && m.Role == StaffRole.InstitutionAdmin);
        if (requirement.RightAnywhereInside is not { } right) return memberships.Any();
        return memberships.Any(m => StaffAccess.Grants(m.Role, right));
    }
}
