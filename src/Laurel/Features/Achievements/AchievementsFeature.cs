using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

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
        endpoints.MapGet("/catalog/{id:guid}/image", ImageAsync).ExcludeFromDescription();
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
