using Laurel.Features.Backpack;

namespace Laurel.Features.Pathways;

/// <summary>Stackable pathways: staff definitions, learner progress, automatic completion awards, the public pages.</summary>
public static class PathwaysFeature
{
    public static IServiceCollection AddPathwaysFeature(this IServiceCollection services) => services
        .AddScoped<PathwayService>()
        .AddScoped<PathwayFacts>()
        .AddScoped<PathwayCatalog>()
        .AddScoped<PathwayCompletion>()
        .AddScoped<IBackpackListener, PathwayBackpackListener>()
        .AddSingleton<Laurel.Features.Awards.Events.IAwardEventHandler, PathwayEventHandler>();
}
