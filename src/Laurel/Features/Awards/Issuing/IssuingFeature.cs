namespace Laurel.Features.Awards.Issuing;

/// <summary>
/// The issuing core every award entry point (Direct, Bulk, Requests, Results, Claims, the VC-API) goes through: the award
/// policy, the credential builder and its signing, and finding the learner an award is for.
/// </summary>
public static class IssuingFeature
{
    public static IServiceCollection AddAwardIssuing(this IServiceCollection services) => services
        .AddScoped<AwardPolicy>()
        .AddScoped<CredentialBuilder>()
        .AddScoped<AwardSigning>()
        .AddScoped<LearnerLookup>()
        .AddScoped<RecipientResolver>();
}
