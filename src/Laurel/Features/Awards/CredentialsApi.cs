using System.Security.Claims;
using System.Text.Json.Nodes;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Identity.ApiClients;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Awards;

/// <summary>Body of <c>POST /credentials/issue</c> (W3C VC-API IssueCredentialRequest).</summary>
/// <param name="Credential">
/// An OB 3.0 credential naming an existing, published achievement in <c>credentialSubject.achievement.id</c> (its catalog URL or
/// id) and the recipient as a plain IdentityObject in <c>credentialSubject.identifier</c> (<c>hashed: false</c>, identityType
/// <c>emailAddress</c> or <c>identifier</c> for an eduID subject) of someone who has signed in to Laurel. Also read:
/// <c>credentialSubject.activityEndDate</c> (completion date, required), <c>credentialSubject.result[0].value</c> (grade),
/// <c>credentialSubject.narrative</c> and <c>evidence</c>. Everything else comes from the achievement definition.
/// </param>
/// <param name="Options">Issuance options (none are needed; accepted for VC-API compatibility).</param>
public sealed record IssueCredentialRequest(JsonObject Credential, JsonObject? Options);

/// <summary>Answer of <c>POST /credentials/issue</c>: the signed credential (eddsa-rdfc-2022).</summary>
public sealed record IssueCredentialResponse(JsonObject VerifiableCredential);

/// <summary>Body of <c>POST /credentials/status</c> (VC-API UpdateCredentialStatus, with Laurel's mandatory reason).</summary>
/// <param name="CredentialId">The credential id, <c>urn:uuid:…</c>.</param>
/// <param name="CredentialStatus">One change: <c>{"type": "BitstringStatusListCredential", "status": "revoked" | "suspended" | "active", "reason": "…"}</c>.</param>
public sealed record UpdateCredentialStatusRequest(string CredentialId, IReadOnlyList<CredentialStatusChange> CredentialStatus);

/// <summary>One requested status change; <c>reason</c> is required for revoked and suspended and sent to the learner.</summary>
public sealed record CredentialStatusChange(string? Type, string Status, string? Reason);

/// <summary>Answer of <c>POST /credentials/status</c>: the credential's status after the change.</summary>
public sealed record UpdateCredentialStatusResponse(string CredentialId, string Status, string? Reason);

