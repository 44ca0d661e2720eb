namespace Laurel.Features.Verification;

/// <summary>The public verifier page, the VC-API verify endpoints and the command-line verifier.</summary>
public static class VerificationFeature
{
    public static IServiceCollection AddVerificationFeature(this IServiceCollection services)
    {
        services.AddSingleton<SafeFetcher>();
        services.AddSingleton<VerificationCache>();
        services.AddSingleton<ReportPresenter>();
        services.AddScoped<ILocalPublications, NoLocalPublications>();
        services.AddScoped<VerificationService>();
        return services;
    }

    public static IEndpointRouteBuilder MapVerificationFeature(this IEndpointRouteBuilder endpoints)
    {
        VerifyApi.Map(endpoints);
        return endpoints;
    }
}
