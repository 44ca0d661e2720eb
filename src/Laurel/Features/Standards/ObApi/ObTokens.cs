using System.Text.Json.Serialization;
using System.Security.Cryptography;
using System.Text;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Standards.ObApi;

/// <summary>Token endpoint answer (OB3-7.9).</summary>
public sealed record ObTokenResponse([property: JsonPropertyName("access_token")] string AccessToken, [property: JsonPropertyName("token_type")] string TokenType, [property: JsonPropertyName("expires_in")] int ExpiresIn, [property: JsonPropertyName("scope")] string Scope, [property: JsonPropertyName("refresh_token")] string RefreshToken);

/// <summary>What a valid bearer token stands for.</summary>
public sealed record ObAccess(Guid GrantId, Guid PersonId, string ClientId, string[] Scopes);

/// <summary>
/// Issues, rotates, revokes and checks tokens. Access tokens live 3600 s; refresh tokens 90 days and are spent on use (a new one
/// comes with each refresh). A spent code or refresh token presented again revokes its whole grant: someone else has a copy.
/// </summary>
public sealed class ObTokens(LaurelDb db, TimeProvider time)
{
    public const int AccessSeconds = 3600;
    public static readonly TimeSpan RefreshLifetime = TimeSpan.FromDays(90);

    public async Task<ObClient?> AuthenticateAsync(string? authorization, CancellationToken ct)
    {
        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) || authorization.Length > 1000) return null;
        string decoded;
        try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim())); }
        catch (FormatException) { return null; }
        var colon = decoded.IndexOf(':');
        if (colon <= 0) return null;
        // RFC 6749 §2.3.1: both parts are form-urlencoded before Basic encoding.
        var id = Uri.UnescapeDataString(decoded[..colon].Replace('+', ' '));
        var secret = Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' '));
        if (id.Length > 64) return null;
        var client = await db.Set<ObClient>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        return client is not null && ObSecrets.SameHash(client.SecretHash, ObSecrets.Hash(secret)) ? client : null;
    }

    /// <summary>Redeems a code: the tokens, or an error code (<c>invalid_grant</c>, <c>invalid_scope</c>) with a description.</summary>
    public async Task<(ObTokenResponse? Tokens, string? Error, string? Description)> RedeemCodeAsync(ObClient client, string code, string redirectUri,
        string verifier, string? scope, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var hash = ObSecrets.Hash(code);
        var grant = await db.Set<ObGrant>().AsNoTracking().FirstOrDefaultAsync(g => g.CodeHash == hash, ct);
        if (grant is null || grant.ClientId != client.Id) return (null, "invalid_grant", "unknown code");
        if (grant.CodeUsedAt is not null)
        {
            // OB3-7.8: a code used twice is denied and what it issued is revoked.
            await RevokeGrantAsync(grant.Id, ct);
            return (null, "invalid_grant", "the code was already used; the tokens it issued are revoked");
        }
        if (grant.RevokedAt is not null || grant.CodeExpiresAt <= now) return (null, "invalid_grant", "the code has expired");
        if (grant.RedirectUri != redirectUri) return (null, "invalid_grant", "redirect_uri differs from the authorization request");
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        if (verifier.Length is < 43 or > 128 || !ObSecrets.SameHash(challenge, grant.CodeChallenge))
            return (null, "invalid_grant", "code_verifier does not match the code_challenge (PKCE S256)");
        var granted = ObScopes.Split(grant.Scopes);
        var asked = ObScopes.Split(scope);
        if (asked.Any(s => !granted.Contains(s, StringComparer.Ordinal))) return (null, "invalid_scope", "scope is wider than the learner allowed");
        // One winner when the same code arrives twice at once.
        var spent = await db.Set<ObGrant>().Where(g => g.Id == grant.Id && g.CodeUsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(g => g.CodeUsedAt, now).SetProperty(g => g.LastUsedAt, now), ct);
        if (spent != 1)
        {
            await RevokeGrantAsync(grant.Id, ct);
            return (null, "invalid_grant", "the code was already used; the tokens it issued are revoked");
        }
        var accessScopes = asked.Length > 0 ? ObScopes.Join(asked) : grant.Scopes;
        return (await IssueAsync(grant.Id, accessScopes, grant.Scopes, ct), null, null);
    }

    /// <summary>Rotates a refresh token (OB3-7.10): the scope may narrow, never widen.</summary>
    public async Task<(ObTokenResponse? Tokens, string? Error, string? Description)> RefreshAsync(ObClient client, string refreshToken, string? scope, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var hash = ObSecrets.Hash(refreshToken);
        var row = await (from t in db.Set<ObToken>()
                         join g in db.Set<ObGrant>() on t.GrantId equals g.Id
                         where t.Hash == hash && t.Kind == ObToken.Refresh
                         select new { Token = t, g.ClientId, g.RevokedAt }).AsNoTracking().FirstOrDefaultAsync(ct);
        if (row is null || row.ClientId != client.Id) return (null, "invalid_grant", "unknown refresh_token");
        if (row.Token.UsedAt is not null)
        {
            // A rotated refresh token came back: a copy exists somewhere, so the grant ends (OAuth 2.0 Security BCP §4.14).
            await RevokeGrantAsync(row.Token.GrantId, ct);
            return (null, "invalid_grant", "the refresh_token was already used; the grant is revoked");
        }
        if (row.RevokedAt is not null || row.Token.ExpiresAt <= now) return (null, "invalid_grant", "the refresh_token has expired or was revoked");
        var granted = ObScopes.Split(row.Token.Scopes);
        var asked = ObScopes.Split(scope);
        if (asked.Any(s => !granted.Contains(s, StringComparer.Ordinal))) return (null, "invalid_scope", "scope may not be wider than the original grant");
        var spent = await db.Set<ObToken>().Where(t => t.Hash == hash && t.UsedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), ct);
        if (spent != 1)
        {
            await RevokeGrantAsync(row.Token.GrantId, ct);
            return (null, "invalid_grant", "the refresh_token was already used; the grant is revoked");
        }
        await db.Set<ObGrant>().Where(g => g.Id == row.Token.GrantId).ExecuteUpdateAsync(s => s.SetProperty(g => g.LastUsedAt, now), ct);
        return (await IssueAsync(row.Token.GrantId, asked.Length > 0 ? ObScopes.Join(asked) : row.Token.Scopes, row.Token.Scopes, ct), null, null);
    }

    /// <summary>RFC 7009: a refresh token ends its grant; an access token ends itself. Unknown or foreign tokens change nothing.</summary>
    public async Task RevokeAsync(ObClient client, string token, CancellationToken ct)
    {
        var hash = ObSecrets.Hash(token);
        var row = await (from t in db.Set<ObToken>()
                         join g in db.Set<ObGrant>() on t.GrantId equals g.Id
                         where t.Hash == hash
                         select new { t.Kind, t.GrantId, g.ClientId }).AsNoTracking().FirstOrDefaultAsync(ct);
        if (row is null || row.ClientId != client.Id) return;
        if (row.Kind == ObToken.Refresh) await RevokeGrantAsync(row.GrantId, ct);
        else await db.Set<ObToken>().Where(t => t.Hash == hash).ExecuteDeleteAsync(ct);
    }

    /// <summary>Ends a grant and every token of it at once.</summary>
    public async Task RevokeGrantAsync(Guid grantId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await db.Set<ObGrant>().Where(g => g.Id == grantId && g.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(g => g.RevokedAt, now), ct);
        await db.Set<ObToken>().Where(t => t.GrantId == grantId).ExecuteDeleteAsync(ct);
    }

    /// <summary>The grant behind a live access token, or null. Marks the grant used (at most once a minute, to spare writes).</summary>
    public async Task<ObAccess?> ValidateAsync(string accessToken, CancellationToken ct)
    {
        if (accessToken.Length is 0 or > 200) return null;
        var now = time.GetUtcNow().UtcDateTime;
        var hash = ObSecrets.Hash(accessToken);
        var row = await (from t in db.Set<ObToken>()
                         join g in db.Set<ObGrant>() on t.GrantId equals g.Id
                         where t.Hash == hash && t.Kind == ObToken.Access && t.ExpiresAt > now && g.RevokedAt == null
                         select new { t.GrantId, g.PersonId, g.ClientId, t.Scopes, g.LastUsedAt }).AsNoTracking().FirstOrDefaultAsync(ct);
        if (row is null) return null;
        if (row.LastUsedAt is null || row.LastUsedAt < now.AddMinutes(-1))
            await db.Set<ObGrant>().Where(g => g.Id == row.GrantId).ExecuteUpdateAsync(s => s.SetProperty(g => g.LastUsedAt, now), ct);
        return new ObAccess(row.GrantId, row.PersonId, row.ClientId, ObScopes.Split(row.Scopes));
    }

    private async Task<ObTokenResponse> IssueAsync(Guid grantId, string accessScopes, string refreshScopes, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // Expired tokens are removed now and then by whoever issues: no background job needed.
        if (RandomNumberGenerator.GetInt32(32) == 0) await db.Set<ObToken>().Where(t => t.ExpiresAt < now).ExecuteDeleteAsync(ct);
        var access = ObSecrets.New();
        var refresh = ObSecrets.New();
        db.Add(new ObToken { Hash = ObSecrets.Hash(access), GrantId = grantId, Kind = ObToken.Access, Scopes = accessScopes, CreatedAt = now, ExpiresAt = now.AddSeconds(AccessSeconds) });
        db.Add(new ObToken { Hash = ObSecrets.Hash(refresh), GrantId = grantId, Kind = ObToken.Refresh, Scopes = refreshScopes, CreatedAt = now, ExpiresAt = now + RefreshLifetime });
        await db.SaveChangesAsync(ct);
        return new ObTokenResponse(access, "Bearer", AccessSeconds, accessScopes, refresh);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
