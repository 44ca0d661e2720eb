using System.Text;
using Laurel.Features.Publishing.Badges;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Standards.Clr;

/// <summary>CLR 2.0 for pathway completions: the signed ClrCredential download beside the completion badge (docs/clr.md).</summary>
public static class ClrFeature
{
    public static IServiceCollection AddClrFeature(this IServiceCollection services)
    {
        services.AddScoped<ClrComponents>();
        services.AddSingleton<PathwayCompletionLineages>();
        services.AddScoped<ClrExport>();
        return services;
    }

    public static IEndpointRouteBuilder MapClrFeature(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/badges/{id:guid}/clr.json", DownloadAsync)
            .WithName("DownloadClr").WithTags("CLR 2.0")
            .WithSummary("A pathway completion as a signed 1EdTech CLR 2.0 ClrCredential")
            .WithDescription("For the learner: the completion with every component credential exactly as issued. For anyone else who may see the " +
                "badge (public badge, staff): the public variant with only the components the learner made public, marked partial when some were " +
                "left out. 404 when the badge is unknown, not visible to the caller, or completes no pathway.")
            .Produces<string>(StatusCodes.Status200OK, ClrExport.MediaType)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    /// <summary>Visible as the badge is (<see cref="AwardAccess"/>: unknown or not visible → 404, never 403).</summary>
    private static async Task<IResult> DownloadAsync(Guid id, HttpContext context, AwardAccess access, ClrExport export,
        IStringLocalizer<ClrText> text, CancellationToken ct)
    {
        if (await access.FindVisibleAsync(id, context.User, ct) is not { } visible) return Results.NotFound();
        if (await export.BuildAsync(visible, ct) is not { } file)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "CLR 2.0", detail: text["NotFound"]);
        // Each request signs anew (the proof's created time), so the file is never shared by caches.
        context.Response.Headers.CacheControl = "private, no-cache";
        return Results.File(Encoding.UTF8.GetBytes(file.Json), ClrExport.MediaType, file.FileName);
    }
}
