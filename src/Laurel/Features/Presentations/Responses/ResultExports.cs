using System.Globalization;
using System.Text;
using Laurel.Features.Insights;
using Laurel.Features.Presentations.Requests;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Presentations.Responses;

/// <summary>
/// Exports for the verifier: every answer of a request as CSV (one row per badge; cells guarded against formula injection by
/// <see cref="Csv"/>) and one answer as a PDF (<see cref="ResponsePdf"/>). Owner only; anyone else gets 404.
/// </summary>
public static class ResultExports
{
    public static IServiceCollection AddResultPages(this IServiceCollection services) =>
        services.AddScoped<CheckTexts>().AddScoped<ResponseView>().AddHostedService<PresentationRetentionWorker>().AddScoped<PresentationRetention>();

    public static IEndpointRouteBuilder MapResultExports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/presentations/{id:guid}/responses.csv", async (Guid id, HttpContext context, PresentationRequestStore store,
            IStringLocalizer<RequestPagesText> l, IStringLocalizer<PresentationsText> p, CancellationToken ct) =>
        {
            if (RequestEndpoints.Person(context) is not { } personId) return Results.Challenge();
            if (await store.FindOwnAsync(personId, id, ct) is not { } request) return Results.NotFound();
            var csv = CsvOf(request, await store.ResponsesAsync(id, ct), l, p);
            context.Response.Headers.CacheControl = "private, no-store";
            return Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv; charset=utf-8",
                $"answers-{id:N}.csv");
        })
            .WithSummary("The answers to a presentation request as CSV (the staff member who owns the request)")
            .Produces<string>(StatusCodes.Status200OK, "text/csv").Produces(StatusCodes.Status403Forbidden).Produces(StatusCodes.Status404NotFound);
        app.MapGet("/presentations/{id:guid}/responses/{rid:guid}/answer.pdf", async (Guid id, Guid rid, HttpContext context,
            PresentationRequestStore store, ResponseView view, IStringLocalizer<RequestPagesText> l, IStringLocalizer<PresentationsText> p, CancellationToken ct) =>
        {
            if (RequestEndpoints.Person(context) is not { } personId) return Results.Challenge();
            if (await store.FindResponseAsync(personId, id, rid, ct) is not var (request, response)) return Results.NotFound();
            context.Response.Headers.CacheControl = "private, no-store";
            return Results.File(ResponsePdf.Pdf(request, response, view.Badges(request, response), l, p), "application/pdf", $"answer-{rid:N}.pdf");
        })
            .WithSummary("One answer to a presentation request as a PDF record (the staff member who owns the request)")
            .Produces<byte[]>(StatusCodes.Status200OK, "application/pdf").Produces(StatusCodes.Status403Forbidden).Produces(StatusCodes.Status404NotFound);
        return app;
    }

    public static string CsvOf(PresentationRequest request, IReadOnlyList<PresentationResponse> responses, IStringLocalizer<RequestPagesText> l,
        IStringLocalizer<PresentationsText> p)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        Csv.Row(sb, l["CsvHolder"], l["ColChannel"], l["FactAchievement"], l["FactIssuer"], l["FactLevel"], l["FactCredits"], l["FactIssued"],
            l["CsvValid"], l["CsvMeets"], l["CsvReasons"], p["Fact_RecipientName"], p["Fact_Grade"], p["Fact_Evidence"], l["ColReceived"],
            l["CsvUpdated"], l["AnswerCount"], l["KeptUntil"]);
        foreach (var response in responses)
            for (var i = 0; i < response.Credentials.Count; i++)
            {
                var c = response.Credentials[i];
                var results = i < response.CriteriaResults.Count ? response.CriteriaResults[i] : [];
                string? Fact(DisclosedFact f) => c.Disclosed.TryGetValue(f, out var v) ? v
                    : request.RequiredFacts.Contains(f) ? l["NotDisclosed"].Value : "";
                Csv.Row(sb, response.HolderName ?? l["NameNotDisclosed"].Value, p["Channel_" + response.Channel], c.Facts.AchievementName,
                    c.Facts.IssuerName, c.Facts.EqfLevel?.ToString(inv), c.Facts.CreditsEc?.ToString("0.##", inv),
                    c.Facts.IssuedAt?.UtcDateTime.ToString("yyyy-MM-dd", inv), c.Valid && c.BoundToHolder ? l["Yes"] : l["No"],
                    results.All(r => r.Met) ? l["Yes"] : l["No"], string.Join("; ", results.Select(r => BadgeCriteria.Reason(r, p))),
                    Fact(DisclosedFact.RecipientName), Fact(DisclosedFact.Grade), Fact(DisclosedFact.Evidence),
                    response.ReceivedAt.ToString("yyyy-MM-dd HH:mm", inv), response.UpdatedAt.ToString("yyyy-MM-dd HH:mm", inv),
                    response.AnswerCount.ToString(inv), response.ExpiresAt.ToString("yyyy-MM-dd", inv));
            }
        return sb.ToString();
    }
}
