using System.Globalization;
using System.Text;
using Laurel.Features.Identity;
using Microsoft.Extensions.Localization;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Insights;

/// <summary>
/// <c>/manage/{level}/{id}/insights/awards.csv</c> (every award under the node) and <c>…/numbers.csv</c> (the page's numbers: total,
/// per child, per period), for staff with the view right on the node.
/// </summary>
public static class InsightsExports
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        foreach (var level in Enum.GetValues<ScopeLevel>())
        {
            var segment = InsightsScope.Segment(level);
            var group = endpoints.MapGroup($"/manage/{segment}/{{id:guid}}/insights").WithTags(OpenApiDocs.StaffFilesTag).RequiresSession()
                .ProducesRedirect(StatusCodes.Status302Found, "the sign-in page, for a caller without a session.")
                .ProducesErrorPage(StatusCodes.Status403Forbidden, "signed in without the view right on this node.")
                .ProducesErrorPage(StatusCodes.Status404NotFound, "no such node.");
            group.MapGet("/awards.csv", (Guid id, HttpContext c, InsightsQuery q, IStringLocalizer<InsightsText> l, CancellationToken ct) =>
                AwardsAsync(new InsightsScope(level, id), c, q, l, ct)).RequireStaffRight(StaffRight.View, level, "id")
                .WithName($"InsightsAwardsCsv_{segment}")
                .WithSummary($"Every award under this {level} as CSV (insights export; staff with the view right on it)")
                .ProducesFile(StatusCodes.Status200OK, "CSV (UTF-8), cells guarded against formula injection, sent as a download.", false, "text/csv");
            group.MapGet("/numbers.csv", (Guid id, string? period, HttpContext c, InsightsQuery q, IStringLocalizer<InsightsText> l, CancellationToken ct) =>
                NumbersAsync(new InsightsScope(level, id), InsightsQuery.ParsePeriod(period), c, q, l, ct)).RequireStaffRight(StaffRight.View, level, "id")
                .WithName($"InsightsNumbersCsv_{segment}")
                .WithSummary($"The insights numbers of this {level} as CSV: totals, per child and per period (staff with the view right on it)")
                .ProducesFile(StatusCodes.Status200OK, "CSV (UTF-8), cells guarded against formula injection, sent as a download.", false, "text/csv");
        }
    }

    private static string Date(DateTime? at) => at?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "";

    private static async Task<IResult> AwardsAsync(InsightsScope scope, HttpContext context, InsightsQuery query, IStringLocalizer<InsightsText> l, CancellationToken ct)
    {
        var rows = await query.AwardsAsync(scope, ct);
        var sb = new StringBuilder();
        Csv.Row(sb, l["Csv_AwardId"], l["Csv_Definition"], l["Csv_Recipient"], l["Csv_State"], l["Csv_AwardedAt"], l["Csv_ClaimedAt"], l["Csv_RevokedAt"]);
        foreach (var r in rows)
            Csv.Row(sb, r.Id.ToString("D"), r.Definition, r.Recipient, r.State.ToString(), Date(r.AwardedAt), Date(r.ClaimedAt), Date(r.RevokedAt));
        return File(context, sb, $"awards-{scope.Id:N}.csv");
    }

    private static async Task<IResult> NumbersAsync(InsightsScope scope, InsightsPeriod period, HttpContext context, InsightsQuery query,
        IStringLocalizer<InsightsText> l, CancellationToken ct)
    {
        var lang = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        if (await query.ReportAsync(scope, period, lang, ct) is not { } report) return Results.NotFound();
        var sb = new StringBuilder();
        Csv.Row(sb, l["Csv_Row"], l["Csv_Name"], l["Col_Awards"], l["Col_Claimed"], l["Col_ClaimRate"], l["Csv_MedianDaysToClaim"], l["Col_Public"],
            l["Col_Shares"], l["Col_PageViews"], l["Col_Verifications"], l["Col_Downloads"], l["Col_LinkedIn"]);
        Numbers(sb, l["Csv_Total"], report.Name, report.Totals);
        foreach (var c in report.Children) Numbers(sb, l["Csv_Child"], c.Name, c.Numbers);
        foreach (var b in report.Buckets) Numbers(sb, l["Csv_Period"], b.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), b.Numbers);
        return File(context, sb, $"numbers-{scope.Id:N}.csv");
    }

    private static void Numbers(StringBuilder sb, string row, string name, InsightsNumbers n) => Csv.Row(sb, row, name,
        Invariant(n.Awards), Invariant(n.Claimed), n.ClaimRate?.ToString("0.####", CultureInfo.InvariantCulture) ?? "",
        n.MedianTimeToClaim?.TotalDays.ToString("0.##", CultureInfo.InvariantCulture) ?? "", Invariant(n.Public), Invariant(n.Shares),
        Invariant(n.PageViews), Invariant(n.Verifications), Invariant(n.Downloads), Invariant(n.LinkedIn));

    private static string Invariant(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static IResult File(HttpContext context, StringBuilder sb, string name)
    {
        // Staff data: never kept by a shared cache.
        context.Response.Headers.CacheControl = "private, no-store";
        // A byte-order mark so spreadsheet programs read the UTF-8 names correctly.
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(sb.ToString())).ToArray();
        return Results.File(bytes, "text/csv; charset=utf-8", name);
    }
}
