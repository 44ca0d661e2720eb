using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Baking;
using Laurel.Features.Achievements;
using Laurel.Features.Publishing.Badges;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Publishing.Ob2;

/// <summary>
/// Hosted Open Badges 2.0 JSON at stable URLs and the OB 2.0 baked PNG. Badge classes and issuers are public while
/// published/active or once anything was awarded with them (issued badges must keep resolving); assertions follow
/// <see cref="AwardAccess"/>.
/// </summary>
public static class Ob2Endpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var ob2 = endpoints.MapGroup("/ob2").WithTags(OpenApiDocs.Ob2Tag);
        ob2.MapGet("/assertions/{id:guid}", AssertionAsync)
            .WithName("Ob2Assertion")
            .WithSummary("The hosted Open Badges 2.0 Assertion of an award (OB2-1.1, hosted verification OB2-1.3); revoked ones say revoked: true and why")
            .WithDescription(Ob2Negotiation + " Visible as the badge is: public badges to anyone, others to their learner and staff; else 404.")
            .ReadsHeader("Accept", "application/json alone for plain JSON; otherwise JSON-LD.")
            .OptionalSession()
            .Produces<JsonObject>(StatusCodes.Status200OK, "application/ld+json", "application/json").Produces(StatusCodes.Status304NotModified)
            .ProducesErrorPage(StatusCodes.Status404NotFound, "no such award, or the caller may not see it.");
        ob2.MapGet("/badges/{id:guid}", BadgeClassAsync)
            .WithName("Ob2BadgeClass")
            .WithSummary("The hosted Open Badges 2.0 BadgeClass of a badge definition (OB2-1.2), public while published or once awarded")
            .WithDescription(Ob2Negotiation)
            .ReadsHeader("Accept", "application/json alone for plain JSON; otherwise JSON-LD.")
            .Produces<JsonObject>(StatusCodes.Status200OK, "application/ld+json", "application/json").Produces(StatusCodes.Status304NotModified)
            .ProducesErrorPage(StatusCodes.Status404NotFound, "no such definition, or it is neither published nor ever awarded.");
        ob2.MapGet("/issuers/{id:guid}", IssuerAsync)
            .WithName("Ob2Issuer")
            .WithSummary("The hosted Open Badges 2.0 Issuer Profile of an issuer (OB2-1.3), with its verification.allowedOrigins")
            .WithDescription(Ob2Negotiation)
            .ReadsHeader("Accept", "application/json alone for plain JSON; otherwise JSON-LD.")
            .Produces<JsonObject>(StatusCodes.Status200OK, "application/ld+json", "application/json").Produces(StatusCodes.Status304NotModified)
            .ProducesErrorPage(StatusCodes.Status404NotFound, "no such issuer, or it is archived and never awarded.");
        endpoints.MapGet("/badges/{id:guid}/badge-ob2.png", BakedPngAsync).WithTags(OpenApiDocs.Ob2Tag, OpenApiDocs.PublicFilesTag)
            .WithName("Ob2BakedPng")
            .WithSummary("The badge image baked with its hosted OB 2.0 Assertion (BAKE-2.1: an 'openbadges' iTXt chunk), for OB 2.0 backpacks")
            .OptionalSession()
            .ProducesFile(StatusCodes.Status200OK, "PNG with the assertion JSON baked in, sent as a download (Content-Disposition).", true, "image/png")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesErrorPage(StatusCodes.Status404NotFound, "no such award, or the caller may not see it.");
    }

    private const string Ob2Negotiation = "JSON-LD (application/ld+json) by default; plain application/json for a client whose Accept names "
        + "application/json but neither application/ld+json nor */*. Strong ETag: If-None-Match answers 304.";

    /// <summary>The hosted assertion; a revoked award answers with <c>revoked: true</c> and the reason (OB2-1.2).</summary>
    private static async Task<IResult> AssertionAsync(Guid id, HttpContext context, AwardAccess access, Ob2Documents documents, CancellationToken ct)
    {
        if (await access.FindVisibleAsync(id, context.User, ct) is not { } visible) return Results.NotFound();
        return Json(context, documents.Assertion(visible.Award), visible.Award.IsPublic);
    }

    private static async Task<IResult> BadgeClassAsync(Guid id, HttpContext context, LaurelDb db, Ob2Documents documents, CancellationToken ct)
    {
        var achievement = await db.Achievements.AsNoTracking().Include(a => a.Issuer)
            .Where(a => a.Id == id && (a.Status == AchievementStatus.Published || db.Awards.Any(w => w.AchievementId == a.Id)))
            .FirstOrDefaultAsync(ct);
        return achievement is null ? Results.NotFound() : Json(context, documents.BadgeClass(achievement), isPublic: true);
    }

    private static async Task<IResult> IssuerAsync(Guid id, HttpContext context, LaurelDb db, Ob2Documents documents, CancellationToken ct)
    {
        var issuer = await db.Issuers.AsNoTracking().Include(i => i.Faculty!).ThenInclude(f => f.Institution)
            .Where(i => i.Id == id && (i.ArchivedAt == null || db.Awards.Any(w => w.Achievement!.IssuerId == i.Id)))
            .FirstOrDefaultAsync(ct);
        if (issuer is null) return Results.NotFound();
        return Json(context, documents.Issuer(issuer, issuer.Email ?? await ContactEmailAsync(db, issuer, ct)), isPublic: true);
    }

    // OB 2.0 requires an issuer e-mail (Profile.email). An issuer whose staff set none answers with the contact address another
    // issuer of its faculty, else of its institution, already publishes on its profile: a real, public address of the same
    // organisation, never an invented one. Only when no issuer of the institution has one does the document lack it.
    private static Task<string?> ContactEmailAsync(LaurelDb db, Laurel.Features.Institutions.Issuer issuer, CancellationToken ct) =>
        db.Issuers.AsNoTracking()
            .Where(i => i.Email != null && i.ArchivedAt == null && i.Faculty!.InstitutionId == issuer.Faculty!.InstitutionId)
            .OrderBy(i => i.FacultyId == issuer.FacultyId ? 0 : 1).ThenBy(i => i.CreatedAt).ThenBy(i => i.Id)
            .Select(i => i.Email).FirstOrDefaultAsync(ct);

    /// <summary>The marked image with the hosted assertion JSON in an <c>openbadges</c> iTXt chunk (BAKE-2.1).</summary>
    private static async Task<IResult> BakedPngAsync(Guid id, HttpContext context, AwardAccess access, Ob2Documents documents,
        BadgeArtwork artwork, CancellationToken ct)
    {
        if (await access.FindVisibleAsync(id, context.User, ct) is not { } visible) return Results.NotFound();
        var image = artwork.Png(visible.Achievement);
        var baked = BadgeImage.Bake(image, BadgeSpec.OpenBadges2, documents.Assertion(visible.Award).ToJsonString());
        return FileResponses.File(context, baked, "image/png", FileResponses.FileName(visible.Achievement.Name, "-ob2.png"), visible.Award.IsPublic);
    }

    // JSON-LD by default; plain JSON for clients that accept only that (OB 2.0 §serialization).
    private static IResult Json(HttpContext context, JsonObject document, bool isPublic)
    {
        var accept = context.Request.Headers.Accept.ToString();
        var contentType = accept.Contains("application/json", StringComparison.OrdinalIgnoreCase)
            && !accept.Contains("application/ld+json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("*/*", StringComparison.Ordinal)
            ? "application/json" : "application/ld+json";
        return FileResponses.File(context, Encoding.UTF8.GetBytes(document.ToJsonString()), contentType, null, isPublic);
    }
}
