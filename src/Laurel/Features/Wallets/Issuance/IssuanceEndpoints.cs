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
        var group = app.MapGroup("").AllowAnonymous().WithTags("Wallets").ExcludeFromDescription();
        // Well-known URI insertion (VCI-2.1, RFC 8615): /.well-known/openid-credential-issuer + the identifier's path; the
        // appended form (…/oid4vci/{slug}/.well-known/…) is what draft-era wallets fetch, so it answers too.
        group.MapGet(WellKnown + "/oid4vci/{slug}", MetadataAsync);
        group.MapGet("/oid4vci/{slug}" + WellKnown, MetadataAsync);
        group.MapGet("/oid4vci/offers/{offerId}", OfferEndpoint.GetAsync);
        group.MapPost("/oid4vci/{slug}/nonce", NonceAsync).RequireRateLimiting(RateLimits.WalletIssuance);
        group.MapPost("/oid4vci/{slug}/credential", CredentialEndpoint.PostAsync).RequireRateLimiting(RateLimits.WalletIssuance);
        group.MapPost("/oid4vci/{slug}/notification", NotificationEndpoint.PostAsync).RequireRateLimiting(RateLimits.WalletIssuance);
        return app;
    }

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
