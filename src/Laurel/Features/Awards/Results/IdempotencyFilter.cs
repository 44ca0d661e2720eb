using System.Security.Cryptography;
using System.Text;
using Laurel.Features.Awards.Issuing;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Awards.Results;

/// <summary>An endpoint argument that says what "the same request" is for <see cref="IdempotencyFilter"/>.</summary>
public interface IIdempotentRequest
{
    /// <summary>The request in a form where equal requests are equal strings (e.g. JSON without its whitespace).</summary>
    string Canonical { get; }
}

/// <summary>
/// The one place an API honours <c>Idempotency-Key</c> (add it with <see cref="IdempotencyFilterExtensions.WithIdempotency"/>):
/// the first request with a key runs the handler and its answer is stored; a retry with the same key and the same request gets
/// that answer again (header <c>Idempotent-Replayed: true</c>), another request with the key 422, and a retry while the first
/// still runs waits for it (409 when it takes too long). Without the header the handler just runs. The handler answers with a
/// <see cref="ApiAnswer"/>, which is stored as the JSON it writes, so a replay is byte for byte the first answer.
/// A handler that stores its answer in its own unit of work (see <see cref="IdempotencyStore.CompleteAlong"/>) says so with
/// <see cref="IdempotencyStore.MarkAnswered"/>; an exception forgets the key so that a retry runs again.
/// </summary>
public sealed class IdempotencyFilter(IdempotencyStore keys, IStringLocalizer<ResultsText> t) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (key.Length == 0) return await next(context);
        if (key.Length > IdempotencyStore.MaxKeyLength)
            return ResultsApi.Answer(StatusCodes.Status400BadRequest, new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [Header] = [t["Idempotency_KeyTooLong", IdempotencyStore.MaxKeyLength].Value],
            })
            { Status = StatusCodes.Status400BadRequest, Title = t["Problem_Validation"].Value });

        // The API's authorization has made the caller an API client; keys are per client.
        var clientId = ((Awarder.ApiClient)Awarder.Of(http.User)).ClientId;
        var request = context.Arguments.OfType<IIdempotentRequest>().Single();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(http.Request.Path + "\n" + request.Canonical)));
        switch (await keys.BeginAsync(clientId, key, hash, http.RequestAborted))
        {
            case IdempotencyDecision.Replay replay:
                http.Response.Headers[ReplayedHeader] = "true";
                return ApiAnswer.Stored(replay.StatusCode, replay.Body);
            case IdempotencyDecision.Mismatch:
                return ResultsApi.Answer(StatusCodes.Status422UnprocessableEntity,
                    ResultsApi.Problem(http, StatusCodes.Status422UnprocessableEntity, t["Idempotency_Mismatch"].Value));
            case IdempotencyDecision.StillRunning:
                return ResultsApi.Answer(StatusCodes.Status409Conflict, ResultsApi.Problem(http, StatusCodes.Status409Conflict, t["Idempotency_Running"].Value));
        }
        var recordId = keys.Held!.Value;
        object? answer;
        try
        {
            answer = await next(context);
        }
        catch
        {
            await keys.AbandonAsync(recordId);
            throw;
        }
        if (!keys.Answered)
        {
            var result = answer as ApiAnswer ?? throw new InvalidOperationException("An idempotent endpoint answers with an ApiAnswer.");
            await keys.CompleteAsync(recordId, result.StatusCode!.Value, result.Json, CancellationToken.None);
        }
        return answer;
    }
}

public static class IdempotencyFilterExtensions
{
    /// <summary>Honours <c>Idempotency-Key</c> on this endpoint (see <see cref="IdempotencyFilter"/>); one of its arguments is an
    /// <see cref="IIdempotentRequest"/>.</summary>
    public static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder endpoint) => endpoint.AddEndpointFilter<IdempotencyFilter>();
}
