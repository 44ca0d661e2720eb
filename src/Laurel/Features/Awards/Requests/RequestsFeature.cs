namespace Laurel.Features.Awards.Requests;

/// <summary>Learner requests: request a badge from the catalog, see its status; staff approve (award) or deny them.</summary>
public static class RequestsFeature
{
    public static IServiceCollection AddAwardRequestsFeature(this IServiceCollection services) =>
        services.AddScoped<RequestService>().AddScoped<RequestMessages>();
}
