using System.Text;
using System.Text.Json;
using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Publishing.Badges;
using Laurel.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Standards.Elm;

/// <summary>
/// <c>/badges/{id}/europass.jsonld</c>: the award as a Europass ELM v3 European Digital Credential. Same access rule as every
/// other badge download (<see cref="AwardAccess"/>: the public only once the learner made the award public, the owner and
/// staff always; otherwise 404), built from the OB 3.0 credential that viewer may have, so a hidden grade stays hidden.
/// </summary>
public static class ElmDownloads
{
    /// <summary>The path of an award's Europass file.</summary>
    public static string Path(Guid awardId) => $"/badges/{awardId}/europass.jsonld";

    /// <summary>Micro-credentials only (the EU elements M1–M11 exist only for them), and only while the award stands.</summary>
    public static bool Offered(Award award, Achievement achievement) =>
        achievement.Kind == AchievementKind.MicroCredential && award.State == AwardState.Issued;

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/badges/{id:guid}/europass.jsonld", DownloadAsync)
            .WithName("DownloadEuropassCredential").WithTags("Europass")
            .WithSummary("Download a micro-credential award as a Europass ELM v3 European Digital Credential (JSON-LD; JAdES-sealed when the institution uploaded a seal)")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, ElmMediaType, SealedMediaType)
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);

    /// <summary>An unsealed EDC is a JSON-LD document.</summary>
    public const string ElmMediaType = "application/ld+json";

    /// <summary>A sealed EDC is a JAdES JWS in JSON serialization (RFC 7515 §7.2, media type <c>application/jose+json</c>).</summary>
    public const string SealedMediaType = "application/jose+json";

    private static async Task<IResult> DownloadAsync(Guid id, HttpContext context, AwardAccess access, PublicCredentials credentials,
        ElmSeals seals, BadgeArtwork artwork, PublicOrigin origin, IStringLocalizer<ElmText> text, TimeProvider clock, CancellationToken ct)
    {
        if (await access.FindVisibleAsync(id, context.User, ct) is not { } visible) return Results.NotFound();
        var achievement = visible.Achievement;
        if (achievement.Kind != AchievementKind.MicroCredential)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: text["Title"], detail: text["OnlyMicroCredentials"]);
        // A Europass file has no status list of its own: once copied it would go on asserting a withdrawn award. So a revoked
        // or suspended award gets no file (410 with the reason), and the pages stop offering the link.
        if (visible.Award.State != AwardState.Issued)
            return Results.Problem(statusCode: StatusCodes.Status410Gone, title: text["Title"], detail: text["NotIssued"]);
        if (await credentials.ForViewerAsync(visible, ct) is not { } json) return Results.NotFound();
        var issuer = achievement.Issuer!;
        var seal = await seals.FindAsync(visible.Award.InstitutionId, ct);
        var source = new ElmSource(visible.Award, achievement, issuer, issuer.Faculty!.Institution!, json, origin.Url($"/badges/{id}"),
            artwork.Png(achievement), seal is null ? null : ElmSeals.OrganizationIdentifier(seal));
        var elm = ElmCredential.Build(source);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(elm);
        var sealedFile = await seals.SealAsync(visible.Award.InstitutionId, bytes, clock.GetUtcNow(), ct);
        var name = FileResponses.FileName(achievement.Name, ".europass.jsonld");
        return sealedFile is null
            ? FileResponses.File(context, bytes, ElmMediaType, name, visible.Award.IsPublic)
            : FileResponses.File(context, Encoding.UTF8.GetBytes(sealedFile), SealedMediaType, name, visible.Award.IsPublic);
    }
}
