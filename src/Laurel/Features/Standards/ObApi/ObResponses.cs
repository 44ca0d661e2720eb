using System.Text.Json.Serialization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Laurel.Features.Standards.ObApi;

/// <summary>One <c>imsx_codeMinorField</c> entry.</summary>
public sealed record ImsxCodeMinorField([property: JsonPropertyName("imsx_codeMinorFieldName")] string ImsxCodeMinorFieldName, [property: JsonPropertyName("imsx_codeMinorFieldValue")] string ImsxCodeMinorFieldValue);

/// <summary>The <c>imsx_codeMinor</c> wrapper.</summary>
public sealed record ImsxCodeMinor([property: JsonPropertyName("imsx_codeMinorField")] IReadOnlyList<ImsxCodeMinorField> ImsxCodeMinorField);

/// <summary>OB 3.0 error body (OB3-7.4): one codeMinor field per problem, named for the field or parameter it is about.</summary>
public sealed record ImsxStatusInfo([property: JsonPropertyName("imsx_codeMajor")] string ImsxCodeMajor, [property: JsonPropertyName("imsx_severity")] string ImsxSeverity, [property: JsonPropertyName("imsx_description")] string? ImsxDescription, [property: JsonPropertyName("imsx_codeMinor")] ImsxCodeMinor? ImsxCodeMinor);

public static class ObResponses
{
    public static void NoStore(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
    }

    /// <summary>An Imsx_StatusInfo failure; every problem becomes a codeMinor field (field name → codeMinor value).</summary>
    public static IResult Imsx(int status, string codeMinor, string description, IEnumerable<string>? fields = null)
    {
        var names = fields?.ToList() is { Count: > 0 } list ? list : ["request"];
        var info = new ImsxStatusInfo("failure", "error", description,
            new ImsxCodeMinor([.. names.Select(n => new ImsxCodeMinorField(n, codeMinor))]));
        return Results.Json(info, statusCode: status);
    }

    /// <summary>400 invalid_data naming every field, each with its own sentence in the description.</summary>
    public static IResult Invalid(Dictionary<string, string> problems, string codeMinor = "invalid_data") =>
        Imsx(400, codeMinor, string.Join("; ", problems.Select(p => $"{p.Key}: {p.Value}")), problems.Keys);

    /// <summary>RFC 6749 §5.2 error.</summary>
    public static IResult OAuthError(HttpContext context, string error, string description, int status = 400)
    {
        NoStore(context);
        if (status == 401) context.Response.Headers.WWWAuthenticate = "Basic realm=\"Laurel\"";
        return Results.Json(new { error, error_description = description }, statusCode: status);
    }
}

/// <summary>Reads request bodies within a byte budget and JSON within a depth budget.</summary>
public static class ObBodies
{
    public const int MaxDepth = 32;

    public static async Task<(byte[]? Bytes, string? Problem)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes) return (null, $"the body is larger than {maxBytes} bytes");
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) return (null, $"the body is larger than {maxBytes} bytes");
            buffer.Write(chunk, 0, read);
        }
        return (buffer.ToArray(), null);
    }

    public static async Task<(JsonObject? Body, string? Problem)> ReadJsonObjectAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return (null, "the body must be application/json");
        var (bytes, problem) = await ReadAsync(request, maxBytes, ct);
        return bytes is null ? (null, problem) : ParseObject(bytes);
    }

    public static (JsonObject? Body, string? Problem) ParseObject(byte[] bytes)
    {
        try
        {
            var node = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth });
            return node is JsonObject o ? (o, null) : (null, "the body must be a JSON object");
        }
        catch (JsonException e)
        {
            return (null, e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase)
                ? $"the JSON is nested deeper than {MaxDepth} levels" : "the body is not valid JSON");
        }
        catch (DecoderFallbackException)
        {
            return (null, "the body is not UTF-8");
        }
    }
}
