using Laurel.Features.Achievements;
using Laurel.Features.Publishing.Ob2;
using Laurel.Features.Publishing.Rendering;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Publishing.Badges;

/// <summary>Public badge pages and every download format of an award.</summary>
public static class BadgePagesFeature
{
    public static IServiceCollection AddBadgePagesFeature(this IServiceCollection services) => services
        .AddScoped<AwardAccess>()
        .AddSingleton<Laurel.Infrastructure.Web.IPublicPageTag, BadgePageTag>()
        .AddScoped<PublicCredentials>()
        .AddScoped<Laurel.Features.Verification.ILocalBadgeLinks, LocalBadgeLinks>()
        .AddSingleton<Ob2Documents>()
        .AddSingleton(sp => new BadgeArtwork(sp.GetRequiredService<CredentialRenderer>(), sp.GetRequiredService<Laurel.Infrastructure.Web.PublicOrigin>(),
            Laurel.Infrastructure.Web.CacheBudgets.Bytes(sp.GetRequiredService<IConfiguration>(), "BadgeArtworkMB", BadgeArtwork.MaxCachedBytes)))
        .AddSingleton<CredentialRenderer>()
        .AddMemoryCache();

    public static IEndpointRouteBuilder MapBadgePagesFeature(this IEndpointRouteBuilder endpoints)
    {
        BadgeDownloads.Map(endpoints);
        Ob2Endpoints.Map(endpoints);
        endpoints.MapGet("/catalog/{id:guid}/badge.png", CatalogBadgeAsync).WithTags(OpenApiDocs.PublicFilesTag)
            .WithName("CatalogBadgePng")
            .WithSummary("The marked badge image of a definition: the catalog's picture and the credential's achievement.image")
            .ProducesFile(StatusCodes.Status200OK, "PNG, public, with a strong ETag.", true, "image/png")
            .ProducesNotModified()
            .ProducesErrorPage(StatusCodes.Status404NotFound, "no definition that is published or was ever awarded.");
        return endpoints;
    }

    // The marked image of a published definition: the catalog's picture and the credential's achievement.image.
    private static async Task<IResult> CatalogBadgeAsync(Guid id, HttpContext context, LaurelDb db, BadgeArtwork artwork, CancellationToken ct)
    {
        var achievement = await db.Achievements.AsNoTracking()
            .FirstOrDefaultAsync(a => a.Id == id && (a.Status == AchievementStatus.Published || db.Awards.Any(w => w.AchievementId == a.Id)), ct);
        if (achievement is null) return Results.NotFound();
        return FileResponses.File(context, artwork.Png(achievement), "image/png", null, isPublic: true);
    }
}
