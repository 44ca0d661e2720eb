using Laurel.Credentials.Dids;
using Laurel.Infrastructure.Net;

namespace Laurel.Features.Verification;

/// <summary>The public verifier page, the VC-API verify endpoints and the command-line verifier.</summary>
public static class VerificationFeature
{
    public static IServiceCollection AddVerificationFeature(this IServiceCollection services)
    {
        services.AddSingleton(sp => new VerificationCache(sp.GetRequiredService<TimeProvider>(),
            Laurel.Infrastructure.Web.CacheBudgets.Bytes(sp.GetRequiredService<IConfiguration>(), "VerificationCacheMB", VerificationCache.DefaultByteBudget)));
        services.AddSingleton(sp => new Laurel.Credentials.Verification.StatusListProofCache(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<VerificationLimits>();
        services.AddSingleton<ReportPresenter>();
        services.AddScoped<ILocalPublications, LaurelPublications>();
        // The fallback of Laurel's LocalIssuerResolver (Publishing): other issuers' DIDs, fetched through the SSRF guard.
        services.AddSingleton(sp => new DidVerificationMethodResolver(sp.GetRequiredService<SafeFetcher>().FetchStringSameOriginAsync));
        services.AddScoped<VerificationService>();
        services.AddScoped<CredentialLocator>();
        services.AddScoped<LaurelAwards>();
        services.AddScoped<KnownIssuers>();
        return services;
    }

    public static IEndpointRouteBuilder MapVerificationFeature(this IEndpointRouteBuilder endpoints)
    {
        VerifyApi.Map(endpoints);
        return endpoints;
    }
}
