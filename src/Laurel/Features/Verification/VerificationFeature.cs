namespace Laurel.Features.Verification;

/// <summary>The public verifier page, the VC-API verify endpoint and the command-line verifier.</summary>
public static class VerificationFeature
{
    public static IServiceCollection AddVerificationFeature(this IServiceCollection services)
    {
        services.AddSingleton<SafeFetcher>();
        return services;
    }

    public static IEndpointRouteBuilder MapVerificationFeature(this IEndpointRouteBuilder endpoints) => endpoints;
}
