namespace Laurel.Features.Institutions;

/// <summary>Institution tree (institutions, faculties, issuers), staff and roles, and the audit trail pages.</summary>
public static class InstitutionsFeature
{
    public static IServiceCollection AddInstitutionsFeature(this IServiceCollection services)
    {
        services.AddScoped<IssuerDirectory>();
        services.AddScoped<StaffManagement>();
        services.AddScoped<StaffWorkspace>();
        return services;
    }

    public static IEndpointRouteBuilder MapInstitutionsFeature(this IEndpointRouteBuilder endpoints) => endpoints;
}
