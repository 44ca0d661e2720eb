using System.Security.Claims;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Identity.ApiClients;

/// <summary>Bearer tokens for API clients (opaque, protected with the Data Protection keys in the database) and the ApiClient policy.</summary>
public static class ApiClientAuthentication
{
    public const string Scheme = "laurel.api";
    public const string Policy = "ApiClient";
    public const string ClientIdClaim = "client_id";
    public const string InstitutionIdClaim = "institution_id";
    public const string ScopeClaim = "scope";
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

    public static IServiceCollection AddApiClients(this IServiceCollection services, AuthenticationBuilder authentication)
    {
        authentication.AddBearerToken(Scheme, o => o.BearerTokenExpiration = TokenLifetime);
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(ClientIdClaim)
            .AddRequirements(new ActiveApiClientRequirement()));
        services.AddScoped<IAuthorizationHandler, ActiveApiClientHandler>();
        services.AddSingleton<ActiveApiClients>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiProblemResultHandler>();
        services.AddScoped<ApiClientService>();
        return services;
    }

    public static Guid? InstitutionId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(InstitutionIdClaim), out var id) ? id : null;
}

/// <summary>A token stays valid for an hour, but a revoked client loses access at once.</summary>
public sealed class ActiveApiClientRequirement : IAuthorizationRequirement;

internal sealed class ActiveApiClientHandler(LaurelDb db, ActiveApiClients active) : AuthorizationHandler<ActiveApiClientRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ActiveApiClientRequirement requirement)
    {
        var clientId = context.User.FindFirstValue(ApiClientAuthentication.ClientIdClaim);
        if (clientId is null) return;
        if (active.IsKnownActive(clientId))
        {
            context.Succeed(requirement);
            return;
        }
        var generation = active.Generation;
        if (await db.ApiClients.AnyAsync(c => c.ClientId == clientId && c.RevokedAt == null))
        {
            active.Confirmed(clientId, generation);
            context.Succeed(requirement);
        }
    }
}

/// <summary>
/// The API clients this node found active in the last <see cref="Lifetime"/> (issue 18: the active check was one query per API
/// request, ≈ 20 % of the results API's CPU). A revocation on this node (<see cref="ApiClientService.RevokeAsync"/>) forgets the
/// client at once, so its next request here is refused; another node finds out within <see cref="Lifetime"/>, when its entry
/// runs out and it asks the database again. A check that started before a revocation never stores its (stale) answer: every
/// <see cref="Forget"/> raises <see cref="Generation"/>, and <see cref="Confirmed"/> only stores an answer read in the current one.
/// </summary>
public sealed class ActiveApiClients(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _until = new(StringComparer.Ordinal);
    private long _generation;

    public long Generation => Interlocked.Read(ref _generation);

    public bool IsKnownActive(string clientId) => _until.TryGetValue(clientId, out var until) && clock.GetUtcNow() < until;

    /// <summary>The database said active; stored only when nothing was forgotten since <paramref name="generation"/> was read.</summary>
    public void Confirmed(string clientId, long generation)
    {
        _until[clientId] = clock.GetUtcNow() + Lifetime;
        // Checked after storing: a Forget in between either ran before (and the generation moved: undone here) or after (and removed it).
        if (Generation != generation) _until.TryRemove(clientId, out _);
    }

    /// <summary>The client was revoked (or changed): its next request on this node asks the database.</summary>
    public void Forget(string clientId)
    {
        Interlocked.Increment(ref _generation);
        _until.TryRemove(clientId, out _);
    }
}

/// <summary>API callers get a ProblemDetails body for 401/403 instead of the HTML error page.</summary>
internal sealed class ApiProblemResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Succeeded || !context.Request.Path.StartsWithSegments("/api"))
        {
            await _default.HandleAsync(next, context, policy, result);
            return;
        }
        // A token of a revoked client is no longer a valid credential: 401 (RFC 6750 invalid_token), not 403.
        if (result.Forbidden && result.AuthorizationFailure?.FailedRequirements.OfType<ActiveApiClientRequirement>().Any() == true)
            result = PolicyAuthorizationResult.Challenge();
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
        await _default.HandleAsync(next, context, policy, result);
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = context.Response.StatusCode, Title = result.Challenged ? "A valid access token is required." : "This client may not do this." },
        });
    }
}
