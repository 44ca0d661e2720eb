namespace Laurel.Features.Achievements;

/// <summary>Micro-credential definitions: staff pages, validation rules and the public catalog.</summary>
public static class AchievementsFeature
{
    public static IServiceCollection AddAchievementsFeature(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapAchievementsFeature(this IEndpointRouteBuilder endpoints) => endpoints;
}
