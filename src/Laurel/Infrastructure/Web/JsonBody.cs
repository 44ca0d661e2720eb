using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;

namespace Laurel.Infrastructure.Web;

/// <summary>Why a request body could not be had as JSON; each has its own status and stable problem code.</summary>
public enum JsonBodyFault
{
    /// <summary>415 (the content type is not one the endpoint accepts).</summary>
    UnsupportedMediaType,
    /// <summary>413 (more bytes than the endpoint's limit, by Content-Length or by counting).</summary>
    TooLarge,
    /// <summary>400 (not JSON, nested deeper than allowed, or not the shape the endpoint deserializes to).</summary>
    Malformed,
}

/// <summary>What went wrong, for the endpoint to put in its own (localized) words.</summary>
/// <param name="ContentType">The content type as sent, "" when none.</param>
/// <param name="Exception">The parser's complaint for <see cref="JsonBodyFault.Malformed"/> (its Path names the field when deserializing).</param>
public sealed record JsonBodyError(JsonBodyFault Fault, JsonBodyRules Rules, string ContentType, JsonException? Exception);

/// <summary>An endpoint's limits for its body. Each API keeps the limits its clients and tests already rely on.</summary>
public sealed record JsonBodyRules
{
    /// <summary>application/json and every <c>+json</c> type (<c>application/ld+json</c>, <c>application/vc+ld+json</c>, …).</summary>
    public static readonly IReadOnlyList<string> AnyJson = [];

    public required int MaxBytes { get; init; }

    /// <summary>Deepest nesting parsed; deeper bodies are <see cref="JsonBodyFault.Malformed"/>, never a stack-hungry parse.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>The media types accepted; empty (<see cref="AnyJson"/>) accepts every JSON type.</summary>
    public IReadOnlyList<string> MediaTypes { get; init; } = AnyJson;

    /// <summary>The status of a wrong content type: 415, except where an API has long answered 400 (the achievements API).</summary>
    public int UnsupportedMediaTypeStatus { get; init; } = StatusCodes.Status415UnsupportedMediaType;
}

/// <summary>
/// The words of a body problem: a title and detail; or, when <paramref name="Field"/> is set, a validation problem whose
/// <c>errors[Field]</c> is <paramref name="Detail"/> (and whose title is <paramref name="Title"/>, or the framework's default).
/// </summary>
public sealed record JsonBodyText(string? Title, string? Detail = null, string? Field = null);

/// <summary>The body read (or null when it failed), or the ProblemDetails that says why not.</summary>
public readonly record struct JsonBodyResult<T>(T? Value, ProblemDetails? Problem)
{
    /// <summary>The problem as an endpoint result (a validation problem keeps its <c>errors</c>).</summary>
    public IResult ProblemResult() => JsonBody.ToResult(Problem!);
}

/// <summary>
/// The one way Laurel's HTTP APIs read a JSON body: the content type is checked, at most <see cref="JsonBodyRules.MaxBytes"/> are
/// read whatever Content-Length says (chunked bodies have none), and the JSON is parsed no deeper than
/// <see cref="JsonBodyRules.MaxDepth"/>. Every failure is a ProblemDetails 4xx with a stable <c>type</c> and <c>code</c>
/// (<see cref="Codes"/>), never a 500, so clients can tell the problems apart without reading localized titles.
/// </summary>
public static class JsonBody
{
    public static class Codes
    {
        public const string UnsupportedMediaType = "request.unsupported-media-type";
        public const string TooLarge = "request.body-too-large";
        public const string Malformed = "request.malformed-json";
    }

