namespace Laurel.Features.Institutions;

/// <summary>Institution tree (institutions, faculties, issuers) and staff management.</summary>
public static class InstitutionsFeature
{
    public static IServiceCollection AddInstitutionsFeature(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapInstitutionsFeature(this IEndpointRouteBuilder endpoints) => endpoints;
}
