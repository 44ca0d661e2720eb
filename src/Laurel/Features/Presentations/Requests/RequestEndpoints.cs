using Laurel.Features.Backpack;
using Laurel.Features.Identity;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Presentations.Requests;

/// <summary>The request's QR code (public, like its link) and the services of the request pages.</summary>
public static class RequestEndpoints
{
    public static IServiceCollection AddRequestPages(this IServiceCollection services) =>
        services.AddScoped<PresentationRequestStore>().AddScoped<CatalogChoices>();

    public static IEndpointRouteBuilder MapRequestEndpoints(this IEndpointRouteBuilder app)
    {
        // The QR code carries the interaction URL: a wallet that scans it learns the protocols (OpenID4VP, VC-API) from there.
        app.MapGet("/ask/{id:guid}/qr.png", async (Guid id, HttpContext context, PresentationRequestStore store, PublicOrigin origin, CancellationToken ct) =>
            await store.FindPublicAsync(id, ct) is null
                ? Results.NotFound()
                : QrCodes.Result(context, origin.Url(PresentationRoutes.Interaction(id)), isPublic: true))
            .WithSummary("QR code of a presentation request's link, for a wallet to scan")
            .Produces<byte[]>(StatusCodes.Status200OK, "image/png").Produces(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>The signed-in person's id, or null (anonymous, or an API client).</summary>
    internal static Guid? Person(HttpContext context) => StaffAccess.PersonId(context.User);
}
