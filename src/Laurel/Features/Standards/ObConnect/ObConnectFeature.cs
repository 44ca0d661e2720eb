namespace Laurel.Features.Standards.ObConnect;

/// <summary>
/// Laurel as an Open Badges 3.0 REST API service consumer (OB3-8.1 write, OB3-8.3 read): a learner connects another host
/// from the backpack (/backpack/connections), imports what it holds and sends Laurel badges to it.
/// </summary>
public static class ObConnectFeature
{
    public static IServiceCollection AddObConnectFeature(this IServiceCollection services) => services
        .AddSingleton<ObHttp>()
        .AddSingleton<ObSddCache>()
        .AddScoped<ObProtocol>()
        .AddScoped<ObConnectService>();
}
