using System.Threading.RateLimiting;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.RateLimiting;

namespace Laurel.Features.Wallets.Issuance;

/// <summary>
/// The OpenID4VCI Credential Issuer of every institution (identifier <c>{origin}/oid4vci/{slug}</c>): metadata, credential
/// offers by reference, nonce, credential and notification endpoints.
/// </summary>
public static class IssuanceEndpoints
{
    public const string WellKnown = "/.well-known/openid-credential-issuer";

    public static IServiceCollection AddWalletIssuance(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddScoped<IssuerMetadata>();
        services.AddScoped<WalletNonces>();
        // POSTs to the nonce, credential and notification endpoints, per client address (Laurel:RateLimits:WalletIssuance).
        services.AddOptions<RateLimiterOptions>().Configure<IConfiguration>((o, configuration) =>
        {
            var options = RateLimits.Setting(configuration, RateLimits.WalletIssuance).ToOptions();
            o.AddPolicy(RateLimits.WalletIssuance, context =>
                RateLimitPartition.GetFixedWindowLimiter("wallet " + RateLimits.ClientAddress(context), _ => options));
        });
        return services;
    }

    public static IEndpointRouteBuilder MapWalletIssuance(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").AllowAnonymous().WithTags(OpenApiDocs.WalletIssuanceTag);
        // Well-known URI insertion (VCI-2.1, RFC 8615): /.well-known/openid-credential-issuer + the identifier's path; the
        // appended form (…/oid4vci/{slug}/.well-known/…) is what draft-era wallets fetch, so it answers too.
        group.MapGet(WellKnown + "/oid4vci/{slug}", MetadataAsync)
            .WithName("CredentialIssuerMetadata")
            .WithSummary("Credential Issuer metadata of an institution (OpenID4VCI VCI-2.1, well-known URI inserted before the issuer's path)")
            .WithDescription(MetadataDescription)
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/json")
            .ProducesOAuthError(StatusCodes.Status404NotFound, "not_found: no institution with this slug.");
        group.MapGet("/oid4vci/{slug}" + WellKnown, MetadataAsync)
            .WithName("CredentialIssuerMetadataAppended")
            .WithSummary("The same Credential Issuer metadata at the appended well-known address draft-era wallets fetch")
            .WithDescription(MetadataDescription)
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/json")
            .ProducesOAuthError(StatusCodes.Status404NotFound, "not_found: no institution with this slug.");
        group.MapGet("/oid4vci/offers/{offerId}", OfferEndpoint.GetAsync)
            .WithName("CredentialOffer")
            .WithSummary("A credential offer by reference (VCI-3.1, VCI-3.2): what the learner's \"Add to wallet\" QR code's credential_offer_uri names")
            .WithDescription("offerId is 32 hex digits. Carries the pre-authorized code and issuer_state; answered with Cache-Control: no-store. "
                + "A wallet may fetch an open offer twice; once redeemed, refused or expired it answers 410 without the secrets.")
            .Produces<WalletCredentialOffer>(StatusCodes.Status200OK, "application/json")
            .ProducesOAuthError(StatusCodes.Status404NotFound, "offer_not_found: no such offer.")
            .ProducesOAuthError(StatusCodes.Status410Gone, "offer_expired, offer_refused or offer_used: the learner makes a new offer in the backpack.");
        group.MapPost("/oid4vci/{slug}/nonce", NonceAsync).RequireRateLimiting(RateLimits.WalletIssuance)
            .WithName("CredentialIssuerNonce")
            .WithSummary("A fresh c_nonce for key proofs (VCI-5.1): empty body, no authentication, never cached")
            .Produces<WalletNonceResponse>(StatusCodes.Status200OK, "application/json")
            .ProducesOAuthError(StatusCodes.Status404NotFound, "not_found: no institution with this slug.")
            .ProducesTooManyRequests();
        group.MapPost("/oid4vci/{slug}/credential", CredentialEndpoint.PostAsync).RequireRateLimiting(RateLimits.WalletIssuance)
            .WithName("CredentialIssuerCredential")
            .WithSummary("Issue the offered badge to the wallet, one credential per key proof (VCI-6.1…6.6)")
            .WithDescription("Needs the access token of the token endpoint (Bearer, or DPoP with its proof header). Body at most 128 KB, "
                + "application/json. All or nothing: any refused proof or nonce issues nothing. invalid_nonce answers carry a fresh c_nonce.")
            .RequiresWalletToken()
            .AddOpenApiOperationTransformer(OpenApiJsonBody.Of<WalletCredentialRequest>())
            .Produces<WalletCredentialResponse>(StatusCodes.Status200OK, "application/json")
            .ProducesOAuthError(StatusCodes.Status400BadRequest, "invalid_credential_request, unknown_credential_configuration, invalid_proof, invalid_nonce "
                + "(with c_nonce), credential_request_denied (VCI-6.6).")
            .ProducesOAuthError(StatusCodes.Status401Unauthorized, "invalid_token, with a WWW-Authenticate challenge in the scheme the wallet used (Bearer or DPoP).")
            .ProducesOAuthError(StatusCodes.Status403Forbidden, "insufficient_scope: the token does not cover this configuration.")
            .ProducesOAuthError(StatusCodes.Status404NotFound, "not_found: no institution with this slug.")
            .ProducesOAuthError(StatusCodes.Status413PayloadTooLarge, "invalid_credential_request: the body is larger than 128 KB.")
            .ProducesOAuthError(StatusCodes.Status415UnsupportedMediaType, "invalid_credential_request: the body is not application/json.")
            .ProducesTooManyRequests();
        group.MapPost("/oid4vci/{slug}/notification", NotificationEndpoint.PostAsync).RequireRateLimiting(RateLimits.WalletIssuance)
            .WithName("CredentialIssuerNotification")
            .WithSummary("The wallet tells whether it kept the issued credentials (VCI-6.8): credential_accepted, credential_failure or credential_deleted")
            .RequiresWalletToken()
            .AddOpenApiOperationTransformer(OpenApiJsonBody.Of<WalletNotificationRequest>())
            .Produces(StatusCodes.Status204NoContent)
            .ProducesOAuthError(StatusCodes.Status400BadRequest, "invalid_notification_request or invalid_notification_id.")
            .ProducesOAuthError(StatusCodes.Status401Unauthorized, "invalid_token, with a WWW-Authenticate challenge.")
            .ProducesOAuthError(StatusCodes.Status404NotFound, "not_found: no institution with this slug.")
            .ProducesTooManyRequests();
        return app;
    }

