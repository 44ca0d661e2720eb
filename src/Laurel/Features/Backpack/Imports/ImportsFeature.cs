using Laurel.Features.Identity;

namespace Laurel.Features.Backpack.Imports;

/// <summary>Import of badges earned elsewhere into the learner's backpack (pages under /backpack/import and /backpack/imports).</summary>
public static class ImportsFeature
{
    public static IServiceCollection AddBackpackImportsFeature(this IServiceCollection services) => services
        .AddScoped<ImportReader>()
        .AddScoped<ImportVerifier>()
        .AddScoped<ImportFacts>()
        .AddScoped<ImportImages>()
        .AddScoped<ImportService>()
        .AddSingleton<TrustedIssuers>()
        .AddScoped<ImportVerdicts>()
        .AddScoped<IPersonalDataEraser, ImportEraser>();
}
