using System.Text;
using Laurel.Features.Identity;
using Laurel.Features.Publishing.Badges;

namespace Laurel.Features.Backpack.Collections;

/// <summary>A collection's download (one presentation file) and QR code; owner always, anyone else only when it is public.</summary>
public static class CollectionEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/collections/{id:guid}").ExcludeFromDescription();
        group.MapGet("/presentation.json", DownloadAsync);
        group.MapGet("/qr.png", QrAsync);
    }

    private static async Task<IResult> DownloadAsync(Guid id, HttpContext context, CollectionContents contents, CancellationToken ct)
    {
        var viewer = StaffAccess.PersonId(context.User);
        if (await contents.FindVisibleAsync(id, viewer, ct) is not { } collection) return Results.NotFound();
        var owner = collection.PersonId == viewer;
        var credentials = (await contents.CredentialsAsync(collection, ct)).Where(c => c.SignedVisible(owner));
        var json = contents.Presentation(collection, credentials);
        return FileResponses.File(context, Encoding.UTF8.GetBytes(json), "application/vp+ld+json",
            FileResponses.FileName(collection.Name, ".json"), collection.IsPublic && !owner);
    }

    private static async Task<IResult> QrAsync(Guid id, HttpContext context, CollectionContents contents, CancellationToken ct)
    {
        if (await contents.FindVisibleAsync(id, StaffAccess.PersonId(context.User), ct) is not { } collection) return Results.NotFound();
        return QrCodes.Result(context, contents.PublicUrl(id), collection.IsPublic);
    }
}
