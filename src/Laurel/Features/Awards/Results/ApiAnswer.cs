using System.Text.Json;

namespace Laurel.Features.Awards.Results;

/// <summary>
/// An answer of the results API: a status and a value written as JSON (web defaults, the value's runtime type), no-store, as
/// <c>application/json</c> or, from 400 on, <c>application/problem+json</c>. A typed result of its own rather than
/// <c>TypedResults.Json</c>/<c>Problem</c>: those fill in problem defaults (a <c>type</c>, a title) and a charset that clients
/// and stored replays have never had, and <see cref="IdempotencyFilter"/> needs the exact JSON it stores (<see cref="Json"/>).
/// </summary>
public sealed class ApiAnswer : IResult, IStatusCodeHttpResult, IValueHttpResult, IContentTypeHttpResult
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    private readonly int _status;

    public ApiAnswer(int status, object value) : this(status, value, Serialize(value)) { }

    private ApiAnswer(int status, object? value, string json) => (_status, Value, Json) = (status, value, json);

    /// <summary>An answer stored earlier, sent again as it was first sent.</summary>
    public static ApiAnswer Stored(int status, string json) => new(status, null, json);

    public int? StatusCode => _status;
    /// <summary>The value answered (null for a <see cref="Stored"/> answer).</summary>
    public object? Value { get; }
    public string ContentType => ContentTypeOf(_status);

    /// <summary>The body as sent, and as stored for replays.</summary>
    public string Json { get; }

    public static string Serialize(object value) => JsonSerializer.Serialize(value, value.GetType(), Options);

    public static string ContentTypeOf(int status) => status >= 400 ? "application/problem+json" : "application/json";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = _status;
        httpContext.Response.ContentType = ContentType;
        httpContext.Response.Headers.CacheControl = "no-store";
        return httpContext.Response.WriteAsync(Json, httpContext.RequestAborted);
    }
}
