using Laurel.Features.Identity;
using Microsoft.Extensions.Localization;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Awards.Bulk;

/// <summary>Bulk award from CSV: pages under /manage/achievements/{id}/bulk, the report and template downloads.</summary>
public static class BulkFeature
{
    public static IServiceCollection AddBulkAwardFeature(this IServiceCollection services) => services
        .AddScoped<BulkChecker>().AddScoped<BulkStatusAllocator>().AddScoped<BulkAwardWriter>().AddScoped<BulkAwardService>();

    public static IEndpointRouteBuilder MapBulkAwardFeature(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/manage/achievements/{id:guid}/bulk/{uploadId:guid}/report.csv", ReportAsync).WithTags(OpenApiDocs.StaffFilesTag)
            .WithName("BulkAwardReport")
            .WithSummary("The report of a completed bulk award upload: each row of the file with its outcome (staff with the Award right on the definition)")
            .RequiresSession()
            .ProducesFile(StatusCodes.Status200OK, "CSV (UTF-8), sent as a download.", false, "text/csv")
            .ProducesRedirect(StatusCodes.Status302Found, "the sign-in page, for a caller without a session.")
            .ProducesErrorPage(StatusCodes.Status403Forbidden, "signed in without the Award right on this definition.")
            .ProducesErrorPage(StatusCodes.Status404NotFound, "no such definition or upload.")
            .ProducesErrorPage(StatusCodes.Status409Conflict, "the upload is not completed yet.")
            .ProducesErrorPage(StatusCodes.Status410Gone, "the upload has expired.");
        endpoints.MapGet("/manage/achievements/{id:guid}/bulk/template.csv", TemplateAsync).WithTags(OpenApiDocs.StaffFilesTag)
            .WithName("BulkAwardTemplate")
            .WithSummary("The CSV template for bulk awards of a definition, with its column headings in the request's language")
            .RequiresSession()
            .ProducesFile(StatusCodes.Status200OK, "CSV (UTF-8), sent as a download.", false, "text/csv")
            .ProducesRedirect(StatusCodes.Status302Found, "the sign-in page, for a caller without a session.")
            .ProducesErrorPage(StatusCodes.Status403Forbidden, "signed in without the Award right on this definition.")
            .ProducesErrorPage(StatusCodes.Status404NotFound, "no such definition.");
        return endpoints;
    }

    private static async Task<IResult> ReportAsync(Guid id, Guid uploadId, HttpContext context, BulkAwardService bulk,
        IStringLocalizer<BulkText> t, IStringLocalizer<AwardsText> w)
    {
        if (await DecideAsync(context, id) is { } refused) return refused;
        var upload = await bulk.FindAsync(id, uploadId, context.RequestAborted);
        if (upload is null) return TypedResults.NotFound();
        if (upload.Status != BulkUploadStatus.Completed) return TypedResults.StatusCode(upload.Status == BulkUploadStatus.Expired ? 410 : 409);
        var name = Path.GetFileNameWithoutExtension(upload.FileName);
        return TypedResults.File(BulkReport.Report(upload, t, w), "text/csv; charset=utf-8", $"{name}-report.csv");
    }

    private static async Task<IResult> TemplateAsync(Guid id, HttpContext context, IStringLocalizer<BulkText> t) =>
        await DecideAsync(context, id) ?? TypedResults.File(BulkReport.Template(t), "text/csv; charset=utf-8", "bulk-award.csv");

    private static async Task<IResult?> DecideAsync(HttpContext context, Guid achievementId) =>
        StaffAccess.PersonId(context.User) is null ? TypedResults.Challenge()
        : await StaffAuthorization.DecideAsync(context, StaffRight.Award, ScopeLevel.Achievement, achievementId) switch
        {
            StaffDecision.Allowed => null,
            StaffDecision.SignInRequired => TypedResults.Challenge(),
            StaffDecision.Forbidden => TypedResults.StatusCode(StatusCodes.Status403Forbidden),
            _ => TypedResults.NotFound(),
        };
}
