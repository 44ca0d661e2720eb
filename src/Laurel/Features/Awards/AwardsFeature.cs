namespace Laurel.Features.Awards;

/// <summary>Awards: the signed credential of each award, staff award pages, revocation and suspension.</summary>
public static class AwardsFeature
{
    public static IServiceCollection AddAwardsFeature(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapAwardsFeature(this IEndpointRouteBuilder endpoints) => endpoints;
}
