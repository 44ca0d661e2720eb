using System.Text;
using Laurel.Features.Identity;
using Laurel.Features.Publishing.Badges;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Backpack.Collections;

/// <summary>A collection's download (one presentation file) and QR code; owner always, anyone else only when it is public.</summary>
public static class CollectionEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        // Visible as the collection is: a shared one to anyone, a private one to its owner only; else 404.
        var group = endpoints.MapGroup("/collections/{id:guid}").WithTags(OpenApiDocs.PublicFilesTag).OptionalSession()
            .ProducesErrorPage(StatusCodes.Status404NotFound, "no such collection, or it is private and not the caller's.");
        group.MapGet("/presentation.json", DownloadAsync)
            .WithName("CollectionPresentation")
            .WithSummary("A collection of badges as one unsigned W3C presentation of the signed credentials the viewer may see, as a .json download")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/vp+ld+json")
            .ProducesNotModified();
        group.MapGet("/qr.png", QrAsync)
            .WithName("CollectionQr")
            .WithSummary("QR code of a collection's shared page")
            .ProducesFile(StatusCodes.Status200OK, "PNG of the QR code of the collection's public address.", true, "image/png");
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