/// <summary>
/// W3C VC-API issuing and status endpoints for staff (session cookie, Award right) and API clients of the institution
/// (bearer token from <c>/oauth/token</c> with scope <c>awards:write</c>). Errors are ProblemDetails.
/// </summary>
public static partial class CredentialsApi
{
    public const int MaxBodyBytes = 1024 * 1024;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/credentials").WithTags("VC-API").DisableAntiforgery();
        api.MapPost("/issue", IssueAsync)
            .WithName("IssueCredential")
            .WithSummary("Issue a signed OB 3.0 credential for an existing achievement (staff with the Award right, or an API client of the institution)")
            .WithDescription("See IssueCredentialRequest for what is read from the credential. Answers 201 with {verifiableCredential}, or a (validation) problem naming every field with a problem, in the request culture (?culture=en).")
            .AddOpenApiOperationTransformer(OpenApiJsonBody.Of<IssueCredentialRequest>())
            .Produces<IssueCredentialResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapPost("/status", UpdateStatusAsync)
            .WithName("UpdateCredentialStatus")
            .WithSummary("Revoke (final), suspend or reinstate an issued credential; the status list reflects it at once")
            .AddOpenApiOperationTransformer(OpenApiJsonBody.Of<UpdateCredentialStatusRequest>())
            .Produces<UpdateCredentialStatusResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<IResult> IssueAsync(HttpContext context, AwardService awards, AwardPolicy policy, LearnerLookup learners,
        CredentialBuilder builder, IStringLocalizer<AwardsText> t)
    {
        var ct = context.RequestAborted;
        if (await ActorAsync(context) is not { } actor) return Unauthorized(t);
        if (ScopeProblem(actor, t) is { } scope) return scope;
        var (body, problem) = await ReadBodyAsync(context, t);
        if (problem is not null) return problem;
        var read = IssueRequestReader.Read(body!, t);
        if (read.Errors.Count > 0) return TypedResults.ValidationProblem(read.Errors);

        if (read.AchievementId is not { } achievementId || await policy.FindAchievementAsync(achievementId, ct) is not { } achievement)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: t["Check_AchievementUnknown"].Value);
        if (!await policy.MayAwardAsync(actor, achievement, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: t["Check_NoAwardRight"].Value);

        var learner = await learners.FindAsync(read.Recipient, ct);
        var outcome = await awards.AwardAsync(actor, read.ToRequest(achievementId, learner) with
        {
            Client = actor.FindFirstValue(ApiClientAuthentication.ClientIdClaim) is { } clientId ? "api:" + clientId : "api",
        }, ct);
        if (!outcome.Succeeded)
        {
            var errors = IssueRequestReader.ToJsonPaths(outcome.Errors);
            if (learner is null && read.Recipient is not null)
                errors[IssueRequestReader.RecipientPath] = [t["LearnerNotFound"].Value];
            return TypedResults.ValidationProblem(errors);
        }
        var signed = JsonNode.Parse(outcome.Award!.CredentialJson)!.AsObject();
        return TypedResults.Json(new IssueCredentialResponse(signed), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> UpdateStatusAsync(HttpContext context, AwardPolicy policy, RevokeAndSuspend statuses,
        IStringLocalizer<AwardsText> t)
    {
        var ct = context.RequestAborted;
        if (await ActorAsync(context) is not { } actor) return Unauthorized(t);
        if (ScopeProblem(actor, t) is { } scope) return scope;
        var (body, problem) = await ReadBodyAsync(context, t);
        if (problem is not null) return problem;
        var (awardId, change, errors) = StatusRequestReader.Read(body!, t);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        if (await statuses.FindAsync(awardId, ct) is not { } award)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: t["Api_CredentialUnknown"].Value);
        if (!await policy.MayAwardAsync(actor, award.Achievement!, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: t["Check_NoAwardRight"].Value);

        var client = actor.FindFirstValue(ApiClientAuthentication.ClientIdClaim) is { } clientId ? "api:" + clientId : "api";
        var problems = await statuses.ApplyAsync(Awarder.Of(actor), award, change.Action, change.Reason, client, ct);
        if (problems.ContainsKey(AwardPolicy.RightKey))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: t["Check_NoAwardRight"].Value);
        // Another change to this credential won the race; nothing was written (the client reads the status and decides again).
        if (problems.TryGetValue(RevokeAndSuspend.ConflictField, out var conflict))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: conflict[0]);
        if (problems.Count > 0)
            return TypedResults.ValidationProblem(problems.ToDictionary(
                p => p.Key == "Reason" ? "credentialStatus[0].reason" : "credentialStatus[0].status", p => p.Value.ToArray()));
        return TypedResults.Ok(new UpdateCredentialStatusResponse(CredentialBuilder.CredentialId(award.Id), StatusRequestReader.StatusName(award.State),
            award.State switch { AwardState.Revoked => award.RevocationReason, AwardState.Suspended => award.SuspensionReason, _ => null }));
    }

    // A bearer token (API client) when one is sent, otherwise the staff session cookie.
    private static async Task<ClaimsPrincipal?> ActorAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var result = await context.AuthenticateAsync(ApiClientAuthentication.Scheme);
            return result.Succeeded && result.Principal.FindFirst(ApiClientAuthentication.ClientIdClaim) is not null ? result.Principal : null;
        }
        return context.User.Identity?.IsAuthenticated == true ? context.User : null;
    }

    // The VC-API is the door for awards:write. The award policy also lets results:write clients award (through the results API),
    // so an API client's scope is checked here, before the policy.
    private static IResult? ScopeProblem(ClaimsPrincipal actor, IStringLocalizer<AwardsText> t) =>
        Awarder.Of(actor) is Awarder.ApiClient client && !client.Scopes.Contains(ApiScopes.AwardsWrite)
            ? TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: t["Api_AwardsWriteScope"].Value)
            : null;

    private static IResult Unauthorized(IStringLocalizer<AwardsText> t) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: t["Api_SignInOrToken"].Value);

    private static readonly JsonBodyRules BodyRules = new() { MaxBytes = MaxBodyBytes, MaxDepth = 64 };

    private static async Task<(JsonObject? Body, IResult? Problem)> ReadBodyAsync(HttpContext context, IStringLocalizer<AwardsText> t)
    {
        var read = await JsonBody.ReadNodeAsync(context, BodyRules, e => e.Fault switch
        {
            JsonBodyFault.UnsupportedMediaType => new(t["Api_JsonRequired"].Value),
            JsonBodyFault.TooLarge => new(t["Api_TooLarge", MaxBodyBytes / 1024].Value),
            _ => new(null, t["Api_Unreadable", e.Exception?.Message ?? ""].Value, "body"),
        });
        if (read.Problem is not null) return (null, read.ProblemResult());
        return read.Value is JsonObject body
            ? (body, null)
            : (null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [t["Api_JsonObjectRequired"].Value] }));
    }
}
