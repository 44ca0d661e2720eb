using System.Security.Claims;
using Laurel.Features.Identity;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Institutions;

/// <summary>A refused staff change: the form field it concerns and the resource key of the reason.</summary>
public sealed record StaffProblem(string Field, string Key);

/// <summary>One row of a staff list.</summary>
public sealed record StaffRow(Guid Id, StaffRole Role, ScopeLevel Level, Guid ScopeId, string? PersonName, string? PersonEmail,
    string? InvitedEmail, DateTime CreatedAt, DateTime? RevokedAt);

/// <summary>Adds, invites, changes and revokes staff memberships under the granting rules, each change audited.</summary>
public sealed class StaffManagement(LaurelDb db, AuditLog audit, TimeProvider clock, StaffAccess access, Laurel.Features.Notifications.NotificationService notifications)
{
    /// <summary>The actor's strongest active role on the scope or any level above it.</summary>
    public async Task<StaffRole?> BestRoleAsync(ClaimsPrincipal user, ScopeLevel level, Guid scopeId, CancellationToken ct)
    {
        if (StaffAccess.PersonId(user) is not { } personId) return null;
        var chain = await access.ScopeChainAsync(level, scopeId, ct);
        var roles = (await access.ActiveMembershipsAsync(personId, ct)).Where(m => chain.Contains(m.ScopeId)).Select(m => m.Role).ToList();
        return roles.Count == 0 ? null : roles.MinBy(StaffRules.Rank);
    }

    public async Task<List<StaffRow>> ListAsync(StaffScope scope, bool includeRevoked, CancellationToken ct)
    {
        var ids = await scope.SubtreeIdsAsync(db, ct);
        return await db.StaffMemberships
            .Where(m => m.InstitutionId == scope.InstitutionId && ids.Contains(m.ScopeId) && (includeRevoked || m.RevokedAt == null))
            .OrderBy(m => m.Role).ThenBy(m => m.CreatedAt)
            .Select(m => new StaffRow(m.Id, m.Role, m.Level, m.ScopeId, m.Person!.DisplayName, m.Person.Email, m.InvitedEmail, m.CreatedAt, m.RevokedAt))
            .ToListAsync(ct);
    }

    /// <summary>Finds an existing person by verified e-mail address or EPPN (case-insensitive): an unverified address would let
    /// whoever typed it receive the role (issue 12; invitations refuse it too).</summary>
    public async Task<Person?> FindPersonAsync(string emailOrEppn, CancellationToken ct)
    {
        var key = emailOrEppn.Trim().ToLowerInvariant();
        return await db.Persons.FirstOrDefaultAsync(p => p.ArchivedAt == null
            && (p.Email!.ToLower() == key && (p.EmailVerification == EmailVerification.Provider || p.EmailVerification == EmailVerification.Laurel)
                || p.Identities.Any(i => i.Eppn!.ToLower() == key
                    || i.Email!.ToLower() == key && (i.EmailVerification == EmailVerification.Provider || i.EmailVerification == EmailVerification.Laurel))), ct);
    }

