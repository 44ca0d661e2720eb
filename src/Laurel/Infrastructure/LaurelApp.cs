using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Bulk;
using Laurel.Features.Awards.Claims;
using Laurel.Features.Awards.Requests;
using Laurel.Features.Awards.Results;
using Laurel.Features.Backpack;
using Laurel.Features.Demo;
using Laurel.Features.Identity;
using Laurel.Features.Institutions;
using Laurel.Features.Notifications;
using Laurel.Features.Publishing;
using Laurel.Features.Publishing.Badges;
using Laurel.Features.Verification;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Net;
using Laurel.Infrastructure.Web;

namespace Laurel.Infrastructure;

/// <summary>Builds the web application; shared by the CLI and the tests so both run the same thing.</summary>
public static class LaurelApp
{
    /// <param name="createsKeys">False only for <c>laurel verify</c>, which never protects data: it may then run without key
    /// protection outside Development, and is barred from creating a key.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, bool createsKeys = true)
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
        // Outside Development the shared key ring must be encrypted at rest, or Laurel does not start.
        services.AddLaurelDataProtection(configuration, builder.Environment, createsKeys);
        services.AddLaurelWeb();
        services.AddLaurelForwardedHeaders(configuration);
        services.AddLaurelRateLimits(configuration);
        services.AddHealthChecks().AddDbContextCheck<LaurelDb>();
        services.AddOpenApi("v1", Laurel.Infrastructure.Web.OpenApiDocs.Configure);
        services.AddScoped<AuditLog>();

        services.AddIdentityFeature(configuration, builder.Environment);
        services.AddInstitutionsFeature();
        services.AddAchievementsFeature();
        services.AddSingleton<PublicOrigin>();
        services.AddSingleton<Features.Dev.DevMailbox>();
        services.AddSingleton<SafeFetcher>();
        services.AddPublishingFeature();
        services.AddAwardsFeature();
        services.AddNotificationsFeature();
        services.AddAwardClaimsFeature();
        services.AddAwardRequestsFeature();
        services.AddResultsFeature();
        services.AddBulkAwardFeature();
        services.AddVerificationFeature();
        services.AddBadgePagesFeature();
        services.AddBackpackFeature();
        Laurel.Features.Backpack.Imports.ImportsFeature.AddBackpackImportsFeature(services);
        Laurel.Features.Standards.ObConnect.ObConnectFeature.AddObConnectFeature(services);
        Laurel.Features.Pathways.PathwaysFeature.AddPathwaysFeature(services);
        Laurel.Features.Insights.InsightsFeature.AddInsightsFeature(services, configuration);
        Laurel.Features.Wallets.WalletsFeature.AddWalletsFeature(services);
        Laurel.Features.Presentations.PresentationsFeature.AddPresentationsFeature(services);
        Laurel.Features.Recognition.RecognitionFeature.AddRecognitionFeature(services);
        Laurel.Features.Standards.Clr.ClrFeature.AddClrFeature(services);
        Laurel.Features.Standards.Elm.ElmFeature.AddElmFeature(services);
        Laurel.Features.Standards.ObApi.ObApiFeature.AddObApiFeature(services);

        var app = builder.Build();
        app.UseLaurelWeb();
        Laurel.Features.Insights.InsightsCounting.UseInsightsCounting(app);
        // After the view counting (a stored copy is a view too), before the endpoints: current public pages without Razor Pages.
        app.UsePublicPageCache();
        app.MapHealthChecks("/health");
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapRazorPages();
        app.MapIdentityFeature();
        app.MapInstitutionsFeature();
        app.MapAchievementsFeature();
        app.MapPublishingFeature();
        app.MapAwardsFeature();
        app.MapResultsApi();
        app.MapBulkAwardFeature();
        app.MapVerificationFeature();
        app.MapBadgePagesFeature();
        app.MapBackpackFeature();
        Laurel.Features.Insights.InsightsFeature.MapInsightsFeature(app);
        Laurel.Features.Wallets.WalletsFeature.MapWalletsFeature(app);
        Laurel.Features.Presentations.PresentationsFeature.MapPresentationsFeature(app);
        Laurel.Features.Recognition.RecognitionFeature.MapRecognitionFeature(app);
        Laurel.Features.Standards.Clr.ClrFeature.MapClrFeature(app);
        Laurel.Features.Standards.Elm.ElmFeature.MapElmFeature(app);
        Laurel.Features.Standards.ObApi.ObApiFeature.MapObApiFeature(app);
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
