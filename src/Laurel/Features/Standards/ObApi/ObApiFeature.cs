using System.Text.Json.Serialization;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Standards.ObApi;

/// <summary>
/// Laurel as an Open Badges 3.0 REST API service provider (OB3-7, OB3-8.3 Host): discovery, dynamic registration, the
/// authorization code grant with PKCE and consent (<see cref="AuthorizeModel"/>), tokens, refresh, revocation, and the four
/// resource operations. The authorization server is Laurel's own (as the wallet server is): see docs/ob3-api.md for why.
/// </summary>
public static class ObApiFeature
{
    public static IServiceCollection AddObApiFeature(this IServiceCollection services) => services
        .AddScoped<ObAuthorizationRequests>()
        .AddScoped<ObTokens>()
        .AddScoped<ObConnections>()
        .AddScoped<Laurel.Features.Identity.IPersonalDataSection, ObPersonalData>();

    public static IEndpointRouteBuilder MapObApiFeature(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ObRoutes.Discovery, ObDiscovery.Get).AllowAnonymous().RequireRateLimiting(RateLimits.ObApiDiscovery)
            .WithTags("OB 3.0 API").WithName("ObGetServiceDescription")
            .WithSummary("Open Badges 3.0 Service Description Document (OB3-7.6): the OpenAPI of the OB operations Laurel serves and its OAuth2ACG security scheme")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").Produces(StatusCodes.Status304NotModified).Produces(StatusCodes.Status429TooManyRequests);

        var oauth = endpoints.MapGroup("/oauth/ob").WithTags("OB 3.0 API").DisableAntiforgery().AllowAnonymous();
        oauth.MapPost("/register", ObRegistration.RegisterAsync).RequireRateLimiting(RateLimits.ObApiRegistration).WithName("ObRegisterClient")
            .WithSummary("Dynamic client registration for OB 3.0 clients (RFC 7591, OB3-7.7); no initial access token")
            .WithDescription("Every field is checked at once; the 400 answer's error_description and error_fields name each field with a problem.")
            .AddOpenApiOperationTransformer(OpenApiJsonBody.Of<ObRegistrationRequest>())
            .Produces<ObRegistrationResponse>(StatusCodes.Status201Created).Produces<ObRegistrationError>(StatusCodes.Status400BadRequest)
            .Produces(StatusCodes.Status429TooManyRequests);
        oauth.MapPost("/token", ObTokenEndpoints.TokenAsync).RequireRateLimiting(RateLimits.ObApiToken).WithName("ObToken")
            .WithSummary("Token endpoint (OB3-7.9, OB3-7.10): authorization_code with PKCE, or refresh_token (rotated; scope may only narrow); HTTP Basic client authentication")
            .AddOpenApiOperationTransformer(OpenApiJsonBody.Of<ObTokenForm>("application/x-www-form-urlencoded"))
            .Produces<ObTokenResponse>(StatusCodes.Status200OK).Produces<ObOAuthError>(StatusCodes.Status400BadRequest)
            .Produces<ObOAuthError>(StatusCodes.Status401Unauthorized).Produces(StatusCodes.Status429TooManyRequests);
        oauth.MapPost("/revoke", ObTokenEndpoints.RevokeAsync).RequireRateLimiting(RateLimits.ObApiToken).WithName("ObRevokeToken")
            .WithSummary("Token revocation (RFC 7009): a refresh token ends its whole grant, an access token itself; 200 for unknown tokens")
            .AddOpenApiOperationTransformer(OpenApiJsonBody.Of<ObRevokeForm>("application/x-www-form-urlencoded"))
            .AddOpenApiOperationTransformer(OpenApiJsonBody.EmptySuccess(StatusCodes.Status200OK, "the token is revoked, or was unknown (RFC 7009 §2.2)"))
            .Produces(StatusCodes.Status200OK).Produces<ObOAuthError>(StatusCodes.Status400BadRequest)
            .Produces<ObOAuthError>(StatusCodes.Status401Unauthorized).Produces(StatusCodes.Status429TooManyRequests);

