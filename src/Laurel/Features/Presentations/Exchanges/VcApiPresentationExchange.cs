using System.Text.Json.Nodes;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Presentations.Exchanges;

/// <summary>
/// A presentation request over a VC-API exchange (VCALM "Participate in an Exchange", as the DCC Learner Credential Wallet runs it):
/// <c>POST {}</c> to <see cref="PresentationRoutes.VcApiExchange"/> starts a session (fresh challenge) and answers a verifiable
/// presentation request whose <c>interact.service</c> names this session's step; <c>POST {"verifiablePresentation": …}</c> to that
/// step is verified and recorded through <see cref="IPresentationAnswers"/>, then answered <c>{}</c> (the exchange is complete).
/// A wallet that ignores <c>interact</c> and posts back to the exchange URL is served too: the session is the one whose nonce the
/// proof's challenge names. Every refusal is a ProblemDetails with a stable <c>code</c> and stores nothing but the code on the session.
/// </summary>
public static class VcApiPresentationExchange
{
    /// <summary>A presentation of a handful of badges (images are URLs in Laurel's; embedded ones are small data URIs at most).</summary>
    public const int MaxPresentationBytes = 512 * 1024;

    private static readonly JsonBodyRules PresentationRules = new() { MaxBytes = MaxPresentationBytes, MaxDepth = 32 };

    public static IServiceCollection AddVcApiPresentationExchange(this IServiceCollection services) => services.AddScoped<ExchangeAnswerReader>();