    public async Task<StaffProblem?> AddPersonAsync(ClaimsPrincipal actor, StaffScope scope, string? emailOrEppn, StaffRole role, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(emailOrEppn)) return new("Person", "ErrPersonRequired");
        if (await GrantProblemAsync(actor, scope, role, ct) is { } refused) return refused;
        var person = await FindPersonAsync(emailOrEppn, ct);
        if (person is null) return new("Person", "ErrPersonNotFound");
        if (await db.StaffMemberships.AnyAsync(m => m.PersonId == person.Id && m.ScopeId == scope.Id && m.RevokedAt == null, ct))
            return new("Person", "ErrDuplicate");
        var now = clock.GetUtcNow().UtcDateTime;
        var membership = NewMembership(scope, role, now);
        membership.PersonId = person.Id;
        membership.AcceptedAt = now;
        db.StaffMemberships.Add(membership);
        audit.Add(actor, "staff.added", nameof(StaffMembership), membership.Id, scope.InstitutionId,
            new { person = person.DisplayName, personId = person.Id, role = role.ToString(), level = scope.Level.ToString(), scopeId = scope.Id });
        await db.SaveChangesAsync(ct);
        access.Forget(); // the memberships this request has read are stale now
        return null;
    }

    public async Task<StaffProblem?> InviteAsync(ClaimsPrincipal actor, StaffScope scope, string? email, StaffRole role, CancellationToken ct)
    {
        var address = email?.Trim().ToLowerInvariant() ?? "";
        if (!TextRules.IsEmail(address)) return new("InviteEmail", "ErrInviteEmail");
        if (await GrantProblemAsync(actor, scope, role, ct) is { } refused) return refused;
        if (await FindPersonAsync(address, ct) is { } existing)
            return await db.StaffMemberships.AnyAsync(m => m.PersonId == existing.Id && m.ScopeId == scope.Id && m.RevokedAt == null, ct)
                ? new("InviteEmail", "ErrDuplicate") : new("InviteEmail", "ErrInviteExistingPerson");
        if (await db.StaffMemberships.AnyAsync(m => m.PersonId == null && m.InvitedEmail == address && m.ScopeId == scope.Id && m.RevokedAt == null, ct))
            return new("InviteEmail", "ErrDuplicateInvite");
        var membership = NewMembership(scope, role, clock.GetUtcNow().UtcDateTime);
        membership.InvitedEmail = address;
        db.StaffMemberships.Add(membership);
        audit.Add(actor, "staff.invited", nameof(StaffMembership), membership.Id, scope.InstitutionId,
            new { email = address, role = role.ToString(), level = scope.Level.ToString(), scopeId = scope.Id });
        await notifications.QueueStaffInvitationAsync(membership, scope, actor.Identity?.Name, ct);
        await db.SaveChangesAsync(ct);
        access.Forget(); // the memberships this request has read are stale now
        return null;
    }

    public async Task<StaffProblem?> ChangeRoleAsync(ClaimsPrincipal actor, StaffMembership membership, StaffRole role, CancellationToken ct)
    {
        if (membership.Role == role) return null;
        var scope = (await StaffScope.FindAsync(db, membership.Level, membership.ScopeId, ct))!;
        if (await TouchProblemAsync(actor, membership, ct) is { } untouchable) return untouchable;
        if (await GrantProblemAsync(actor, scope, role, ct) is { } refused) return refused;
        if (StaffRules.IsAdmin(membership.Role) && await LockOutProblemAsync(actor, membership, ct) is { } lockOut) return lockOut;
        var old = membership.Role;
        membership.Role = role;
        audit.Add(actor, "staff.role_changed", nameof(StaffMembership), membership.Id, membership.InstitutionId,
            new { person = membership.PersonId, email = membership.InvitedEmail, role = new[] { old.ToString(), role.ToString() } });
        await db.SaveChangesAsync(ct);
        access.Forget(); // the memberships this request has read are stale now
        return null;
    }

    public async Task<StaffProblem?> RevokeAsync(ClaimsPrincipal actor, StaffMembership membership, CancellationToken ct)
    {
        if (membership.RevokedAt is not null) return null;
        if (await TouchProblemAsync(actor, membership, ct) is { } untouchable) return untouchable;
        if (StaffRules.IsAdmin(membership.Role) && await LockOutProblemAsync(actor, membership, ct) is { } lockOut) return lockOut;
        membership.RevokedAt = clock.GetUtcNow().UtcDateTime;
        audit.Add(actor, "staff.revoked", nameof(StaffMembership), membership.Id, membership.InstitutionId,
            new { person = membership.PersonId, email = membership.InvitedEmail, role = membership.Role.ToString(), level = membership.Level.ToString() });
        await db.SaveChangesAsync(ct);
        access.Forget(); // the memberships this request has read are stale now
        return null;
    }

    private async Task<StaffProblem?> GrantProblemAsync(ClaimsPrincipal actor, StaffScope scope, StaffRole role, CancellationToken ct)
    {
        var best = await BestRoleAsync(actor, scope.Level, scope.Id, ct);
        if (best is not { } b || StaffRules.Rank(b) > StaffRules.Rank(role)) return new("Role", "ErrRoleTooHigh");
        return StaffRules.MayGrant(best, role, scope.Level) ? null : new("Role", "ErrRoleLevel");
    }

    // Nobody changes a membership stronger than their own role (a faculty admin cannot demote the institution admin).
    private async Task<StaffProblem?> TouchProblemAsync(ClaimsPrincipal actor, StaffMembership membership, CancellationToken ct)
    {
        var best = await BestRoleAsync(actor, membership.Level, membership.ScopeId, ct);
        return best is { } b && StaffAccess.Grants(b, StaffRight.ManageStaff) && StaffRules.Rank(b) <= StaffRules.Rank(membership.Role)
            ? null : new("Role", "ErrRoleTooHigh");
    }

    // Keep the institution manageable: not your own last admin role there, and never its last institution admin.
    private async Task<StaffProblem?> LockOutProblemAsync(ClaimsPrincipal actor, StaffMembership membership, CancellationToken ct)
    {
        var others = db.StaffMemberships.Where(m => m.Id != membership.Id && m.InstitutionId == membership.InstitutionId
            && m.RevokedAt == null && m.PersonId != null);
        if (membership.PersonId == StaffAccess.PersonId(actor)
            && !await others.AnyAsync(m => m.PersonId == membership.PersonId && (m.Role == StaffRole.InstitutionAdmin
                || m.Role == StaffRole.FacultyAdmin || m.Role == StaffRole.IssuerAdmin), ct))
            return new("Role", "ErrLastOwnAdmin");
        if (membership.Role == StaffRole.InstitutionAdmin
            && !await others.AnyAsync(m => m.Role == StaffRole.InstitutionAdmin && m.Level == ScopeLevel.Institution, ct))
            return new("Role", "ErrLastInstitutionAdmin");
        return null;
    }

    private static StaffMembership NewMembership(StaffScope scope, StaffRole role, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(), Role = role, Level = scope.Level, ScopeId = scope.Id, InstitutionId = scope.InstitutionId, CreatedAt = now,
    };
}
