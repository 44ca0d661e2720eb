namespace Laurel.Features.Recognition;

/// <summary>Recognition of micro-credentials for exemptions: course rules, learner applications, exam-board decisions, SIS records.</summary>
public static class RecognitionFeature
{
    public static IServiceCollection AddRecognitionFeature(this IServiceCollection services)
    {
        services.AddScoped<ApplicationBadgeChecks>();
        services.AddRecognitionStaff();
        Applications.ApplicationsFeature.AddExemptionApplications(services);
        // Each part registers its services here (one line each).
        return services;
    }

    public static IEndpointRouteBuilder MapRecognitionFeature(this IEndpointRouteBuilder app)
    {
        // Each part maps its endpoints here (one line each).
        app.MapRecognitionStaff();
        return app;
    }
}
