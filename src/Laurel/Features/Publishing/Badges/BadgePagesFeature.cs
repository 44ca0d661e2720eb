namespace Laurel.Features.Publishing.Badges;

/// <summary>Public badge pages and every download format of an award.</summary>
public static class BadgePagesFeature
{
    public static IServiceCollection AddBadgePagesFeature(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapBadgePagesFeature(this IEndpointRouteBuilder endpoints) => endpoints;
}
