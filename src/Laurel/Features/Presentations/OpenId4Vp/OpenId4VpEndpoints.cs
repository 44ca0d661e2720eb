using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Laurel.Features.Verification;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;

namespace Laurel.Features.Presentations.OpenId4Vp;

/// <summary>
/// Laurel as an OpenID4VP 1.0 verifier (VP-8.1…8.4): the request URI (GET, or POST with <c>request_uri_method=post</c>) answers a
/// fresh signed request object per fetch, and the response URI of each session takes the wallet's <c>direct_post</c>.
/// </summary>
public static class OpenId4VpEndpoints
{
    public static IServiceCollection AddOpenId4VpVerifier(this IServiceCollection services)
    {
        services.AddSingleton<VerifierIdentityCache>();
        services.AddScoped<VerifierIdentity>();
        services.AddScoped<SdJwtVcChecks>();
        services.AddScoped<ISdJwtVcPresentedChecks>(sp => sp.GetRequiredService<SdJwtVcChecks>());
        services.AddScoped<VpTokenVerifier>();
        // Both endpoints, per client address (Laurel:RateLimits:OpenId4Vp): each fetch signs, each answer verifies.
        services.AddOptions<RateLimiterOptions>().Configure<IConfiguration>((o, configuration) =>
        {
            var options = RateLimits.Setting(configuration, RateLimits.OpenId4Vp).ToOptions();
            o.AddPolicy(RateLimits.OpenId4Vp, context => RateLimitPartition.GetFixedWindowLimiter("oid4vp " + RateLimits.ClientAddress(context), _ => options));
        });
        return services;
    }

    public static IEndpointRouteBuilder MapOpenId4VpVerifier(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").AllowAnonymous().DisableAntiforgery().WithTags(OpenApiDocs.VerifierTag)
            .RequireRateLimiting(RateLimits.OpenId4Vp);
        group.MapGet("/oid4vp/requests/{requestId}", RequestObjectAsync)
            .WithName("OpenId4VpRequestObject")
            .WithSummary("A new presentation session and its signed request object, fetched by reference from request_uri (OpenID4VP 1.0 §5.7)")
            .WithDescription(RequestObjectDescription)
            .ProducesFile(StatusCodes.Status200OK, "The request object: a JWT (ES256, x5c of the verifier) with the DCQL query, nonce, state and "
                + "response_uri, Cache-Control: no-store.", false, RequestObject.MediaType)
            .ProducesOAuthError(StatusCodes.Status400BadRequest, "invalid_request_uri: the address names no request.")
            .ProducesOAuthError(StatusCodes.Status404NotFound, "invalid_request_uri: the request does not exist or is closed.")
            .ProducesTooManyRequests();
        group.MapPost("/oid4vp/requests/{requestId}", RequestObjectAsync)
            .WithName("OpenId4VpRequestObjectPost")
            .WithSummary("The same request object for request_uri_method=post, with the wallet's metadata and nonce (OpenID4VP 1.0 §5.10)")
            .WithDescription(RequestObjectDescription + " The form is at most 16 KB.")
            .AddOpenApiOperationTransformer(OpenApiJsonBody.Of<VpRequestUriForm>("application/x-www-form-urlencoded"))
            .ProducesFile(StatusCodes.Status200OK, "The request object (JWT), with wallet_nonce when the wallet sent one.", false, RequestObject.MediaType)
            .ProducesOAuthError(StatusCodes.Status400BadRequest, "invalid_request_uri, or invalid_request: wallet_metadata is not a JSON object, "
                + "wallet_nonce is empty or longer than 256 characters, or the form is unreadable.")
            .ProducesOAuthError(StatusCodes.Status404NotFound, "invalid_request_uri: the request does not exist or is closed.")
            .ProducesOAuthError(StatusCodes.Status413PayloadTooLarge, "invalid_request: the form is larger than 16 KB.")
            .ProducesOAuthError(StatusCodes.Status415UnsupportedMediaType, "invalid_request: the body is not application/x-www-form-urlencoded.")
            .ProducesTooManyRequests();
        group.MapPost("/oid4vp/responses/{sessionId}", ResponseAsync)
            .WithName("OpenId4VpDirectPost")
            .WithSummary("The wallet's answer by direct_post (OpenID4VP 1.0 §8.2): vp_token and state, or the wallet's error")
            .WithDescription("Verifies every presentation and credential (signatures, holder binding to the session's nonce and audience, status, "
                + "the request's criteria) and records the answer for the verifier's page. The form is at most 1 MB.")
            .AddOpenApiOperationTransformer(OpenApiJsonBody.Of<VpDirectPostForm>("application/x-www-form-urlencoded"))
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/json")
            .DescribeResponse(StatusCodes.Status200OK, "The answer is recorded (or the wallet's error ended the session): an empty JSON object, no redirect_uri.")
            .ProducesOAuthError(StatusCodes.Status400BadRequest, "invalid_request (unknown session, state mismatch, vp_token missing, the answer "
                + "cannot be used) or access_denied (a credential is invalid or not the holder's, a required disclosure is missing, the criteria "
                + "are not met); error_description starts with Laurel's refusal code.")
            .ProducesOAuthError(StatusCodes.Status413PayloadTooLarge, "invalid_request: the form is larger than 1 MB.")
            .ProducesOAuthError(StatusCodes.Status415UnsupportedMediaType, "invalid_request: the body is not application/x-www-form-urlencoded.")
            .ProducesTooManyRequests();
        return app;
    }

