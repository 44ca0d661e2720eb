using System.Text.Json.Nodes;
using Laurel.Features.Achievements;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Wallets.Authorization;

/// <summary>
/// The OAuth 2.0 authorization server for wallets: one per Laurel node, its issuer the public origin. Metadata (RFC 8414) at
/// both well-known names, PAR (RFC 9126), the authorization page (<see cref="AuthorizeModel"/>) and the token endpoint with the
/// authorization code (PKCE S256) and pre-authorized code (VCI-4.1) grants, DPoP (RFC 9449) throughout. Wallets are public
/// clients (any client_id); wallet attestation is not checked yet.
/// </summary>
public static class WalletAuthorizationServer
{
    public static IServiceCollection AddWalletAuthorization(this IServiceCollection services) => services
        .AddScoped<WalletAuthorizationRecords>()
        .AddScoped<DpopProofs>()
        .AddScoped<WalletAccessTokens>()
        .AddScoped<IWalletAccessTokens>(sp => sp.GetRequiredService<WalletAccessTokens>())
        .AddScoped<WalletConsent>();

    public static IEndpointRouteBuilder MapWalletAuthorization(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/.well-known/oauth-authorization-server", MetadataAsync).AllowAnonymous().WithTags(OpenApiDocs.WalletIssuanceTag)
            .WithSummary("OAuth 2.0 authorization server metadata (RFC 8414) for wallets (OpenID4VCI)")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/json");
        endpoints.MapGet("/.well-known/openid-configuration", MetadataAsync).AllowAnonymous().WithTags(OpenApiDocs.WalletIssuanceTag)
            .WithSummary("The same authorization server metadata at the OpenID Connect discovery address")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/json");
        endpoints.MapPost(WalletRoutes.ParPath, PushedAuthorizationEndpoint.PushAsync).DisableAntiforgery().AllowAnonymous()
            .RequireRateLimiting(RateLimits.WalletAuthorization).WithTags(OpenApiDocs.WalletIssuanceTag)
            .WithSummary("Pushed authorization request (RFC 9126) of a wallet (OpenID4VCI authorization code flow)")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status201Created, "application/json")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status400BadRequest, "application/json");
        endpoints.MapPost(WalletRoutes.TokenPath, WalletTokenEndpoint.IssueAsync).DisableAntiforgery().AllowAnonymous()
            .RequireRateLimiting(RateLimits.WalletAuthorization).WithTags(OpenApiDocs.WalletIssuanceTag)
            .WithSummary("Token endpoint for wallets (pre-authorized code or authorization code with PKCE, DPoP)")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/json")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status400BadRequest, "application/json");
        return endpoints;
    }

    private static async Task<IResult> MetadataAsync(PublicOrigin origin, LaurelDb db, CancellationToken ct)
    {
        // The scope of a configuration is its id: one per published achievement and form.
        var published = await db.Achievements.Where(a => a.Status == AchievementStatus.Published).Select(a => a.Id).ToListAsync(ct);
        var scopes = published.SelectMany(id => Enum.GetValues<WalletCredentialFormat>().Select(f => WalletConfigurationId.For(id, f)));
        var metadata = new JsonObject
        {
            ["issuer"] = origin.Root,
            ["authorization_endpoint"] = origin.Url(WalletRoutes.AuthorizePath),
            ["token_endpoint"] = origin.Url(WalletRoutes.TokenPath),
            ["pushed_authorization_request_endpoint"] = origin.Url(WalletRoutes.ParPath),
            ["require_pushed_authorization_requests"] = true,
            ["response_types_supported"] = new JsonArray("code"),
            ["response_modes_supported"] = new JsonArray("query"),
            ["grant_types_supported"] = new JsonArray("authorization_code", WalletAuthorizationRequests.PreAuthorizedGrant),
            ["pre-authorized_grant_anonymous_access_supported"] = true,
            ["code_challenge_methods_supported"] = new JsonArray("S256"),
            ["dpop_signing_alg_values_supported"] = new JsonArray([.. DpopProofs.Algorithms.Select(a => (JsonNode)a)]),
            // Public wallet clients; wallet attestation (attest_jwt_client_auth) is not checked yet.
            ["token_endpoint_auth_methods_supported"] = new JsonArray("none"),
            ["authorization_details_types_supported"] = new JsonArray(WalletAuthorizationRequests.CredentialDetailsType),
            ["authorization_response_iss_parameter_supported"] = true,
            ["scopes_supported"] = new JsonArray([.. scopes.Select(s => (JsonNode)s)]),
        };
        return Results.Json(metadata);
    }
}

/// <summary>OAuth error bodies (RFC 6749 §5.2) with no-store caching.</summary>
internal static class OAuthResponses
{
    public static IResult Error(HttpContext context, string error, string description, int status = 400)
    {
        NoStore(context);
        return Results.Json(new { error, error_description = description }, statusCode: status);
    }

    public static void NoStore(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
    }
}