    private const string MetadataDescription = "The issuer identifier is {origin}/oid4vci/{slug}. Lists a credential configuration per published "
        + "badge and format (ldp_vc OB 3.0 with eddsa-rdfc-2022, jwt_vc_json, dc+sd-jwt), the nonce, credential and notification endpoints, "
        + "batch issuance and the authorization server (VCI-2.2, VCI-2.3). CORS open, cached 60 s.";

    private static async Task<IResult> MetadataAsync(string slug, HttpContext http, IssuerMetadata metadata, CancellationToken ct)
    {
        var json = await metadata.JsonAsync(slug, ct);
        if (json is null) return OAuthErrors.Error(http, 404, "not_found", "There is no Credential Issuer here.");
        http.Response.Headers.AccessControlAllowOrigin = "*";
        http.Response.Headers.CacheControl = "public, max-age=60";
        return Results.Text(json, "application/json");
    }

    /// <summary>VCI-5.1: a fresh c_nonce, no authentication, never cached.</summary>
    private static async Task<IResult> NonceAsync(string slug, HttpContext http, IssuerMetadata metadata, WalletNonces nonces, CancellationToken ct)
    {
        var institution = await metadata.InstitutionAsync(slug, ct);
        if (institution is null) return OAuthErrors.Error(http, 404, "not_found", "There is no Credential Issuer here.");
        var nonce = await nonces.CreateAsync(institution.Id, ct);
        OAuthErrors.NoStore(http);
        http.Response.Headers.AccessControlAllowOrigin = "*";
        return Results.Text(new System.Text.Json.Nodes.JsonObject
        {
            ["c_nonce"] = nonce,
            ["c_nonce_expires_in"] = (int)WalletNonces.Lifetime.TotalSeconds,
        }.ToJsonString(), "application/json");
    }
}
