namespace Laurel.Features.Standards.Elm;

/// <summary>Europass / European Learning Model v3 export (issue 19): the download and the institution's seal.</summary>
public static class ElmFeature
{
    public static IServiceCollection AddElmFeature(this IServiceCollection services) => services.AddScoped<ElmSeals>();

    public static IEndpointRouteBuilder MapElmFeature(this IEndpointRouteBuilder endpoints)
    {
        ElmDownloads.Map(endpoints);
        return endpoints;
    }
}