        var api = endpoints.MapGroup(ObRoutes.Base).WithTags("OB 3.0 API").DisableAntiforgery().AllowAnonymous();
        api.MapGet("/credentials", ObCredentialsApi.GetAsync).WithName("ObGetCredentials")
            .WithSummary("getCredentials (OB3-7.1–7.3): the learner's badges, paged with limit/offset, since; X-Total-Count and Link headers; scope credential.readonly")
            .Produces<GetOpenBadgeCredentialsResponse>(StatusCodes.Status200OK)
            .Produces<ImsxStatusInfo>(StatusCodes.Status400BadRequest).Produces<ImsxStatusInfo>(StatusCodes.Status401Unauthorized)
            .Produces<ImsxStatusInfo>(StatusCodes.Status403Forbidden);
        api.MapPost("/credentials", ObCredentialsApi.UpsertAsync).RequireRateLimiting(RateLimits.Import).WithName("ObUpsertCredential")
            .WithSummary("upsertCredential: a signed OB 3.0 credential (JSON or compact JWS as text/plain) into the learner's backpack, verified like any import; scope credential.upsert")
            .AddOpenApiOperationTransformer(OpenApiJsonBody.Of<System.Text.Json.Nodes.JsonObject>("application/json", "application/vc+ld+json", "text/plain"))
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK).Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status201Created)
            .Produces<ImsxStatusInfo>(StatusCodes.Status400BadRequest).Produces<ImsxStatusInfo>(StatusCodes.Status401Unauthorized)
            .Produces<ImsxStatusInfo>(StatusCodes.Status403Forbidden).Produces(StatusCodes.Status429TooManyRequests);
        api.MapGet("/profile", ObProfileApi.GetAsync).WithName("ObGetProfile")
            .WithSummary("getProfile: the learner's Profile; scope profile.readonly")
            .Produces<ObProfile>(StatusCodes.Status200OK).Produces<ImsxStatusInfo>(StatusCodes.Status401Unauthorized)
            .Produces<ImsxStatusInfo>(StatusCodes.Status403Forbidden).Produces<ImsxStatusInfo>(StatusCodes.Status404NotFound);
        api.MapPut("/profile", ObProfileApi.PutAsync).WithName("ObPutProfile")
            .WithSummary("putProfile: only name may change (the learner's self-asserted name); other changed fields answer 400 naming them; scope profile.update")
            .AddOpenApiOperationTransformer(OpenApiJsonBody.Of<ObProfile>())
            .Produces<ObProfile>(StatusCodes.Status200OK).Produces<ImsxStatusInfo>(StatusCodes.Status400BadRequest)
            .Produces<ImsxStatusInfo>(StatusCodes.Status401Unauthorized).Produces<ImsxStatusInfo>(StatusCodes.Status403Forbidden)
            .Produces<ImsxStatusInfo>(StatusCodes.Status404NotFound);
        return endpoints;
    }
}

/// <summary>Token request form (OB3-7.9/7.10).</summary>
public sealed record ObTokenForm([property: JsonPropertyName("grant_type")] string GrantType, [property: JsonPropertyName("code")] string? Code, [property: JsonPropertyName("redirect_uri")] string? RedirectUri, [property: JsonPropertyName("code_verifier")] string? CodeVerifier, [property: JsonPropertyName("scope")] string? Scope, [property: JsonPropertyName("refresh_token")] string? RefreshToken);

/// <summary>Revocation request form (RFC 7009).</summary>
public sealed record ObRevokeForm([property: JsonPropertyName("token")] string Token, [property: JsonPropertyName("token_type_hint")] string? TokenTypeHint);

/// <summary>OAuth 2.0 error (RFC 6749 §5.2).</summary>
public sealed record ObOAuthError([property: JsonPropertyName("error")] string Error, [property: JsonPropertyName("error_description")] string? ErrorDescription);
