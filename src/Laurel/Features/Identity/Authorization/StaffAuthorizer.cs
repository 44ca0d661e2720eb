using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Laurel.Features.Identity.Authorization;

/// <summary>
/// Asks ASP.NET Core's <see cref="IAuthorizationService"/> (and so <see cref="StaffRightHandler"/>) and turns the answer into what
/// a page, an endpoint or a service needs. Order of the answers: not signed in → sign in; unknown node → 404; no right → 403.
/// Unknown is decided before rights, but neither answer shows any data of the node.
/// </summary>
public sealed class StaffAuthorizer(IAuthorizationService authorization, StaffAccess access)
{
    /// <summary>Whether the user (staff or API client) meets the requirement on the node; false for an unknown node.</summary>
    public async Task<bool> AllowsAsync(ClaimsPrincipal user, IAuthorizationRequirement requirement, StaffResource resource) =>
        (await authorization.AuthorizeAsync(user, resource, requirement)).Succeeded;

    public Task<bool> AllowsAsync(ClaimsPrincipal user, StaffRight right, StaffResource resource) =>
        AllowsAsync(user, new StaffRightRequirement(right), resource);

    public async Task<StaffDecision> DecideAsync(ClaimsPrincipal user, IAuthorizationRequirement requirement, StaffResource resource, CancellationToken ct)
    {
        if (user.Identity?.IsAuthenticated != true || StaffAccess.PersonId(user) is null) return StaffDecision.SignInRequired;
        if ((await access.ScopeChainAsync(resource.Level, resource.Id, ct)).Count == 0) return StaffDecision.NotFound;
        return await AllowsAsync(user, requirement, resource) ? StaffDecision.Allowed : StaffDecision.Forbidden;
    }

    /// <summary>For page handlers: null to go ahead, otherwise sign-in, 404 or a plain 403 (not the cookie handler's redirect).</summary>
    public async Task<IActionResult?> RequireAsync(ClaimsPrincipal user, IAuthorizationRequirement requirement, StaffResource resource, CancellationToken ct) =>
        await DecideAsync(user, requirement, resource, ct) switch
        {
            StaffDecision.Allowed => null,
            StaffDecision.SignInRequired => new ChallengeResult(),
            StaffDecision.Forbidden => new StatusCodeResult(StatusCodes.Status403Forbidden),
            _ => new NotFoundResult(),
        };

    public Task<IActionResult?> RequireAsync(ClaimsPrincipal user, StaffRight right, ScopeLevel level, Guid scopeId, CancellationToken ct) =>
        RequireAsync(user, new StaffRightRequirement(right), new StaffResource(level, scopeId), ct);

    /// <summary>Any active role anywhere inside the institution (the tree page shows each person their part).</summary>
    public Task<IActionResult?> RequireMemberAsync(ClaimsPrincipal user, Guid institutionId, CancellationToken ct) =>
        RequireAsync(user, InstitutionRoleRequirement.Member, StaffResource.Institution(institutionId), ct);

    /// <summary>Institution administrators only (audit trail, mail queue, webhooks, claim settings).</summary>
    public Task<IActionResult?> RequireInstitutionAdminAsync(ClaimsPrincipal user, Guid institutionId, CancellationToken ct) =>
        RequireAsync(user, InstitutionRoleRequirement.Administrator, StaffResource.Institution(institutionId), ct);
}
