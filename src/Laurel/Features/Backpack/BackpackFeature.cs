using Laurel.Features.Backpack.Collections;
using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Backpack;

/// <summary>The learner's backpack: their badges, privacy, sharing and collections.</summary>
public static class BackpackFeature
{
    public static IServiceCollection AddBackpackFeature(this IServiceCollection services) => services
        .AddScoped<BackpackService>()
        .AddScoped<BackpackChanges>()
        .AddScoped<CollectionService>()
        .AddScoped<CollectionContents>()
        .AddScoped<IPersonalDataEraser, CollectionsEraser>();

    public static IEndpointRouteBuilder MapBackpackFeature(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/backpack/badges/{id:guid}/qr.png", BadgeQrAsync).WithTags(OpenApiDocs.LearnerFilesTag)
            .WithName("BackpackBadgeQr")
            .WithSummary("QR code of a badge's public page, shown on the learner's badge page: its owner may always fetch it, anyone else once it is public")
            .OptionalSession()
            .ProducesFile(StatusCodes.Status200OK, "PNG of the QR code of /badges/{id}.", true, "image/png")
            .ProducesErrorPage(StatusCodes.Status404NotFound, "no such award, or it is private and not the caller's.");
        CollectionEndpoints.Map(endpoints);
        return endpoints;
    }

    /// <summary>QR code of a badge's public page: its owner may always fetch it, anyone else only once the badge is public.</summary>
    private static async Task<IResult> BadgeQrAsync(Guid id, HttpContext context, LaurelDb db, PublicOrigin origin, CancellationToken ct)
    {
        var viewer = StaffAccess.PersonId(context.User);
        var award = await db.Awards.AsNoTracking().Where(a => a.Id == id).Select(a => new { a.RecipientPersonId, a.IsPublic }).FirstOrDefaultAsync(ct);
        if (award is null || !(award.IsPublic || (viewer is not null && award.RecipientPersonId == viewer))) return Results.NotFound();
        return QrCodes.Result(context, origin.Url($"/badges/{id}"), award.IsPublic);
    }
}
