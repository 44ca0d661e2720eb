using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Identity.ApiClients;
using Microsoft.AspNetCore.Mvc;
using Laurel.Infrastructure.Web;
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
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapResultsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/completions").WithTags("Results API").DisableAntiforgery()
            .RequireAuthorization(ApiClientAuthentication.Policy);
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
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
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
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return endpoints;
    }

    private static Task PostOneAsync(HttpContext context, CompletionService completions, IdempotencyStore keys, IStringLocalizer<ResultsText> t) =>
        HandleAsync(context, keys, t, async (client, body, record, ct) =>
        {
            var result = await completions.ProcessAsync(client, body, record, ct);
            return (result.Status, result.Problem is { } p ? Serialize(p) : Serialize(result.Award!), result.AnswerStored);
        });

    private static Task PostBatchAsync(HttpContext context, CompletionService completions, IdempotencyStore keys, IStringLocalizer<ResultsText> t) =>
        HandleAsync(context, keys, t, async (client, body, _, ct) =>
        {
            if (body is not JsonObject { } o || o["items"] is not JsonArray items || items.Count == 0)
                return Unstored(Validation(new() { ["items"] = [t["Batch_ItemsRequired", MaxBatchItems].Value] }, t));
            if (items.Count > MaxBatchItems) return Unstored(Validation(new() { ["items"] = [t["Batch_TooMany", MaxBatchItems].Value] }, t));
            var results = new List<CompletionBatchItem>(items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                // The batch's answer is known only at the end: it is stored then, not with each award.
                var r = await completions.ProcessAsync(client, items[i], answerRecord: null, ct);
                var problem = r.Problem is null ? null : r.Problem as HttpValidationProblemDetails
                    ?? new HttpValidationProblemDetails { Status = r.Problem.Status, Title = r.Problem.Title, Type = r.Problem.Type };
                results.Add(new CompletionBatchItem(i, r.Status, r.Award, problem));
            }
            var summary = new CompletionBatchSummary(results.Count(r => r.Status == 201), results.Count(r => r.Status == 200), results.Count(r => r.Status >= 400));
            return (StatusCodes.Status200OK, Serialize(new CompletionBatchResponse(summary, results)), false);
        });

    private static (int, string, bool) Unstored((int Status, string Body) answer) => (answer.Status, answer.Body, false);

    // Reads and checks the body, then runs the work once per Idempotency-Key and replays its answer for retries. The work gets the
    // key's record and says whether it stored its answer there itself (along with the award).
    private static async Task HandleAsync(HttpContext context, IdempotencyStore keys, IStringLocalizer<ResultsText> t,
        Func<Awarder.ApiClient, JsonNode?, Guid?, CancellationToken, Task<(int Status, string Body, bool Stored)>> work)
    {
        var ct = context.RequestAborted;
        // The group's authorization policy (ApiClientAuthentication.Policy) has just found this client active, and its token's
        // institution and scopes are what the award policy judges.
        if (Awarder.Of(context.User) is not Awarder.ApiClient client || !client.Scopes.Contains(ApiScopes.ResultsWrite))
        {
            await WriteAsync(context, StatusCodes.Status403Forbidden, Serialize(Problem(StatusCodes.Status403Forbidden, t["Problem_Scope"].Value)));
            return;
        }
        client = client with { ConfirmedActive = true };
        var (body, canonical, problem) = await ReadBodyAsync(context, t);
        if (problem is not null)
        {
            await WriteAsync(context, problem.Value.Status, problem.Value.Body);
            return;
        }
        var key = context.Request.Headers[IdempotencyHeader].ToString();
        if (key.Length == 0)
        {
            var (status, json, _) = await work(client, body, null, ct);
            await WriteAsync(context, status, json);
            return;
        }
        if (key.Length > IdempotencyStore.MaxKeyLength)
        {
            await WriteAsync(context, 400, Serialize(new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [IdempotencyHeader] = [t["Idempotency_KeyTooLong", IdempotencyStore.MaxKeyLength].Value],
            })
            { Status = 400, Title = t["Problem_Validation"].Value }));
            return;
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(context.Request.Path + "\n" + canonical)));
        switch (await keys.BeginAsync(client.ClientId, key, hash, ct))
        {
            case IdempotencyDecision.Replay replay:
                context.Response.Headers[ReplayedHeader] = "true";
                await WriteAsync(context, replay.StatusCode, replay.Body);
                return;
            case IdempotencyDecision.Mismatch:
                await WriteAsync(context, StatusCodes.Status422UnprocessableEntity,
                    Serialize(Problem(StatusCodes.Status422UnprocessableEntity, t["Idempotency_Mismatch"].Value)));
                return;
            case IdempotencyDecision.StillRunning:
                await WriteAsync(context, StatusCodes.Status409Conflict, Serialize(Problem(StatusCodes.Status409Conflict, t["Idempotency_Running"].Value)));
                return;
            case IdempotencyDecision.Proceed proceed:
                (int Status, string Body, bool Stored) answer;
                try
                {
                    answer = await work(client, body, proceed.RecordId, ct);
                }
                catch
                {
                    await keys.AbandonAsync(proceed.RecordId);
                    throw;
                }
                if (!answer.Stored) await keys.CompleteAsync(proceed.RecordId, answer.Status, answer.Body, CancellationToken.None);
                await WriteAsync(context, answer.Status, answer.Body);
                return;
        }
    }

    private static readonly JsonBodyRules BodyRules = new() { MaxBytes = MaxBodyBytes, MaxDepth = 32 };

    private static async Task<(JsonNode? Body, string Canonical, (int Status, string Body)? Problem)> ReadBodyAsync(HttpContext context,
        IStringLocalizer<ResultsText> t)
    {
        var read = await JsonBody.ReadNodeAsync(context, BodyRules, e => e.Fault switch
        {
            JsonBodyFault.UnsupportedMediaType => new(t["Problem_JsonRequired"].Value),
            JsonBodyFault.TooLarge => new(t["Problem_TooLarge", MaxBodyBytes / 1024 / 1024].Value),
            _ => new(t["Problem_Validation"].Value, t["Problem_Unreadable", e.Exception?.Message ?? ""].Value, "body"),
        });
        if (read.Problem is { } problem) return (null, "", (problem.Status ?? 400, Serialize(problem)));
        // Same JSON, whatever its whitespace, is the same request for the idempotency check.
        return (read.Value, read.Value?.ToJsonString() ?? "null", null);
    }

    private static (int, string) Validation(Dictionary<string, string[]> errors, IStringLocalizer<ResultsText> t) =>
        (400, Serialize(new HttpValidationProblemDetails(errors) { Status = 400, Title = t["Problem_Validation"].Value }));

    private static ProblemDetails Problem(int status, string title) => new() { Status = status, Title = title, Type = $"https://httpstatuses.io/{status}" };

    /// <summary>The JSON of an answer (web defaults: camelCase), as sent and as stored for replays.</summary>
    internal static string Serialize<T>(T value) => JsonSerializer.Serialize(value, value!.GetType(), Json);

    private static async Task WriteAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = status >= 400 ? "application/problem+json" : "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(json, context.RequestAborted);
    }
}