    public static IEndpointRouteBuilder MapVcApiPresentationExchange(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/presentations/exchanges").AllowAnonymous().DisableAntiforgery().WithTags(OpenApiDocs.WalletExchangeTag)
            // Each POST makes Laurel store a session or verify signatures: the verifier's budget per client address.
            .RequireRateLimiting(RateLimits.Verify);
        group.MapPost("/{requestId}", ExchangeAsync)
            .WithName("PresentationExchange")
            .WithSummary("A presentation request as a VC API exchange: POST {} starts a session and answers its verifiable presentation request")
            .WithDescription("requestId is the presentation request's id (GUID), named by the interaction URL's vcapi protocol. A wallet that "
                + "posts its presentation here instead of to interact.service is served too: the proof's challenge names the session. "
                + "Body: a JSON object of at most 512 KB. Every refusal is a ProblemDetails with a stable code extension and stores nothing but the code.")
            .AddOpenApiOperationTransformer(OpenApiJsonBody.Of<ExchangeMessage>())
            .Produces<ExchangeAnswer>(StatusCodes.Status200OK, "application/json")
            .DescribeResponse(StatusCodes.Status200OK, "{verifiablePresentationRequest} for {}; {} once a posted presentation is accepted (the exchange is complete).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .DescribeResponse(StatusCodes.Status400BadRequest, "exchange.malformed, exchange.challenge-invalid, exchange.presentation-invalid, or the answer was refused (code: why).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone)
            .DescribeResponse(StatusCodes.Status410Gone, "request.closed: the verifier closed the request.")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesTooManyRequests();
        group.MapPost("/{requestId}/sessions/{sessionId}", StepAsync)
            .WithName("PresentationExchangeStep")
            .WithSummary("The wallet's signed presentation for one exchange session (interact.service of the request); {} completes the exchange")
            .WithDescription("The presentation must be signed by its holder over the session's challenge and Laurel's domain; each credential is "
                + "verified and checked against the request's criteria, and the answer is recorded for the verifier. A session answers once.")
            .AddOpenApiOperationTransformer(OpenApiJsonBody.Of<ExchangeMessage>())
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/json")
            .DescribeResponse(StatusCodes.Status200OK, "The answer is accepted: an empty JSON object (VCALM: the exchange is complete).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .DescribeResponse(StatusCodes.Status400BadRequest, "exchange.presentation-missing, exchange.presentation-invalid, nonce.replayed, or the answer was refused (code: why).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesTooManyRequests();
        app.MapGet("/ask/{requestId}/interact", ExchangeInteraction.GetAsync).AllowAnonymous().WithTags(OpenApiDocs.WalletExchangeTag)
            .WithName("PresentationInteraction")
            .WithSummary("The interaction URL of a presentation request (its QR code): the protocols a wallet may use, or the ask page for a browser")
            .WithDescription("VCALM Interaction Protocols Response. A client whose Accept names text/html (a phone's camera app) is redirected to the "
                + "human page; a wallet (Accept: application/json, or none) gets {protocols: {OID4VP, oid4vp-1.0, vcapi}}. CORS open, never cached.")
            .ReadsHeader("Accept", "text/html for the redirect to the page; anything else (or nothing) for the JSON.")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/json")
            .ProducesRedirect(StatusCodes.Status302Found, "the presentation request's page /ask/{requestId} (browsers only).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);
        return app;
    }

    private static async Task<IResult> ExchangeAsync(string requestId, HttpContext context, LaurelDb db, PresentationSessions sessions,
        ExchangeAnswerReader reader, IPresentationAnswers answers, IStringLocalizer<PresentationsText> t, PublicOrigin origin, CancellationToken ct)
    {
        context.Response.Headers.CacheControl = "no-store";
        var body = await ReadAsync(context, PresentationRules);
        if (body.Problem is not null) return body.Problem;
        if (!Guid.TryParse(requestId, out var id)
            || await db.Set<PresentationRequest>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is not { } request)
            return Problem(context, 404, "exchange.unknown", "There is no such presentation request. Scan the verifier's QR code again.");

        if (body.Value!.ContainsKey("verifiablePresentation"))
        {
            // A wallet that posts its answer to the exchange itself: the proof's challenge names the session.
            var challenge = ProofChallenge(body.Value["verifiablePresentation"]);
            var session = challenge is null || challenge.Length > 64 ? null
                : await db.Set<PresentationSession>().AsNoTracking().FirstOrDefaultAsync(s => s.Nonce == challenge && s.RequestId == id && s.Channel == PresentationChannel.VcApi, ct);
            if (session is null)
                return Problem(context, 400, "exchange.challenge-invalid",
                    "The presentation's proof does not carry a challenge of this exchange: send POST {} for a new request and sign its challenge.");
            return await AnswerAsync(context, session, body.Value, reader, answers, t, origin, ct);
        }

        if (request.ClosedAt is not null) return Closed(context);
        var started = await sessions.StartAsync(id, PresentationChannel.VcApi, ct);
        if (started is null) return Closed(context);
        return TypedResults.Json(new JsonObject { ["verifiablePresentationRequest"] = ExchangeRequestMessage.Build(request, started, origin) });
    }

    private static async Task<IResult> StepAsync(string requestId, string sessionId, HttpContext context, LaurelDb db, ExchangeAnswerReader reader,
        IPresentationAnswers answers, IStringLocalizer<PresentationsText> t, PublicOrigin origin, CancellationToken ct)
    {
        context.Response.Headers.CacheControl = "no-store";
        var body = await ReadAsync(context, PresentationRules);
        if (body.Problem is not null) return body.Problem;
        if (!Guid.TryParse(requestId, out var rid) || !Guid.TryParse(sessionId, out var sid)
            || await db.Set<PresentationSession>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == sid && s.RequestId == rid && s.Channel == PresentationChannel.VcApi, ct)
                is not { } session)
            return Problem(context, 404, "exchange.unknown", "There is no such exchange. Scan the verifier's QR code again.");
        if (!body.Value!.ContainsKey("verifiablePresentation"))
            return Problem(context, 400, "exchange.presentation-missing", "Send {\"verifiablePresentation\": …}, signed over this exchange's challenge and domain.");
        return await AnswerAsync(context, session, body.Value, reader, answers, t, origin, ct);
    }

    private static async Task<IResult> AnswerAsync(HttpContext context, PresentationSession session, JsonObject body, ExchangeAnswerReader reader,
        IPresentationAnswers answers, IStringLocalizer<PresentationsText> t, PublicOrigin origin, CancellationToken ct)
    {
        // A used session is refused before any signature is checked: replaying an answer costs Laurel nothing.
        if (session.ConsumedAt is not null)
            return Refused(context, AnswerOutcome.Refused("nonce.replayed", "This nonce was already used (or belongs to another request)."), t);
        if (body["verifiablePresentation"] is not JsonObject presentation)
            return Problem(context, 400, "exchange.presentation-invalid", "verifiablePresentation must be one presentation object.");
        var answer = await reader.ReadAsync(session, presentation, ExchangeRequestMessage.Domain(origin), ct);
        var outcome = await answers.RecordAsync(answer, ct);
        // VCALM: an empty object completes the exchange; nothing more is requested from or offered to the wallet.
        return outcome.Accepted ? TypedResults.Json(new JsonObject()) : Refused(context, outcome, t);
    }

    private static IResult Refused(HttpContext context, AnswerOutcome outcome, IStringLocalizer<PresentationsText> t) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = outcome.RefusalCode == "request.closed" ? StatusCodes.Status410Gone : StatusCodes.Status400BadRequest,
            Title = "Answer refused",
            Detail = PresentationAnswers.Describe(outcome, t),
            Type = ProblemTypes.For(context, outcome.RefusalCode ?? "refused"),
            Extensions = { ["code"] = outcome.RefusalCode, ["reason"] = outcome.RefusalMessage },
        });

    private static IResult Closed(HttpContext context) =>
        Problem(context, 410, "request.closed", "This presentation request is closed and takes no more answers.");

    private static async Task<(JsonObject? Value, IResult? Problem)> ReadAsync(HttpContext context, JsonBodyRules rules)
    {
        var read = await JsonBody.ReadNodeAsync(context, rules, e => e.Fault switch
        {
            JsonBodyFault.UnsupportedMediaType => new("Unsupported media type", "Send the exchange message as application/json."),
            JsonBodyFault.TooLarge => new("Request too large", $"An exchange message is at most {rules.MaxBytes / 1024} KB."),
            _ => new("Malformed request", "The body is not valid JSON or nests too deeply."),
        });
        if (read.Problem is not null) return (null, read.ProblemResult());
        return read.Value is JsonObject o ? (o, null) : (null, Problem(context, 400, "exchange.malformed", "The exchange message must be a JSON object."));
    }

    private static string? ProofChallenge(JsonNode? presentation)
    {
        var proof = (presentation as JsonObject)?["proof"] switch { JsonObject one => one, JsonArray many => many.OfType<JsonObject>().FirstOrDefault(), _ => null };
        return proof?["challenge"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    }

    internal static IResult Problem(HttpContext context, int status, string code, string detail) => TypedResults.Problem(new ProblemDetails
    {
        Status = status,
        Title = status switch { 404 => "Unknown exchange", 410 => "Request closed", _ => "Exchange refused" },
        Detail = detail,
        Type = ProblemTypes.For(context, code),
        Extensions = { ["code"] = code },
    });
}
