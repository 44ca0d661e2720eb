using System.Text.Json.Nodes;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Identity.ApiClients;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Awards.Results;

/// <summary>
/// Results API for student information systems and LMSs (OAuth 2.0 client credentials, scope <c>results:write</c>):
/// <c>POST /api/v1/completions</c> awards one completion, <c>POST /api/v1/completions/batch</c> many, each on its own. Both are
/// idempotent by <c>Idempotency-Key</c> (same key + same body → the same answer again; another body → 422) and by the natural
/// key learner + achievement + completion date (never awarded twice; a repeat answers 200 with the existing award).
/// </summary>
public static class ResultsApi
{
    public const int MaxBatchItems = 500;
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    public static IEndpointRouteBuilder MapResultsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/completions").WithTags("Results API").DisableAntiforgery()
            .RequireAuthorization(ApiClientAuthentication.Policy).AddEndpointFilter(CheckScopeAndBodyAsync);
        api.MapPost("", PostOneAsync)
            .WithName("ReportCompletion")
            .WithSummary("Report a successful completion; Laurel awards the achievement (or says why not)")
            .WithDescription("Send an Idempotency-Key header to retry safely. 201: awarded now. 200: this completion (learner + achievement + completion date) was awarded before. 400: unreadable or missing fields, 422: the award policy refuses; both name every field with a problem (errors). 403: another institution's achievement or a missing scope. 404: unknown achievement. Problems are in the request culture (?culture=en).")
            .Accepts<CompletionRequest>("application/json")
            .Produces<CompletionResponse>(StatusCodes.Status201Created)
            .Produces<CompletionResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithIdempotency();
        api.MapPost("/batch", PostBatchAsync)
            .WithName("ReportCompletionBatch")
            .WithSummary($"Report up to {MaxBatchItems} completions; each item is handled on its own and gets its own outcome")
            .WithDescription("Answers 200 with one outcome per item (status as the single endpoint would answer, and the award or a problem). Idempotency-Key applies to the whole batch.")
            .Accepts<CompletionBatchRequest>("application/json")
            .Produces<CompletionBatchResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithIdempotency();
        return endpoints;
    }

    private static async Task<ApiAnswer> PostOneAsync(CompletionsBody body, HttpContext context, CompletionCoalescer completions,
        IdempotencyStore keys)
    {
        // The answer to a new award is stored for the Idempotency-Key along with the award (see IdempotencyFilter). The completion is
        // read together with the other single requests waiting on this node (CompletionCoalescer).
        var result = await completions.ProcessAsync(Client(context), body.Json, keys.Held);
        if (result.AnswerStored) keys.MarkAnswered();
        return Answer(result.Status, (object?)result.Problem ?? result.Award!);
    }

    private static async Task<ApiAnswer> PostBatchAsync(CompletionsBody body, HttpContext context, CompletionService completions,
        IStringLocalizer<ResultsText> t)
    {
        if (body.Json is not JsonObject { } o || o["items"] is not JsonArray items || items.Count == 0)
            return Validation(new() { ["items"] = [t["Batch_ItemsRequired", MaxBatchItems].Value] }, t);
        if (items.Count > MaxBatchItems) return Validation(new() { ["items"] = [t["Batch_TooMany", MaxBatchItems].Value] }, t);
        // Every item is read and checked, then the new awards are stored together (group commit); each still succeeds or fails on
        // its own. The batch's answer is known only at the end: it is stored then (by IdempotencyFilter), not with each award.
        var outcomes = await completions.ProcessManyAsync(Client(context), [.. items], answerRecords: null, context.RequestAborted);
        var results = new List<CompletionBatchItem>(items.Count);
        for (var i = 0; i < outcomes.Count; i++)
        {
            var r = outcomes[i];
            var problem = r.Problem is null ? null : r.Problem as HttpValidationProblemDetails
                ?? new HttpValidationProblemDetails { Status = r.Problem.Status, Title = r.Problem.Title, Type = r.Problem.Type };
            results.Add(new CompletionBatchItem(i, r.Status, r.Award, problem));
        }
        var summary = new CompletionBatchSummary(results.Count(r => r.Status == 201), results.Count(r => r.Status == 200), results.Count(r => r.Status >= 400));
        return Answer(StatusCodes.Status200OK, new CompletionBatchResponse(summary, results));
    }

    // The group's authorization policy (ApiClientAuthentication.Policy) has just found this client active, and its token's
    // institution and scopes are what the award policy judges.
    private static Awarder.ApiClient Client(HttpContext context) => (Awarder.ApiClient)Awarder.Of(context.User) with { ConfirmedActive = true };

    // Before anything else (and before Idempotency-Key is looked at): a client without the scope is refused, and an unreadable
    // body is answered (never stored for its key).
    private static async ValueTask<object?> CheckScopeAndBodyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var t = http.RequestServices.GetRequiredService<IStringLocalizer<ResultsText>>();
        if (Awarder.Of(http.User) is not Awarder.ApiClient client || !client.Scopes.Contains(ApiScopes.ResultsWrite))
            return Answer(StatusCodes.Status403Forbidden, Problem(http, StatusCodes.Status403Forbidden, t["Problem_Scope"].Value));
        if (context.Arguments.OfType<CompletionsBody>().Single().Problem is { } problem) return Answer(problem.Status ?? 400, problem);
        return await next(context);
    }

    private static readonly JsonBodyRules BodyRules = new() { MaxBytes = MaxBodyBytes, MaxDepth = 32 };

    /// <summary>The body of a results API request, read by <see cref="JsonBody"/> when the endpoint's arguments are bound: the JSON,
    /// or the problem that <see cref="CheckScopeAndBodyAsync"/> answers.</summary>
    public sealed record CompletionsBody(JsonNode? Json, string Canonical, ProblemDetails? Problem)
        : IIdempotentRequest, IBindableFromHttpContext<CompletionsBody>
    {
        public static async ValueTask<CompletionsBody?> BindAsync(HttpContext context, System.Reflection.ParameterInfo parameter)
        {
            var t = context.RequestServices.GetRequiredService<IStringLocalizer<ResultsText>>();
            var read = await JsonBody.ReadNodeAsync(context, BodyRules, e => e.Fault switch
            {
                JsonBodyFault.UnsupportedMediaType => new(t["Problem_JsonRequired"].Value),
                JsonBodyFault.TooLarge => new(t["Problem_TooLarge", MaxBodyBytes / 1024 / 1024].Value),
                _ => new(t["Problem_Validation"].Value, t["Problem_Unreadable", e.Exception?.Message ?? ""].Value, "body"),
            });
            // Same JSON, whatever its whitespace, is the same request for the idempotency check.
            return read.Problem is { } problem ? new(null, "", problem) : new(read.Value, read.Value?.ToJsonString() ?? "null", null);
        }
    }

    private static ApiAnswer Validation(Dictionary<string, string[]> errors, IStringLocalizer<ResultsText> t) =>
        Answer(400, new HttpValidationProblemDetails(errors) { Status = 400, Title = t["Problem_Validation"].Value });

    internal static ProblemDetails Problem(HttpContext context, int status, string title) => new() { Status = status, Title = title, Type = ProblemTypes.ForStatus(context, status) };

    /// <summary>The JSON of an answer (web defaults: camelCase), as sent and as stored for replays.</summary>
    internal static string Serialize(object value) => ApiAnswer.Serialize(value);

    internal static ApiAnswer Answer(int status, object value) => new(status, value);
}