    public static Task<JsonBodyResult<JsonNode>> ReadNodeAsync(HttpContext context, JsonBodyRules rules, Func<JsonBodyError, JsonBodyText> describe) =>
        ReadAsync(context, rules, describe, (bytes, depth) => JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = depth }));

    /// <summary>The body as a document; the caller disposes it.</summary>
    public static Task<JsonBodyResult<JsonDocument>> ReadDocumentAsync(HttpContext context, JsonBodyRules rules, Func<JsonBodyError, JsonBodyText> describe) =>
        ReadAsync(context, rules, describe, (bytes, depth) => JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = depth }));

    /// <summary>The body deserialized with the app's JSON options (as <c>ReadFromJsonAsync</c> would), under the same limits.</summary>
    public static Task<JsonBodyResult<T>> ReadAsync<T>(HttpContext context, JsonBodyRules rules, Func<JsonBodyError, JsonBodyText> describe)
    {
        var options = context.RequestServices.GetService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>()
            ?.Value.SerializerOptions ?? new JsonSerializerOptions(JsonSerializerDefaults.Web);
        return ReadAsync(context, rules, describe, (bytes, depth) =>
            JsonSerializer.Deserialize<T>(bytes, new JsonSerializerOptions(options) { MaxDepth = depth }));
    }

    private static async Task<JsonBodyResult<T>> ReadAsync<T>(HttpContext context, JsonBodyRules rules, Func<JsonBodyError, JsonBodyText> describe,
        Func<byte[], int, T?> parse)
    {
        var request = context.Request;
        var contentType = request.ContentType ?? "";
        JsonBodyResult<T> Fail(JsonBodyFault fault, JsonException? e = null) =>
            new(default, Problem(context, fault, describe(new JsonBodyError(fault, rules, contentType, e)), rules));

        if (!Accepts(request, rules)) return Fail(JsonBodyFault.UnsupportedMediaType);
        if (request.ContentLength > rules.MaxBytes) return Fail(JsonBodyFault.TooLarge);
        byte[] bytes;
        try
        {
            bytes = await ReadLimitedAsync(request.Body, rules.MaxBytes, context.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return Fail(JsonBodyFault.TooLarge);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Fail(JsonBodyFault.TooLarge);
        }
        catch (BadHttpRequestException e)
        {
            // E.g. the client went away in the middle of its body: its fault, not a server error.
            return new(default, new ProblemDetails { Status = e.StatusCode, Title = "Bad request", Detail = e.Message });
        }
        try
        {
            return new(parse(bytes, rules.MaxDepth), null);
        }
        catch (JsonException e)
        {
            return Fail(JsonBodyFault.Malformed, e);
        }
    }

    private static bool Accepts(HttpRequest request, JsonBodyRules rules)
    {
        if (rules.MediaTypes.Count == 0) return request.HasJsonContentType();
        var mediaType = (request.ContentType ?? "").Split(';')[0].Trim();
        return rules.MediaTypes.Any(m => m.Equals(mediaType, StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<byte[]> ReadLimitedAsync(Stream body, int maxBytes, CancellationToken ct)
    {
        using var content = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            if (content.Length + read > maxBytes) throw new InvalidDataException();
            content.Write(buffer, 0, read);
        }
        return content.ToArray();
    }

    private static ProblemDetails Problem(HttpContext context, JsonBodyFault fault, JsonBodyText text, JsonBodyRules rules)
    {
        var (status, code) = fault switch
        {
            JsonBodyFault.UnsupportedMediaType => (rules.UnsupportedMediaTypeStatus, Codes.UnsupportedMediaType),
            JsonBodyFault.TooLarge => (StatusCodes.Status413PayloadTooLarge, Codes.TooLarge),
            _ => (StatusCodes.Status400BadRequest, Codes.Malformed),
        };
        ProblemDetails problem = text.Field is { } field
            ? new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [text.Detail ?? ""] })
            : new ProblemDetails { Detail = text.Detail };
        problem.Status = status;
        if (text.Title is not null) problem.Title = text.Title;
        problem.Type = ProblemTypes.For(context, code);
        problem.Extensions["code"] = code;
        return problem;
    }

    /// <summary>A ProblemDetails as an endpoint result; a validation problem keeps its <c>errors</c>.</summary>
    public static IResult ToResult(ProblemDetails problem) => problem is HttpValidationProblemDetails v
        ? TypedResults.ValidationProblem(v.Errors, v.Detail, v.Instance, v.Title, v.Type, v.Extensions)
        : TypedResults.Problem(problem);
}
