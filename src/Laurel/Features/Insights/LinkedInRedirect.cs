using Laurel.Features.Backpack;
using Laurel.Features.Publishing.Badges;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Insights;

/// <summary>
/// <c>/badges/{id}/linkedin?to=profile|feed</c>: counts a LinkedIn add and answers 302 to exactly the LinkedIn address the pages
/// linked to before (<see cref="LinkedInLink"/> for "Add to profile", <see cref="ShareLinks.LinkedInFeed"/> for "share"). Same
/// access rule as the badge page (<see cref="AwardAccess"/>): an award nobody may see is a 404, not a redirect.
/// </summary>
public static class LinkedInRedirect
{
    public static string Path(Guid awardId, string to) => $"/badges/{awardId}/linkedin?to={to}";

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/badges/{id:guid}/linkedin", RedirectAsync).WithTags(OpenApiDocs.PublicFilesTag)
            .WithName("LinkedInRedirect")
            .WithSummary("Counts a LinkedIn share of a badge and sends the browser on to LinkedIn (add to profile, or post to the feed)")
            .WithDescription("to=profile opens LinkedIn's add-certification form filled in from the badge; to=feed its share dialog with the badge "
                + "page. Visible as the badge is; never cached.")
            .OptionalSession()
            .ProducesRedirect(StatusCodes.Status302Found, "https://www.linkedin.com/… (the profile form or the share dialog).")
            .ProducesErrorPage(StatusCodes.Status404NotFound, "to is neither profile nor feed, or no such award the caller may see.");

    private static async Task<IResult> RedirectAsync(Guid id, string? to, HttpContext context, AwardAccess access, PublicOrigin origin,
        InsightsCounter counter, CancellationToken ct)
    {
        if (to is not ("profile" or "feed")) return Results.NotFound();
        if (await access.FindVisibleAsync(id, context.User, ct) is not { } visible) return Results.NotFound();
        var pageUrl = origin.Url($"/badges/{id}");
        var faculty = visible.Achievement.Issuer?.Faculty;
        var target = to == "feed" ? ShareLinks.LinkedInFeed(pageUrl)
            : LinkedInLink.For(visible.Award, visible.Achievement.Name, faculty, faculty?.Institution, pageUrl);
        counter.Count(id, InsightKind.LinkedIn);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Redirect(target);
    }
}
