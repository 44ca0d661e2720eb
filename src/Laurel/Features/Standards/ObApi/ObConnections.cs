using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Standards.ObApi;

/// <summary>One OB API client a learner allowed, as the account page lists it.</summary>
public sealed record ObConnection(string ClientId, string Name, string ClientUri, string[] Scopes, DateTime Since, DateTime? LastUsed);

/// <summary>The learner's live consents, grouped per client, and their revocation (every token of the client dies at once).</summary>
public sealed class ObConnections(LaurelDb db, ObTokens tokens, AuditLog audit)
{
    public async Task<List<ObConnection>> ListAsync(Guid personId, CancellationToken ct)
    {
        var rows = await (from g in db.Set<ObGrant>()
                          join c in db.Set<ObClient>() on g.ClientId equals c.Id
                          where g.PersonId == personId && g.RevokedAt == null && g.CodeUsedAt != null
                          select new { g.ClientId, c.Name, c.ClientUri, g.Scopes, g.CreatedAt, g.LastUsedAt }).AsNoTracking().ToListAsync(ct);
        return [.. rows.GroupBy(r => r.ClientId).Select(g => new ObConnection(g.Key, g.First().Name, g.First().ClientUri,
                ObScopes.Split(ObScopes.Join(g.SelectMany(r => ObScopes.Split(r.Scopes)))), g.Min(r => r.CreatedAt), g.Max(r => r.LastUsedAt)))
            .OrderBy(c => c.Name, StringComparer.CurrentCulture)];
    }

    /// <summary>Revokes every grant of the learner for the client; false when there was none (another learner's client is none).</summary>
    public async Task<bool> RevokeAsync(System.Security.Claims.ClaimsPrincipal user, Guid personId, string clientId, CancellationToken ct)
    {
        var grants = await db.Set<ObGrant>().Where(g => g.PersonId == personId && g.ClientId == clientId && g.RevokedAt == null)
            .Select(g => g.Id).ToListAsync(ct);
        if (grants.Count == 0) return false;
        foreach (var id in grants) await tokens.RevokeGrantAsync(id, ct);
        audit.Add(user, "obapi.consent-revoked", nameof(ObGrant), grants[0], null, new { clientId });
        await db.SaveChangesAsync(ct);
        return true;
    }
}

/// <summary>The "Connected apps" section of the account page.</summary>
public sealed class ObConnectionsViewComponent(ObConnections connections) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid personId) =>
        View("/Features/Standards/ObApi/_Connections.cshtml", await connections.ListAsync(personId, HttpContext.RequestAborted));
}
