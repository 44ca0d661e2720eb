using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Standards.ObApi;

/// <summary>The parameters of an authorization request (OB3-7.8), as the consent page receives and re-posts them.</summary>
public sealed record ObAuthorizationParameters(string? ResponseType, string? ClientId, string? RedirectUri, string? Scope, string? State,
    string? CodeChallenge, string? CodeChallengeMethod);

/// <summary>
/// What the consent page does with a request: <see cref="Show"/> the client and scopes; <see cref="Refuse"/> on the page (unknown
/// client or unregistered redirect URI: RFC 6749 §4.1.2.1 forbids sending the browser there); or <see cref="RedirectError"/> back
/// to the client for every other problem.
/// </summary>
public enum ObAuthorizationOutcome { Show, Refuse, RedirectError }

public sealed record ObAuthorizationCheck(ObAuthorizationOutcome Outcome, ObClient? Client, string[] Scopes, string? Error, string? Description);

/// <summary>Checks authorization requests and issues codes (single use, 600 s, PKCE S256 mandatory).</summary>
public sealed class ObAuthorizationRequests(LaurelDb db, TimeProvider time)
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromSeconds(600);

    public async Task<ObAuthorizationCheck> CheckAsync(ObAuthorizationParameters p, CancellationToken ct)
    {
        var client = p.ClientId is { Length: > 0 and <= 64 } id ? await db.Set<ObClient>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) : null;
        if (client is null) return new(ObAuthorizationOutcome.Refuse, null, [], "invalid_client", "unknown client_id");
        // OB3-7.8: redirect_uri is required here and must be one the client registered, exactly.
        if (p.RedirectUri is null || !client.RedirectUriList.Contains(p.RedirectUri, StringComparer.Ordinal))
            return new(ObAuthorizationOutcome.Refuse, client, [], "invalid_request", "redirect_uri is missing or not registered");
        var problems = new List<string>();
        if (p.ResponseType != "code") return new(ObAuthorizationOutcome.RedirectError, client, [], "unsupported_response_type", "response_type must be code");
        if (string.IsNullOrEmpty(p.State)) problems.Add("state is required");
        else if (p.State.Length > 500) problems.Add("state is longer than 500 characters");
        if (string.IsNullOrEmpty(p.CodeChallenge)) problems.Add("code_challenge is required (PKCE)");
        else if (p.CodeChallenge.Length != 43 || !p.CodeChallenge.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            problems.Add("code_challenge must be BASE64URL(SHA-256(code_verifier)), 43 characters");
        if (p.CodeChallengeMethod != "S256") problems.Add("code_challenge_method must be S256");
        if (problems.Count > 0) return new(ObAuthorizationOutcome.RedirectError, client, [], "invalid_request", string.Join("; ", problems));
        var requested = ObScopes.Split(p.Scope);
        var registered = ObScopes.Split(client.Scopes);
        if (requested.Length == 0 || requested.Any(s => !registered.Contains(s, StringComparer.Ordinal)))
            return new(ObAuthorizationOutcome.RedirectError, client, [], "invalid_scope", "scope must name scopes the client registered");
        return new(ObAuthorizationOutcome.Show, client, ObScopes.Split(ObScopes.Join(requested)), null, null);
    }

    /// <summary>The learner allowed: a new grant with its code; the client's redirect URL with code, state and iss.</summary>
    public async Task<string> ApproveAsync(ObAuthorizationParameters p, ObAuthorizationCheck check, Guid personId, string issuer, CancellationToken ct)
    {
        var code = ObSecrets.New();
        var now = time.GetUtcNow().UtcDateTime;
        db.Add(new ObGrant
        {
            Id = Guid.CreateVersion7(), ClientId = check.Client!.Id, PersonId = personId, Scopes = string.Join(' ', check.Scopes),
            CodeHash = ObSecrets.Hash(code), CodeChallenge = p.CodeChallenge!, RedirectUri = p.RedirectUri!, CodeExpiresAt = now + CodeLifetime, CreatedAt = now,
        });
        await db.SaveChangesAsync(ct);
        return RedirectUrl(p, issuer, ("code", code));
    }

    /// <summary>The client's redirect URL with an error (and state, and iss: RFC 9207 against mix-up).</summary>
    public static string RedirectUrl(ObAuthorizationParameters p, string issuer, params (string Name, string Value)[] result)
    {
        var parameters = result.ToList();
        if (!string.IsNullOrEmpty(p.State)) parameters.Add(("state", p.State));
        parameters.Add(("iss", issuer));
        var query = string.Join('&', parameters.Select(x => x.Name + "=" + Uri.EscapeDataString(x.Value)));
        return p.RedirectUri + (p.RedirectUri!.Contains('?') ? "&" : "?") + query;
    }
}
