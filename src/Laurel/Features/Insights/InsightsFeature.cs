namespace Laurel.Features.Insights;

/// <summary>Counting (badge views, verifications, downloads, LinkedIn adds, shares) and the staff insights pages and CSV exports.</summary>
public static class InsightsFeature
{
    public static IServiceCollection AddInsightsFeature(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<InsightsOptions>(configuration.GetSection("Laurel:Insights"));
        services.AddSingleton<InsightsCounter>();
        services.AddSingleton<InsightsFlush>();
        services.AddHostedService<InsightsFlusher>();
        services.AddScoped<InsightsQuery>();
        return services;
    }

    public static IEndpointRouteBuilder MapInsightsFeature(this IEndpointRouteBuilder endpoints)
    {
        LinkedInRedirect.Map(endpoints);
        InsightsExports.Map(endpoints);
        return endpoints;
    }
}
