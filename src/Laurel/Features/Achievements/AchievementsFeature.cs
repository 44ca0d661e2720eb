using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Achievements;

/// <summary>Micro-credential definitions: staff pages, validation rules, the public catalog and its API.</summary>
public static class AchievementsFeature
{
    public static IServiceCollection AddAchievementsFeature(this IServiceCollection services) => services
        .AddScoped<AchievementService>()
        .AddScoped<CardHues>()
        .AddScoped<AchievementCatalog>()
        .AddSingleton<Laurel.Infrastructure.Web.IPublicPageTag, Catalog.CatalogPageTag>();

    public static IEndpointRouteBuilder MapAchievementsFeature(this IEndpointRouteBuilder endpoints)
    {
        AchievementsApi.Map(endpoints);
        endpoints.MapGet("/catalog/{id:guid}/image", ImageAsync).WithTags(OpenApiDocs.PublicFilesTag)
            .WithName("CatalogImage")
            .WithSummary("The image staff uploaded for a published badge definition (PNG or SVG, checked on upload)")
            .ProducesFile(StatusCodes.Status200OK, "The uploaded image as stored.", true, "image/png", "image/svg+xml")
            .ProducesErrorPage(StatusCodes.Status404NotFound, "no published, unarchived definition with an uploaded image.");
        return endpoints;
    }

    // Only images of published definitions are public; they were checked (PNG signature / harmless SVG) on upload.
    private static async Task<IResult> ImageAsync(Guid id, LaurelDb db, CancellationToken ct)
    {
        var image = await db.Achievements
            .Where(a => a.Id == id && a.Status == AchievementStatus.Published && a.ArchivedAt == null && a.Image != null)
            .Select(a => new { a.Image, a.ImageContentType }).FirstOrDefaultAsync(ct);
        return image is null ? Results.NotFound() : Results.File(image.Image!, image.ImageContentType ?? "application/octet-stream");
    }
}
