using Microsoft.AspNetCore.Authorization;

namespace Laurel.Features.Identity.Authorization;

/// <summary>
/// The node of the institution tree a check is about (institution → faculty → issuer → achievement definition). Everything else
/// staff manage hangs from one of these: an award, a request or a scheduled award from its definition; a pathway, a webhook
/// endpoint, an API client, the mail queue and the audit trail from their institution.
/// </summary>
public sealed record StaffResource(ScopeLevel Level, Guid Id)
{
    /// <summary>The node's institution when the caller already has it (saves a query for API clients); otherwise looked up.</summary>
    public Guid? InstitutionId { get; init; }

    /// <summary>
    /// This request's own authorization already found the API client not revoked (ApiClientAuthentication.Policy), so the
    /// handler need not ask the database again for every definition of a batch.
    /// </summary>
    public bool ClientConfirmedActive { get; init; }

    public static StaffResource Institution(Guid id) => new(ScopeLevel.Institution, id) { InstitutionId = id };
    public static StaffResource Faculty(Guid id) => new(ScopeLevel.Faculty, id);
    public static StaffResource Issuer(Guid id) => new(ScopeLevel.Issuer, id);

    /// <summary>An achievement definition, and so every award, request and scheduled award of it.</summary>
    public static StaffResource Achievement(Guid id, Guid? institutionId = null) => new(ScopeLevel.Achievement, id) { InstitutionId = institutionId };
}

/// <summary>"May this user use <paramref name="Right"/> on the resource?" — decided by the roles of StaffAccess (a role covers everything below its scope).</summary>
public sealed record StaffRightRequirement(StaffRight Right) : IAuthorizationRequirement;

/// <summary>
/// Rules about a whole institution rather than one node: any active role anywhere inside it (the tree page shows each person their
/// part), a role anywhere inside it that grants a right (pathways: ManageAchievements), or institution administrator (audit trail,
/// mail queue, webhooks, claim settings).
/// </summary>
public sealed record InstitutionRoleRequirement(bool AdministratorsOnly, StaffRight? RightAnywhereInside) : IAuthorizationRequirement
{
    public static readonly InstitutionRoleRequirement Member = new(false, null);
    public static readonly InstitutionRoleRequirement Administrator = new(true, null);

    public static InstitutionRoleRequirement Anywhere(StaffRight right) => new(false, right);
}