    private const string RequestObjectDescription = "requestId is the presentation request's id (a GUID). Every fetch starts a new session "
        + "with its own nonce and state; the JWT is signed with the verifier's ES256 key (x5c, client_id x509_san_dns).";

    private static IResult Error(int status, string error, string description) =>
        Results.Json(new JsonObject { ["error"] = error, ["error_description"] = description }, statusCode: status);

    /// <summary>GET or POST <c>/oid4vp/requests/{requestId}</c>: a new session and its signed request object.</summary>
    private static async Task<IResult> RequestObjectAsync(string requestId, HttpContext http, PresentationSessions sessions, VerifierIdentity identity,
        LaurelDb db, PublicOrigin origin, CancellationToken ct)
    {
        if (!Guid.TryParse(requestId, out var id)) return Error(400, "invalid_request_uri", "The request URI names no request.");
        string? walletNonce = null;
        if (HttpMethods.IsPost(http.Request.Method))
        {
            var (form, problem) = await ReadFormAsync(http.Request, VpTokenLimits.MaxRequestUriBodyBytes, ct);
            if (problem is not null) return problem;
            // OpenID4VP 1.0 §5.10: wallet_metadata (JSON object) and wallet_nonce; Laurel signs with ES256 whatever the wallet lists.
            if (form!.TryGetValue("wallet_metadata", out var metadata) && !IsJsonObject(metadata.ToString()))
                return Error(400, "invalid_request", "wallet_metadata is not a JSON object.");
            if (form.TryGetValue("wallet_nonce", out var nonce))
            {
                walletNonce = nonce.ToString();
                if (walletNonce.Length is 0 or > 256) return Error(400, "invalid_request", "wallet_nonce must be 1 to 256 characters.");
            }
        }
        var request = await db.Set<PresentationRequest>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id && r.ClosedAt == null, ct);
        var session = request is null ? null : await sessions.StartAsync(id, PresentationChannel.OpenId4Vp, ct);
        if (request is null || session is null) return Error(404, "invalid_request_uri", "This request does not exist or is closed.");
        var key = await identity.GetAsync(ct);
        var jwt = await RequestObject.CreateAsync(request, session, walletNonce, key, db, origin, ct);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Text(jwt, RequestObject.MediaType, Encoding.ASCII);
    }

    /// <summary>POST <c>/oid4vp/responses/{sessionId}</c> (direct_post): the wallet's vp_token or error.</summary>
    private static async Task<IResult> ResponseAsync(string sessionId, HttpContext http, LaurelDb db, VpTokenVerifier verifier, IPresentationAnswers answers,
        VerificationLimits limits, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParse(sessionId, out var id)) return Error(400, "invalid_request", "The response URI names no session.");
        var (form, problem) = await ReadFormAsync(http.Request, VpTokenLimits.MaxResponseBytes, ct);
        if (problem is not null) return problem;
        var session = await db.Set<PresentationSession>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == id && s.Channel == PresentationChannel.OpenId4Vp, ct);
        if (session is null) return Error(400, "invalid_request", "No such presentation session.");
        // state binds the answer to the session the wallet fetched (OpenID4VP 1.0 §5.3); a mismatch leaves the session as it was.
        if (!form!.TryGetValue("state", out var state) || state.ToString() != session.State)
            return Error(400, "invalid_request", "The state does not match this session.");
        if (form.TryGetValue("error", out var walletError))
        {
            // The learner declined (access_denied) or the wallet had no matching badge: the session ends, nothing else is kept.
            var code = "wallet." + new string(walletError.ToString().Where(c => char.IsAsciiLetterLower(c) || c == '_').Take(40).ToArray());
            var now = clock.GetUtcNow().UtcDateTime;
            await db.Set<PresentationSession>().Where(s => s.Id == id && s.ConsumedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ConsumedAt, now).SetProperty(x => x.RefusalCode, code), ct);
            return Results.Json(new JsonObject());
        }
        if (!form.TryGetValue("vp_token", out var vpToken) || StringValues.IsNullOrEmpty(vpToken))
            return Error(400, "invalid_request", "vp_token is missing.");
        var request = await db.Set<PresentationRequest>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == session.RequestId, ct);
        if (request is null) return Error(400, "invalid_request", "The request of this session no longer exists.");

        // One time budget for everything the answer makes Laurel do (issuer metadata, status lists, JSON-LD).
        using var timeout = new CancellationTokenSource(limits.RequestTimeout, clock);
        using var capped = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        PresentationAnswer answer;
        try
        {
            answer = await verifier.VerifyAsync(session, request, vpToken.ToString(), capped.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            answer = new PresentationAnswer
            {
                RequestId = session.RequestId, SessionId = session.Id, Channel = PresentationChannel.OpenId4Vp, HolderKey = "unbound:" + session.Id,
                PresentationChecks = [new PresentedCheck("vp_token", false, VerificationLimits.ProblemCode, "The answer took too long to verify.")],
                Credentials = [],
            };
        }
        var outcome = await answers.RecordAsync(answer, ct);
        if (outcome.Accepted) return Results.Json(new JsonObject());
        var error = outcome.RefusalCode is "credential.invalid" or "credential.not_holders" or "disclosure.missing" or "criteria.unmet"
            ? "access_denied" : "invalid_request";
        return Error(400, error, $"{outcome.RefusalCode}: {outcome.RefusalMessage}");
    }

    private static bool IsJsonObject(string text)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 16 }) is JsonObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>An application/x-www-form-urlencoded body of at most <paramref name="maxBytes"/>, read without buffering more.</summary>
    private static async Task<(Dictionary<string, StringValues>? Form, IResult? Problem)> ReadFormAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (!(request.ContentType ?? "").StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            return (null, Error(415, "invalid_request", "The body must be application/x-www-form-urlencoded."));
        if (request.ContentLength > maxBytes)
            return (null, Error(413, "invalid_request", $"The body is larger than {maxBytes} bytes."));
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) return (null, Error(413, "invalid_request", $"The body is larger than {maxBytes} bytes."));
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        using var reader = new FormReader(buffer, Encoding.UTF8) { ValueCountLimit = 20, KeyLengthLimit = 100, ValueLengthLimit = maxBytes };
        try
        {
            return (await reader.ReadFormAsync(ct), null);
        }
        catch (InvalidDataException e)
        {
            return (null, Error(400, "invalid_request", "The form is not acceptable: " + e.Message));
        }
    }
}
