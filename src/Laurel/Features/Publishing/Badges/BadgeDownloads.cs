using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Baking;
using Laurel.Features.Publishing.Keys;
using Laurel.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Publishing.Badges;

/// <summary>
/// Every download of an award, each through <see cref="AwardAccess"/> (unknown or not visible → 404). The signed formats carry
/// the credential the viewer may have (<see cref="PublicCredentials"/>).
/// </summary>
public static class BadgeDownloads
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        // Each visible as the badge is (AwardAccess): public badges to anyone, the others to their learner and staff; else 404.
        var badges = endpoints.MapGroup("/badges/{id:guid}").WithTags(OpenApiDocs.PublicFilesTag).OptionalSession()
            .ProducesNotModified()
            .ProducesErrorPage(StatusCodes.Status404NotFound, "no such award, or the caller may not see it.");
        badges.MapGet("/credential.json", CredentialJsonAsync)
            .WithName("DownloadCredentialJson")
            .WithSummary("The signed OB 3.0 credential of an award, byte for byte as issued (eddsa-rdfc-2022), as a .json download")
            .WithDescription(Visibility + " While the learner hides grade or evidence, the public gets the signed public variant.")
            .Produces<JsonObject>(StatusCodes.Status200OK, CredentialMediaType);
        badges.MapGet("/credential.jwt", CredentialJwtAsync)
            .WithName("DownloadCredentialJwt")
            .WithSummary("The same credential as a VC-JWT (OB3-4.5), only for learners who gave a DID (sub = credentialSubject.id)")
            .WithDescription(Visibility)
            .ProducesFile(StatusCodes.Status200OK, "The compact JWS (EdDSA), sent as a .jwt download.", false, "application/vc+jwt")
            .AddOpenApiOperationTransformer(async (operation, context, ct) =>
            {
                // Both answers are real: the error page for an unknown or hidden badge, ProblemDetails when only the JWT is missing.
                var problem = await context.GetOrCreateSchemaAsync(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), null, ct);
                operation.Responses ??= [];
                operation.Responses["404"] = new Microsoft.OpenApi.OpenApiResponse
                {
                    Description = "No such award, or the caller may not see it (Laurel's HTML error page); or, as ProblemDetails, the learner "
                        + "gave no DID, so no VC-JWT exists (the detail says why).",
                    Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType>
                    {
                        ["application/problem+json"] = new() { Schema = problem },
                        ["text/html"] = new() { Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String } },
                    },
                };
            });
        badges.MapGet("/badge.png", BakedPngAsync)
            .WithName("DownloadBakedPng")
            .WithSummary("The badge image baked with the signed OB 3.0 credential (BAKE-3.1: an 'openbadgecredential' iTXt chunk)")
            .WithDescription(Visibility)
            .ProducesFile(StatusCodes.Status200OK, "PNG with the credential JSON baked in, sent as a download.", true, "image/png");
        badges.MapGet("/badge.svg", BakedSvgAsync)
            .WithName("DownloadBakedSvg")
            .WithSummary("The badge image as SVG with the signed OB 3.0 credential in <openbadges:credential> (BAKE-3.3)")
            .WithDescription(Visibility)
            .ProducesFile(StatusCodes.Status200OK, "SVG with the credential baked in, sent as a download.", false, "image/svg+xml");
        badges.MapGet("/certificate.pdf", CertificateAsync)
            .WithName("DownloadCertificatePdf")
            .WithSummary("A one-page certificate of the award (in the request's language) with a QR code to the badge page")
            .WithDescription(Visibility + " Shows no more than the public badge page does.")
            .ProducesFile(StatusCodes.Status200OK, "The certificate, sent as a download.", true, "application/pdf");
        badges.MapGet("/share.png", ShareImageAsync)
            .WithName("BadgeShareImage")
            .WithSummary("The 1200×627 preview image of a badge for LinkedIn and other OpenGraph readers (shown inline)")
            .WithDescription(Visibility)
            .ProducesFile(StatusCodes.Status200OK, "PNG, inline.", true, "image/png");
    }

    private const string Visibility = "id is the award's id. Public badges to anyone; a private one only to its learner and to staff "
        + "with the right (session cookie); anyone else gets 404, never 403. Strong ETag (If-None-Match answers 304); public files are "
        + "cacheable for a minute, the others private.";

    /// <summary>
    /// The stored credential byte for byte, exactly as signed; for the public while the learner hides grade or evidence, the
    /// signed public variant (<see cref="PublicCredentials"/>). Never a 404 for a public badge. Served as a credential
    /// (<c>application/vc+ld+json</c>, the media type the badge page's alternate link announces) and still saved as a
    /// <c>.json</c> file through Content-Disposition.
    /// </summary>
    private static async Task<IResult> CredentialJsonAsync(Guid id, HttpContext context, AwardAccess access, PublicCredentials credentials, CancellationToken ct)
    {
        if (await access.FindVisibleAsync(id, context.User, ct) is not { } visible) return Results.NotFound();
        if (await credentials.ForViewerAsync(visible, ct) is not { } json) return Results.NotFound();
        return CredentialFile(context, visible, json, CredentialMediaType);
    }

    /// <summary>The media type of a credential file: a VC secured with an embedded proof, as JSON-LD (VC 2.0 §6.3).</summary>
    public const string CredentialMediaType = "application/vc+ld+json";

    /// <summary>The credential JSON as a file of the given media type (also the badge page's answer to a machine).</summary>
    internal static IResult CredentialFile(HttpContext context, VisibleAward visible, string json, string contentType, bool asDownload = true) =>
        FileResponses.File(context, Encoding.UTF8.GetBytes(json), contentType,
            asDownload ? FileResponses.FileName(visible.Achievement.Name, ".json") : null, visible.Award.IsPublic);

    /// <summary>
    /// The same credential as a VC-JWT; Ed25519 signatures are deterministic, so the file is stable per key. OB 3.0's JWT
    /// profile REQUIRES <c>sub</c> = <c>credentialSubject.id</c> (OB3-4.5), so a VC-JWT exists only for learners who gave a DID
    /// (OB3-9.1); a JWT without <c>sub</c> would fail OB 3.0 verifiers (OB3-4.6 compares it). For the others the pages offer
    /// no link and say why, and this address answers 404 with that reason rather than a bare 404.
    /// </summary>
    private static async Task<IResult> CredentialJwtAsync(Guid id, HttpContext context, AwardAccess access, PublicCredentials credentials,
        [Microsoft.AspNetCore.Mvc.FromServices] IssuerSigner signer, [Microsoft.AspNetCore.Mvc.FromServices] IStringLocalizer<BadgeText> text,
        CancellationToken ct)
    {
        if (await access.FindVisibleAsync(id, context.User, ct) is not { } visible) return Results.NotFound();
        if (await credentials.ForViewerAsync(visible, ct) is not { } json) return Results.NotFound();
        var credential = WithoutProof(json);
        if (!HasSubjectId(credential))
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: text["Download_Jwt"], detail: text["JwtUnavailable"]);
        var jwt = await signer.SignJwtAsync(visible.Award.InstitutionId, credential, ct);
        return FileResponses.File(context, Encoding.ASCII.GetBytes(jwt), "application/vc+jwt",
            FileResponses.FileName(visible.Achievement.Name, ".jwt"), visible.Award.IsPublic);
    }

    /// <summary>The marked image with the signed credential JSON in an <c>openbadgecredential</c> iTXt chunk (BAKE-3.1).</summary>
    private static async Task<IResult> BakedPngAsync(Guid id, HttpContext context, AwardAccess access, PublicCredentials credentials, BadgeArtwork artwork, CancellationToken ct)
    {
        if (await access.FindVisibleAsync(id, context.User, ct) is not { } visible) return Results.NotFound();
        if (await credentials.ForViewerAsync(visible, ct) is not { } credential) return Results.NotFound();
        var image = artwork.Png(visible.Achievement);
        var baked = BadgeImage.Bake(image, BadgeSpec.OpenBadges3, credential);
        return FileResponses.File(context, baked, "image/png", FileResponses.FileName(visible.Achievement.Name, ".png"), visible.Award.IsPublic);
    }

    /// <summary>The marked SVG with the credential JSON in <c>&lt;openbadges:credential&gt;</c> (BAKE-3.3).</summary>
    private static async Task<IResult> BakedSvgAsync(Guid id, HttpContext context, AwardAccess access, PublicCredentials credentials, BadgeArtwork artwork, CancellationToken ct)
    {
        if (await access.FindVisibleAsync(id, context.User, ct) is not { } visible) return Results.NotFound();
        if (await credentials.ForViewerAsync(visible, ct) is not { } credential) return Results.NotFound();
        var image = artwork.Svg(visible.Achievement);
        var baked = BadgeImage.Bake(image, BadgeSpec.OpenBadges3, credential);
        return FileResponses.File(context, baked, "image/svg+xml", FileResponses.FileName(visible.Achievement.Name, ".svg"), visible.Award.IsPublic);
    }

    /// <summary>The one-page certificate with a QR code to the badge page; it shows no more than the public page does.</summary>
    private static async Task<IResult> CertificateAsync(Guid id, HttpContext context, AwardAccess access, BadgeArtwork artwork, CancellationToken ct)
    {
        if (await access.FindVisibleAsync(id, context.User, ct) is not { } visible) return Results.NotFound();
        var language = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "nl";
        var pdf = artwork.CertificatePdf(visible.Award, visible.Achievement, language);
        return FileResponses.File(context, pdf, "application/pdf", FileResponses.FileName(visible.Achievement.Name, ".pdf"), visible.Award.IsPublic);
    }

    /// <summary>The 1200×627 preview for LinkedIn and other OpenGraph readers (shown inline, not as a download).</summary>
    private static async Task<IResult> ShareImageAsync(Guid id, HttpContext context, AwardAccess access, BadgeArtwork artwork, CancellationToken ct)
    {
        if (await access.FindVisibleAsync(id, context.User, ct) is not { } visible) return Results.NotFound();
        var institution = visible.Achievement.Issuer!.Faculty!.Institution!;
        return FileResponses.File(context, artwork.SharePng(visible.Achievement, institution), "image/png", null, visible.Award.IsPublic);
    }

    /// <summary>True when a VC-JWT can be made: the subject has an id for the <c>sub</c> claim.</summary>
    public static bool JwtAvailable(string credentialJson) => HasSubjectId(JsonNode.Parse(credentialJson)!.AsObject());

    private static bool HasSubjectId(JsonObject credential) =>
        credential["credentialSubject"] is JsonObject subject && subject["id"] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0;

    internal static JsonObject WithoutProof(string credentialJson)
    {
        var credential = JsonNode.Parse(credentialJson)!.AsObject();
        credential.Remove("proof");
        return credential;
    }
}
