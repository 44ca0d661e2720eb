using System.Text.Json.Nodes;
using Laurel.Features.Achievements;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Wallets.Formats;

/// <summary>
/// SD-JWT VC type metadata (draft-ietf-oauth-sd-jwt-vc §6): the <c>vct</c> of each badge is a URL Laurel serves,
/// <c>{origin}/oid4vci/{institution slug}/types/{achievement id, 32 hex}</c>, answering its name, nl/en display with a
/// simple rendering (badge image as logo, the badge's own colours) and the metadata of every claim (labels, <c>sd</c>).
/// </summary>
public static class TypeMetadata
{
    /// <summary>Path of an achievement's type metadata (also its <c>vct</c>, as an absolute URL).</summary>
    public static string Path(string institutionSlug, Guid achievementId) => $"/oid4vci/{institutionSlug}/types/{achievementId:N}";

    /// <summary>The <c>vct</c> of an achievement.</summary>
    public static string Vct(PublicOrigin origin, string institutionSlug, Guid achievementId) => origin.Url(Path(institutionSlug, achievementId));

    public static IEndpointRouteBuilder MapTypeMetadata(this IEndpointRouteBuilder app)
    {
        app.MapGet("/oid4vci/{slug}/types/{achievementId}", ServeAsync).AllowAnonymous().WithTags(OpenApiDocs.WalletIssuanceTag)
            .WithName("SdJwtVcTypeMetadata")
            .WithSummary("SD-JWT VC type metadata of a badge (draft-ietf-oauth-sd-jwt-vc §6): the document its vct URL names")
            .WithDescription("achievementId is 32 hex digits of a published badge of the institution {slug}. Name, nl/en display with a simple "
                + "rendering (badge image as logo, the badge's colours) and the metadata of every claim (labels, sd). Cached an hour.")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/json")
            .ProducesErrorPage(StatusCodes.Status404NotFound, "no published badge of this institution with this id.");
        return app;
    }

    // Published definitions only, of the institution the path names: a draft is nobody's credential type yet.
    private static async Task<IResult> ServeAsync(string slug, string achievementId, LaurelDb db, PublicOrigin origin, CardHues hues,
        HttpContext context, CancellationToken ct)
    {
        if (achievementId.Length != 32 || !Guid.TryParseExact(achievementId, "N", out var id)) return TypedResults.NotFound();
        var achievement = await db.Achievements.AsNoTracking().Include(a => a.Translations)
            .Include(a => a.Issuer!).ThenInclude(i => i.Faculty!).ThenInclude(f => f.Institution)
            .FirstOrDefaultAsync(a => a.Id == id && a.Status == AchievementStatus.Published, ct);
        if (achievement?.Issuer?.Faculty?.Institution is not { } institution || institution.Slug != slug) return TypedResults.NotFound();
        if (achievement.CardHue is null)
        {
            // Stored without going through publishing: the institution's badges get their hues now, in publication order.
            await hues.EnsureAsync(institution.Id, ct);
            achievement.CardHue = await db.Achievements.Where(a => a.Id == id).Select(a => a.CardHue).SingleAsync(ct);
        }
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return TypedResults.Json(Build(achievement, origin, institution.Slug), contentType: "application/json");
    }

    /// <summary>The type metadata document of one achievement.</summary>
    public static JsonObject Build(Achievement achievement, PublicOrigin origin, string institutionSlug)
    {
        var colours = WalletDisplay.ColoursOf(achievement);
        var own = achievement.TextIn(achievement.Language);
        var display = new JsonArray();
        foreach (var language in WalletDisplay.Languages)
        {
            var text = achievement.TextIn(language);
            display.Add(new JsonObject
            {
                ["locale"] = language,
                ["name"] = text.Name,
                ["description"] = text.Description,
                ["rendering"] = new JsonObject
                {
                    ["simple"] = new JsonObject
                    {
                        ["logo"] = WalletDisplay.Logo(achievement, origin, text.Name),
                        ["background_color"] = colours.Background,
                        ["text_color"] = colours.Text,
                    },
                },
            });
        }
        var claims = new JsonArray();
        foreach (var claim in BadgeClaims.All)
        {
            claims.Add(new JsonObject
            {
                ["path"] = new JsonArray([.. claim.Path.Select(p => p is null ? null : JsonValue.Create(p.ToString()))]),
                ["display"] = new JsonArray([.. WalletDisplay.Languages.Select(l => (JsonNode)new JsonObject
                {
                    ["locale"] = l, ["label"] = WalletFormatsText.Get(claim.LabelKey, l),
                })]),
                ["sd"] = claim.Sd switch { ClaimSd.Always => "always", ClaimSd.Allowed => "allowed", _ => "never" },
            });
        }
        return new JsonObject
        {
            ["vct"] = Vct(origin, institutionSlug, achievement.Id),
            ["name"] = own.Name,
            ["description"] = own.Description,
            ["display"] = display,
            ["claims"] = claims,
        };
    }
}
