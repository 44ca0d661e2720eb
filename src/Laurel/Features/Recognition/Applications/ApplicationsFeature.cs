namespace Laurel.Features.Recognition.Applications;

/// <summary>The learner's side of recognition: applying for exemptions with backpack or wallet badges, proposals, their applications.</summary>
public static class ApplicationsFeature
{
    public static IServiceCollection AddExemptionApplications(this IServiceCollection services) => services
        .AddScoped<BackpackChoices>()
        .AddScoped<ExemptionApplications>()
        .AddScoped<ApplicationWallet>();
}
