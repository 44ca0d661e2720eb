using System.Security.Claims;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Laurel.Features.Identity.ApiClients;

/// <summary>Creates, revokes and authenticates API clients.</summary>
public sealed class ApiClientService(LaurelDb db, TimeProvider clock, AuditLog audit, IOptionsMonitor<BearerTokenOptions> bearer, ActiveApiClients active)
{
    public sealed record Created(ApiClient Client, string Secret);

    private static readonly ClaimsPrincipal Anonymous = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "anonymous")]));

    public sealed record IssuedToken(string AccessToken, int ExpiresIn, IReadOnlyList<string> Scopes);

    public async Task<Created> CreateAsync(ClaimsPrincipal actor, Guid institutionId, string name, IReadOnlyList<string> scopes, CancellationToken ct)
    {
        var secret = ApiClientSecrets.NewSecret();
        var client = new ApiClient
        {
            Id = Guid.CreateVersion7(), InstitutionId = institutionId, Name = name.Trim(), ClientId = ApiClientSecrets.NewClientId(),
            SecretHash = ApiClientSecrets.Hash(secret), Scopes = [.. scopes], CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ApiClients.Add(client);
        audit.Add(actor, "api-client.created", nameof(ApiClient), client.Id, institutionId, new { client.Name, client.ClientId, client.Scopes });
        await db.SaveChangesAsync(ct);
        return new Created(client, secret);
    }

    /// <summary>Revokes an active client of the institution; false when there is no such client.</summary>
    public async Task<bool> RevokeAsync(ClaimsPrincipal actor, Guid institutionId, Guid id, CancellationToken ct)
    {
        var client = await db.ApiClients.FirstOrDefaultAsync(c => c.Id == id && c.InstitutionId == institutionId, ct);
        if (client is null) return false;
        if (client.RevokedAt is not null) return true;
        client.RevokedAt = clock.GetUtcNow().UtcDateTime;
        audit.Add(actor, "api-client.revoked", nameof(ApiClient), client.Id, institutionId, new { client.Name, client.ClientId });
        await db.SaveChangesAsync(ct);
        active.Forget(client.ClientId);
        return true;
    }

    /// <summary>An access token for valid, unrevoked credentials; null otherwise (the caller answers invalid_client), audited.</summary>
    public async Task<ApiClient?> AuthenticateAsync(string clientId, string secret, string clientAddress, CancellationToken ct)
    {
        var client = await db.ApiClients.FirstOrDefaultAsync(c => c.ClientId == clientId, ct);
        var failure = client is null ? "unknown client" : client.RevokedAt is not null ? "revoked client"
            : !ApiClientSecrets.Matches(secret, client.SecretHash) ? "wrong secret" : null;
        if (failure is not null)
        {
            await AuditFailureAsync(client, clientId, failure, clientAddress);
            return null;
        }
        client!.LastUsedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return client;
    }

    /// <summary>Audits a failed client authentication: the client id as sent, why, and from where — never the secret.</summary>
    public async Task AuditFailureAsync(string clientId, string reason, string clientAddress, CancellationToken ct) =>
        await AuditFailureAsync(await db.ApiClients.FirstOrDefaultAsync(c => c.ClientId == clientId, ct), clientId, reason, clientAddress);

    private async Task AuditFailureAsync(ApiClient? client, string clientId, string reason, string clientAddress)
    {
        // An unknown id is whatever the caller typed: kept short, and attributed to no client and no institution.
        var sentId = clientId.Length > 100 ? clientId[..100] : clientId;
        audit.Add(Anonymous, "api-client.authentication-failed", nameof(ApiClient), client?.Id ?? Guid.Empty, client?.InstitutionId,
            new { clientId = sentId, reason, clientAddress }, client: "api:" + sentId);
        // Not the request's token: a caller that hangs up at once must still leave its trace.
        await db.SaveChangesAsync(CancellationToken.None);
    }

    public IssuedToken IssueToken(ApiClient client, IReadOnlyList<string> scopes)
    {
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, client.ClientId),
            new Claim(ClaimTypes.Name, client.Name),
            new Claim(ApiClientAuthentication.ClientIdClaim, client.ClientId),
            new Claim(ApiClientAuthentication.InstitutionIdClaim, client.InstitutionId.ToString()),
            .. scopes.Select(s => new Claim(ApiClientAuthentication.ScopeClaim, s)),
        ], ApiClientAuthentication.Scheme);
        var now = clock.GetUtcNow();
        var properties = new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + ApiClientAuthentication.TokenLifetime };
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(identity), properties, ApiClientAuthentication.Scheme);
        var token = bearer.Get(ApiClientAuthentication.Scheme).BearerTokenProtector.Protect(ticket);
        return new IssuedToken(token, (int)ApiClientAuthentication.TokenLifetime.TotalSeconds, scopes);
    }
}
