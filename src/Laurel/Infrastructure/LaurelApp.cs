using Laurel.Features.Achievements;
using Laurel.Features.Demo;
using Laurel.Features.Identity;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.DataProtection;

namespace Laurel.Infrastructure;

/// <summary>Builds the web application; shared by the CLI and the tests so both run the same thing.</summary>
public static class LaurelApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Razor Pages are discovered in the application assembly; tests host Laurel from their own assembly.
            ApplicationName = typeof(LaurelApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        configure?.Invoke(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddSingleton(TimeProvider.System);
        services.AddLaurelDatabase(configuration);
        services.AddDataProtection().SetApplicationName("Laurel").PersistKeysToDbContext<LaurelDb>();
        services.AddLaurelWeb();
        services.AddHealthChecks().AddDbContextCheck<LaurelDb>();
        services.AddOpenApi("v1");
        services.AddScoped<AuditLog>();

        services.AddIdentityFeature(configuration, builder.Environment);
        services.AddInstitutionsFeature();
        services.AddAchievementsFeature();

        var app = builder.Build();
        app.UseLaurelWeb();
        app.MapHealthChecks("/health");
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapRazorPages();
        app.MapIdentityFeature();
        app.MapInstitutionsFeature();
        app.MapAchievementsFeature();
        return app;
    }

    /// <summary>Applies migrations; in Development also seeds demo data into an empty database.</summary>
    public static async Task InitializeAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        await DatabaseSetup.MigrateAsync(app.Services, cancellationToken);
        if (app.Environment.IsDevelopment() && app.Configuration.GetValue("Laurel:SeedDemoData", true))
            await DemoData.SeedAsync(app.Services, cancellationToken);
    }
}
