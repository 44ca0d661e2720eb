using System.Text;
using System.Text.Json;
using Laurel.Credentials.Verification;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Verification;

/// <summary>
/// W3C VC-API verification: <c>POST /credentials/verify</c> and <c>POST /presentations/verify</c>. Open to anyone (no
/// anti-forgery: no cookies are used). The body is read under its own 2 MB limit so every oversized, malformed or deeply
/// nested request is a ProblemDetails 4xx, never a 500.
/// </summary>
public static class VerifyApi
{
    public const int MaxBodyBytes = 2 * 1024 * 1024;
    private const int MaxDepth = 72; // the verifier allows 64 inside the credential; the request wraps it twice

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/credentials/verify", VerifyCredentialAsync)
            .WithName("VerifyCredential").WithTags("VC-API")
            .WithSummary("Verify a verifiable credential (VC 2.0 or 1.1; Open Badges 3.0 checks on top for OB 3.0 credentials)")
            .WithDescription("Body per W3C VC-API: verifiableCredential is a credential object or a VC-JWT string (a credential serialized as a JSON string is refused with 400). Every credential is checked against the VC Data Model, every proof of a proof set and previousProof chain, every status entry (revocation, suspension, others reported) and its validity dates; an Open Badges 3.0 credential also against the OB 3.0 shape. 200 with the checks when valid, 400 with the failing checks when not, 422 (verification.budget-exceeded, naming the limit) when the input needs more work than Laurel allows.")
            .AddOpenApiOperationTransformer(OpenApiJsonBody.Of<VerifyCredentialRequest>("application/json", "application/ld+json"))
            .Produces<VerificationResult>(StatusCodes.Status200OK)
            .Produces<VerificationResult>(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(RateLimits.Verify)
            .DisableAntiforgery();
        endpoints.MapPost("/presentations/verify", PresentationApi.VerifyAsync)
            .WithName("VerifyPresentation").WithTags("VC-API")
            .WithSummary("Verify a verifiable presentation (VC 2.0 or 1.1)")
            .WithDescription("Checks the presentation's structure, its proof when present (purpose authentication, options.challenge and options.domain), that the proof was made with a key of the holder it names, and every credential in it. A signed presentation without credentials (DID authentication) is valid; an unsigned one is valid only through its credentials and never when a challenge or domain was asked for.")
            .AddOpenApiOperationTransformer(OpenApiJsonBody.Of<VerifyPresentationRequest>("application/json", "application/ld+json"))
            .Produces<PresentationVerificationResult>(StatusCodes.Status200OK)
            .Produces<PresentationVerificationResult>(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(RateLimits.Verify)
            .DisableAntiforgery();
    }

    private static async Task<IResult> VerifyCredentialAsync(HttpContext context, VerificationService verification, ReportPresenter presenter,
        CancellationToken ct)
    {
        var (body, problem) = await ReadBodyAsync(context, presenter, ct);
        if (problem is not null) return problem;
        using (body)
        {
            var root = body!.RootElement;
            var errors = new Dictionary<string, string[]>();
            var input = CredentialInput(root, "verifiableCredential", errors, presenter);
            var request = Options(root, errors, presenter);
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
            var report = await verification.VerifyCachedAsync(input!, request, ct);
            Laurel.Features.Insights.InsightsCounting.Verified(context, report);
            if (VerificationLimits.Problem(report) is { } exceeded) return exceeded;
            var result = VerificationResult.From(report, ProblemTypes.Base(context.RequestServices), presenter);
            return report.Verdict == Verdict.Valid ? TypedResults.Ok(result) : TypedResults.BadRequest(result);
        }
    }

    /// <summary>The credential's exact bytes: the object as sent, or the VC-JWT string's text.</summary>
    internal static byte[]? CredentialInput(JsonElement parent, string property, Dictionary<string, string[]> errors, ReportPresenter t)
    {
        if (parent.ValueKind != JsonValueKind.Object) { errors["$"] = [t.Text("Api_BodyObject")]; return null; }
        if (!parent.TryGetProperty(property, out var value)) { errors[property] = [t.Text("Api_Required", property)]; return null; }
        return value.ValueKind switch
        {
            // The raw UTF-8 of the object as sent, copied once (no string in between).
            JsonValueKind.Object => System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value).ToArray(),
            // DI-2.4 step 1 (PARSING_ERROR): a secured document is a map. A string is accepted only as a VC-JWT (compact
            // JWS); a credential serialized into a JSON string is refused rather than parsed a second time.
            JsonValueKind.String when IsCompactJws(value.GetString()!) => Encoding.UTF8.GetBytes(value.GetString()!),
            JsonValueKind.String => Error(errors, property, t.Text("Api_CredentialString", property)),
            _ => Error(errors, property, t.Text("Api_CredentialKind", property)),
        };
    }

    /// <summary>Three base64url segments separated by dots (surrounding whitespace allowed), as a VC-JWT is.</summary>
    private static bool IsCompactJws(string text)
    {
        var token = text.AsSpan().Trim();
        if (token.Count('.') != 2 || token.Length < 5) return false;
        foreach (var c in token)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) return false;
        return true;
    }

    private static byte[]? Error(Dictionary<string, string[]> errors, string field, string message)
    {
        errors[field] = [message];
        return null;
    }

    /// <summary>Reads <c>options</c>: Laurel accepts <c>recipient</c> (+ <c>recipientType</c>); other VC-API options are ignored.</summary>
    internal static VerificationRequest? Options(JsonElement root, Dictionary<string, string[]> errors, ReportPresenter t)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("options", out var options) || options.ValueKind == JsonValueKind.Null) return null;
        if (options.ValueKind != JsonValueKind.Object) { errors["options"] = [t.Text("Api_OptionsObject")]; return null; }
        string? Text(string name)
        {
            if (!options.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (v.ValueKind == JsonValueKind.String) return v.GetString();
            errors["options." + name] = [t.Text("Api_OptionString", "options." + name)];
            return null;
        }
        var recipient = Text("recipient");
        var type = Text("recipientType");
        return recipient is null ? null : new VerificationRequest { RecipientIdentity = recipient, RecipientIdentityType = type };
    }

    private static readonly JsonBodyRules BodyRules = new()
    {
        MaxBytes = MaxBodyBytes, MaxDepth = MaxDepth, MediaTypes = ["application/json", "application/ld+json"],
    };

    /// <summary>The JSON body, or the ProblemDetails that says why it cannot be had (415, 413, 400).</summary>
    internal static async Task<(JsonDocument? Body, IResult? Problem)> ReadBodyAsync(HttpContext context, ReportPresenter t, CancellationToken ct)
    {
        var read = await JsonBody.ReadDocumentAsync(context, BodyRules, e => e.Fault switch
        {
            JsonBodyFault.UnsupportedMediaType => new(t.Text("Api_MediaTypeTitle"),
                t.Text("Api_MediaType", e.ContentType.Length == 0 ? "(none)" : e.ContentType)),
            JsonBodyFault.TooLarge => new(t.Text("Api_TooLargeTitle"), t.Text("Api_TooLarge", MaxBodyBytes / 1024 / 1024)),
            _ => new(t.Text("Api_MalformedTitle"), t.Text("Api_Malformed", MaxDepth, e.Exception?.Message ?? "")),
        });
        return read.Problem is null ? (read.Value, null) : (null, read.ProblemResult());
    }
}
