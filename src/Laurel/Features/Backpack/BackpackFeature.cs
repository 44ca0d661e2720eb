namespace Laurel.Features.Backpack;

/// <summary>The learner's backpack: their badges, privacy and sharing.</summary>
public static class BackpackFeature
{
    public static IServiceCollection AddBackpackFeature(this IServiceCollection services) => services.AddScoped<BackpackService>().AddScoped<BackpackChanges>();

    public static IEndpointRouteBuilder MapBackpackFeature(this IEndpointRouteBuilder endpoints) => endpoints;
}
