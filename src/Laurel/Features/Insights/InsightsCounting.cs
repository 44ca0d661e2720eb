using Laurel.Credentials.Verification;

namespace Laurel.Features.Insights;

/// <summary>
/// Counts badge page views and downloads by watching responses, so the badge and download endpoints stay as they are: after a
/// <c>GET</c> answered 200, <c>/badges/{id}</c> as HTML is a page view and a download path is a download. Costs one dictionary
/// increment per counted request (<see cref="InsightsCounter"/>); nothing here touches the database.
/// </summary>
public static class InsightsCounting
{
    // Every download format of an award (BadgeDownloads, Ob2Endpoints); share.png is LinkedIn's preview image, not a download.
    private static readonly HashSet<string> Downloads = new(StringComparer.Ordinal)
    {
        "credential.json", "credential.jwt", "badge.png", "badge.svg", "certificate.pdf", "badge-ob2.png",
    };

    public static IApplicationBuilder UseInsightsCounting(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next(context);
        if (!HttpMethods.IsGet(context.Request.Method) || context.Response.StatusCode != StatusCodes.Status200OK) return;
        if (Classify(context.Request.Path.Value, context.Response.ContentType) is not var (awardId, kind)) return;
        context.RequestServices.GetRequiredService<InsightsCounter>().Count(context, awardId, kind);
    });

    /// <summary>The award and kind a successful GET of <paramref name="path"/> counts as, or null.</summary>
    public static (Guid AwardId, InsightKind Kind)? Classify(string? path, string? contentType)
    {
        if (path is null) return null;
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length >= 2 && parts[0] == "badges" && Guid.TryParse(parts[1], out var id))
        {
            if (parts.Length == 2 && contentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true) return (id, InsightKind.PageView);
            if (parts.Length == 3 && Downloads.Contains(parts[2])) return (id, InsightKind.Download);
        }
        // The OB 2.0 hosted assertion is the OB 2.0 download.
        if (parts.Length == 3 && parts[0] == "ob2" && parts[1] == "assertions" && Guid.TryParse(parts[2], out var assertion))
            return (assertion, InsightKind.Download);
        return null;
    }

    /// <summary>
    /// A verification by Laurel's own verifier (the <c>/verify</c> page, <c>POST /credentials/verify</c>): counted for the award
    /// named by the credential id (<c>urn:uuid:{award id}</c>, see Award) when the proof held, so a made-up credential that
    /// borrows a Laurel id is not counted. Ids that are no Laurel award, and credentials signed by another DID than the
    /// award's issuer, are dropped at flush.
    /// </summary>
    public static void Verified(HttpContext context, VerificationReport report)
    {
        if (report.Check(CheckIds.Proof)?.Outcome != CheckOutcome.Passed) return;
        if (report.Credential?["id"]?.GetValueKind() != System.Text.Json.JsonValueKind.String) return;
        var id = report.Credential["id"]!.GetValue<string>();
        const string prefix = "urn:uuid:";
        if (!id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || !Guid.TryParse(id.AsSpan(prefix.Length), out var awardId)) return;
        if (report.VerificationMethod is not { Length: > 0 } method) return;
        context.RequestServices.GetRequiredService<InsightsCounter>().Count(awardId, InsightKind.Verification, signer: InsightsCounter.Did(method));
    }

    /// <summary>The learner saved the sharing form with "public" on (Backpack): one public share.</summary>
    public static void Shared(HttpContext context, Guid awardId, bool isPublic)
    {
        if (isPublic) context.RequestServices.GetRequiredService<InsightsCounter>().Count(awardId, InsightKind.Share);
    }
}
