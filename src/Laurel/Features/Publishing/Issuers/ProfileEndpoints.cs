using System.Globalization;
using System.Text.Json.Nodes;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Laurel.Features.Publishing.Issuers;

/// <summary>The OB 3.0 Profile JSON of institutions, faculties and issuers, and their public images.</summary>
internal static class ProfileEndpoints
{
    public const string JsonLdType = "application/ld+json";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("").AllowAnonymous().WithTags("Publishing");
        group.MapGet("/institutions/{slug}/profile.json", async (string slug, HttpContext http, IssuerProfiles profiles, CancellationToken ct) =>
            await profiles.InstitutionAsync(slug, ct) is { } i ? Json(http, IssuerProfiles.ToJson(profiles.InstitutionProfile(i, Language()))) : Results.NotFound())
            .WithSummary("The institution's OB 3.0 issuer Profile (JSON-LD)")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, JsonLdType, "application/json").Produces(StatusCodes.Status404NotFound);
        group.MapGet("/institutions/{slug}/faculties/{id:guid}.json", async (string slug, Guid id, HttpContext http, IssuerProfiles profiles, CancellationToken ct) =>
            await profiles.FacultyAsync(slug, id, ct) is { } f ? Json(http, IssuerProfiles.ToJson(profiles.FacultyProfile(f, f.Institution!, Language()))) : Results.NotFound())
            .WithSummary("A faculty's OB 3.0 Profile (JSON-LD), parentOrg the institution")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, JsonLdType, "application/json").Produces(StatusCodes.Status404NotFound);
        group.MapGet("/issuers/{id:guid}.json", async (Guid id, HttpContext http, IssuerProfiles profiles, CancellationToken ct) =>
            await profiles.IssuerAsync(id, ct) is { } x ? Json(http, IssuerProfiles.ToJson(profiles.IssuerProfile(x, x.Faculty!, x.Faculty!.Institution!, Language()))) : Results.NotFound())
            .WithSummary("An issuer's OB 3.0 Profile (JSON-LD), parentOrg its faculty")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, JsonLdType, "application/json").Produces(StatusCodes.Status404NotFound);

        group.MapGet("/institutions/{slug}/logo", async (string slug, HttpContext http, LaurelDb db, CancellationToken ct) =>
        {
            var logo = await db.Institutions.Where(i => i.Slug == slug && i.ArchivedAt == null)
                .Select(i => new { i.Logo, i.LogoContentType }).SingleOrDefaultAsync(ct);
            return logo?.Logo is null || logo.LogoContentType is null ? Results.NotFound() : Image(http, logo.Logo, logo.LogoContentType);
        }).WithTags(OpenApiDocs.PublicFilesTag)
            .WithName("InstitutionLogo")
            .WithSummary("An institution's logo (PNG or SVG, checked on upload), the image of its OB 3.0 Profile")
            .ProducesFile(StatusCodes.Status200OK, "The logo as stored; CORS open, cached an hour.", true, "image/png", "image/svg+xml")
            .ProducesErrorPage(StatusCodes.Status404NotFound, "no active institution with this slug, or it has no logo.");
        group.MapGet("/issuers/{id:guid}/image", async (Guid id, HttpContext http, LaurelDb db, CancellationToken ct) =>
        {
            var image = await db.Issuers.Where(x => x.Id == id && x.ArchivedAt == null && x.Faculty!.ArchivedAt == null && x.Faculty.Institution!.ArchivedAt == null)
                .Select(x => new { x.Image, x.ImageContentType }).SingleOrDefaultAsync(ct);
            return image?.Image is null || image.ImageContentType is null ? Results.NotFound() : Image(http, image.Image, image.ImageContentType);
        }).WithTags(OpenApiDocs.PublicFilesTag)
            .WithName("IssuerImage")
            .WithSummary("An issuer's image (PNG or SVG, checked on upload), the image of its OB 3.0 Profile")
            .ProducesFile(StatusCodes.Status200OK, "The image as stored; CORS open, cached an hour.", true, "image/png", "image/svg+xml")
            .ProducesErrorPage(StatusCodes.Status404NotFound, "no active issuer with this id, or it has no image.");
    }

    /// <summary>True when the client asked for JSON (application/json or application/ld+json) rather than HTML.</summary>
    public static bool WantsJson(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0) return false;
        double Quality(string type) => accept.Where(a => a.MediaType.Equals(type, StringComparison.OrdinalIgnoreCase))
            .Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();
        var json = Math.Max(Quality("application/json"), Quality(JsonLdType));
        return json > 0 && json >= Quality("text/html");
    }

    public static IResult Json(HttpContext http, JsonObject document)
    {
        http.Response.Headers.AccessControlAllowOrigin = "*";
        http.Response.Headers.CacheControl = "public, max-age=300";
        http.Response.Headers.Vary = HeaderNames.Accept;
        return Results.Text(document.ToJsonString(), JsonLdType);
    }

    private static IResult Image(HttpContext http, byte[] bytes, string contentType)
    {
        http.Response.Headers.AccessControlAllowOrigin = "*";
        http.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.File(bytes, contentType);
    }

    private static string Language() => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "nl";
}
