namespace Laurel.Features.Publishing;

/// <summary>Issuer identity: did:web documents, signing keys, status lists, issuer profiles.</summary>
public static class PublishingFeature
{
    public static IServiceCollection AddPublishingFeature(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapPublishingFeature(this IEndpointRouteBuilder endpoints) => endpoints;
}
