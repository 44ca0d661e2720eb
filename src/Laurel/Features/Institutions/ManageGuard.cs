using System.Security.Claims;
using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Institutions;

/// <summary>
/// The server-side check in front of every staff page handler: anonymous → sign-in, unknown id → 404,
/// no right → 403. Unknown is decided before rights, but neither answer shows any data of the scope.
/// </summary>
public sealed class ManageGuard(StaffAccess access, LaurelDb db)
{
    public async Task<IActionResult?> RequireAsync(ClaimsPrincipal user, StaffRight right, ScopeLevel level, Guid scopeId, CancellationToken ct)
    {
        if (StaffAccess.PersonId(user) is null) return new ChallengeResult();
        if ((await access.ScopeChainAsync(level, scopeId, ct)).Count == 0) return new NotFoundResult();
        return await access.HasRightAsync(user, right, level, scopeId, ct) ? null : new StatusCodeResult(StatusCodes.Status403Forbidden);
    }

    /// <summary>Any active role anywhere inside the institution (the tree page shows each person their part).</summary>
    public async Task<IActionResult?> RequireMemberAsync(ClaimsPrincipal user, Guid institutionId, CancellationToken ct)
    {
        if (StaffAccess.PersonId(user) is not { } personId) return new ChallengeResult();
        if (!await db.Institutions.AnyAsync(i => i.Id == institutionId, ct)) return new NotFoundResult();
        var member = await db.StaffMemberships.AnyAsync(m => m.PersonId == personId && m.RevokedAt == null && m.InstitutionId == institutionId, ct);
        return member ? null : new StatusCodeResult(StatusCodes.Status403Forbidden);
    }

    /// <summary>Institution administrators only (the audit trail).</summary>
    public async Task<IActionResult?> RequireInstitutionAdminAsync(ClaimsPrincipal user, Guid institutionId, CancellationToken ct)
    {
        if (StaffAccess.PersonId(user) is not { } personId) return new ChallengeResult();
        if (!await db.Institutions.AnyAsync(i => i.Id == institutionId, ct)) return new NotFoundResult();
        var admin = await db.StaffMemberships.AnyAsync(m => m.PersonId == personId && m.RevokedAt == null
            && m.ScopeId == institutionId && m.Level == ScopeLevel.Institution && m.Role == StaffRole.InstitutionAdmin, ct);
        return admin ? null : new StatusCodeResult(StatusCodes.Status403Forbidden);
    }
}
