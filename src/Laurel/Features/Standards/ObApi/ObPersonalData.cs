using System.Text.Json.Nodes;
using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Standards.ObApi;

/// <summary>
/// The OB 3.0 part of the personal-data export: the apps the learner allowed on Laurel's OB API (client, scopes, since, last
/// used; revoked ones with when) and their connections to other OB hosts (host, since). Never a token, secret or code.
/// </summary>
public sealed class ObPersonalData(LaurelDb db) : IPersonalDataSection
{
    public string Name => "openBadgesApi";

    public async Task<JsonNode> ExportAsync(Guid personId, CancellationToken ct)
    {
        var grants = await (from g in db.Set<ObGrant>()
                            join c in db.Set<ObClient>() on g.ClientId equals c.Id
                            where g.PersonId == personId && g.CodeUsedAt != null
                            orderby g.CreatedAt
                            select new { g.ClientId, c.Name, c.ClientUri, g.Scopes, g.CreatedAt, g.LastUsedAt, g.RevokedAt }).AsNoTracking().ToListAsync(ct);
        var connections = await db.Set<Laurel.Features.Standards.ObConnect.ObConnection>().AsNoTracking().Where(c => c.PersonId == personId).OrderBy(c => c.CreatedAt)
            .Select(c => new { c.HostName, c.ApiBaseUrl, c.State, c.Scope, c.CreatedAt, c.ConnectedAt }).ToListAsync(ct);
        return new JsonObject
        {
            ["appsAllowed"] = new JsonArray([.. grants.Select(g => (JsonNode)new JsonObject
            {
                ["clientId"] = g.ClientId, ["client"] = g.Name, ["clientUri"] = g.ClientUri, ["scopes"] = new JsonArray([.. ObScopes.Split(g.Scopes).Select(s => (JsonNode)s)]),
                ["since"] = g.CreatedAt, ["lastUsed"] = g.LastUsedAt, ["revokedAt"] = g.RevokedAt,
            })]),
            ["hostsConnected"] = new JsonArray([.. connections.Select(c => (JsonNode)new JsonObject
            {
                ["host"] = c.HostName, ["apiBaseUrl"] = c.ApiBaseUrl, ["state"] = c.State.ToString(),
                ["scopes"] = new JsonArray([.. ObScopes.Split(c.Scope).Select(s => (JsonNode)s)]), ["since"] = c.ConnectedAt ?? c.CreatedAt,
            })]),
        };
    }
}
