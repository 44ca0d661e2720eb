using Laurel.Features.Awards.Issuing;
using Laurel.Features.Identity;
using Laurel.Features.Identity.ApiClients;
using Laurel.Features.Identity.Authorization;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Awards.VcApi;

/// <summary>
/// Who may have Laurel sign an arbitrary credential as an institution, and change its status. Signing as the institution is
/// more than awarding one of its definitions, so it needs the Award right on the whole institution: staff with an
/// institution-level role that grants Award, or an active API client of that institution whose token carries awards:write
/// (results:write, which awards only through completions, is not enough).
/// </summary>
public sealed class IssuerRights(LaurelDb db, PublicOrigin origin, StaffAuthorizer authorizer)
{
    /// <summary>The institution whose did:web DID this is, or null when it is no institution on this Laurel.</summary>
    public async Task<Guid?> InstitutionOfDidAsync(string did, CancellationToken ct)
    {
        var prefix = origin.InstitutionDid("");
        if (!did.StartsWith(prefix, StringComparison.Ordinal) || did.Length == prefix.Length) return null;
        var slug = did[prefix.Length..];
        var id = await db.Institutions.Where(i => i.Slug == slug).Select(i => (Guid?)i.Id).FirstOrDefaultAsync(ct);
        // The slug round-trips only when it is exactly what Laurel would write (no escapes or extra path segments).
        return id is not null && origin.InstitutionDid(slug) == did ? id : null;
    }

    public string DidOf(string slug) => origin.InstitutionDid(slug);

    public async Task<string> SlugAsync(Guid institutionId, CancellationToken ct) =>
        await db.Institutions.Where(i => i.Id == institutionId).Select(i => i.Slug).SingleAsync(ct);

    public async Task<bool> MayIssueAsync(Awarder awarder, Guid institutionId, CancellationToken ct) => awarder switch
    {
        Awarder.ApiClient client => client.InstitutionId == institutionId && client.Scopes.Contains(ApiScopes.AwardsWrite)
            && await db.ApiClients.AnyAsync(c => c.ClientId == client.ClientId && c.RevokedAt == null && c.InstitutionId == institutionId, ct),
        _ => await authorizer.AllowsAsync(awarder.Principal, StaffRight.Award, StaffResource.Institution(institutionId)),
    };

    /// <summary>The one institution in which a staff member may issue, or null (none, or several: they must name the issuer).</summary>
    public async Task<Guid?> SingleStaffInstitutionAsync(Awarder awarder, CancellationToken ct)
    {
        if (StaffAccess.PersonId(awarder.Principal) is not { } personId) return null;
        var roles = await db.StaffMemberships
            .Where(m => m.PersonId == personId && m.RevokedAt == null && m.Level == ScopeLevel.Institution && m.ScopeId == m.InstitutionId)
            .Select(m => new { m.InstitutionId, m.Role }).ToListAsync(ct);
        var institutions = roles.Where(r => StaffAccess.Grants(r.Role, StaffRight.Award)).Select(r => r.InstitutionId).Distinct().ToList();
        return institutions.Count == 1 ? institutions[0] : null;
    }
}
