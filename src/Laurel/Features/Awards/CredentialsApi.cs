using System.Security.Claims;
using System.Text.Json.Nodes;
using Laurel.Features.Achievements;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Awards.VcApi;
using Laurel.Features.Identity.ApiClients;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Awards;

/// <summary>Body of <c>POST /credentials/issue</c> (W3C VC-API IssueCredentialRequest).</summary>
/// <param name="Credential">
/// Any VC 2.0 (or VC 1.1) credential without a proof, whose <c>issuer</c> is the DID of the caller's institution or is left out
/// (Laurel fills it in). It is signed (eddsa-rdfc-2022) exactly as sent, with contexts from Laurel's offline set only and no
/// term the contexts leave undefined; every problem is answered at once as a 400 naming its field. Laurel adds a
/// <c>credentialStatus</c> with a revocation and a suspension BitstringStatusListEntry unless the credential brings its own
/// or is a VC 1.1 credential.
/// An OB 3.0 credential naming one of Laurel's achievements in <c>credentialSubject.achievement.id</c> (its catalog URL or id)
/// is an award instead: the recipient as a plain IdentityObject in <c>credentialSubject.identifier</c> (<c>hashed: false</c>,
/// identityType <c>emailAddress</c> or <c>identifier</c>) of someone who has signed in to Laurel, <c>activityEndDate</c>
/// (required), <c>result[0].value</c>, <c>narrative</c> and <c>evidence</c> are read; everything else comes from the definition.
/// </param>
/// <param name="Options">VC-API options: <c>created</c> (proof time), <c>credentialId</c> (the id status changes use for a
/// credential without <c>id</c>), <c>credentialStatus</c> (<c>{type: BitstringStatusListEntry, statusPurpose}</c>: which
/// entries Laurel adds), <c>challenge</c>, <c>domain</c>. Any other option is refused.</param>
public sealed record IssueCredentialRequest(JsonObject Credential, JsonObject? Options);

/// <summary>Answer of <c>POST /credentials/issue</c>: the signed credential (eddsa-rdfc-2022).</summary>
public sealed record IssueCredentialResponse(JsonObject VerifiableCredential);

/// <summary>Body of <c>POST /credentials/status</c> (VC-API UpdateCredentialStatus, with Laurel's mandatory reason).</summary>
/// <param name="CredentialId">The credential id, <c>urn:uuid:…</c>.</param>
/// <param name="CredentialStatus">One change: <c>{"type": "BitstringStatusListCredential", "status": "revoked" | "suspended" | "active", "reason": "…"}</c>,
/// or the Bitstring Status List form <c>{"type": "BitstringStatusListEntry", "statusPurpose": "revocation" | "suspension", "status": true | false}</c>.</param>
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
            .WithSummary("Sign a VC 2.0 credential as the institution, or award one of its achievements (staff with the Award right, or an API client with awards:write)")
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
        GenericIssuer generic, IssuerRights rights, IStringLocalizer<AwardsText> t, IStringLocalizer<VcApiText> vt)
    {
        var ct = context.RequestAborted;
        if (await ActorAsync(context) is not { } actor) return Unauthorized(t);
        if (ScopeProblem(actor, t) is { } scope) return scope;
        var (body, problem) = await ReadBodyAsync(context, t);
        if (problem is not null) return problem;
        if (body!["credential"] is not JsonObject credential)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["credential"] = [vt["Issue_CredentialObject"].Value] });

        // An OB 3.0 credential naming one of Laurel's achievements is an award (backpack, status, webhooks); anything else is
        // signed as asked.
        if (await AwardTargetAsync(credential, policy, ct) is not { } awardTarget)
        {
            var outcome = await generic.IssueAsync(Awarder.Of(actor), credential, body["options"], ct);
            if (outcome.Errors is { } errors) return TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
            if (outcome.Forbidden is { } forbidden) return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: forbidden);
            if (outcome.Conflict is { } conflict) return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: conflict);
            return TypedResults.Json(new IssueCredentialResponse(outcome.Credential!), statusCode: StatusCodes.Status201Created);
        }

        var read = IssueRequestReader.Read(body, t);
        var readErrors = new Dictionary<string, string[]>(read.Errors);
        foreach (var (key, message) in AwardOptionProblems(body["options"], vt)) readErrors[key] = [message];
        if (readErrors.Count > 0) return TypedResults.ValidationProblem(readErrors);
        if (awardTarget.Achievement is not { } achievement)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: t["Check_AchievementUnknown"].Value);
        if (!await policy.MayAwardAsync(actor, achievement, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: t["Check_NoAwardRight"].Value);
        // The award is signed as the achievement's institution; a request naming another issuer is refused, never rewritten.
        if (GenericIssueIssuer(credential) is { } asked && await rights.InstitutionOfDidAsync(asked, ct) != achievement.InstitutionId)
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
                title: vt["Issue_OtherIssuer", rights.DidOf(await rights.SlugAsync(achievement.InstitutionId, ct)), asked].Value);

        var learner = await learners.FindAsync(read.Recipient, ct);
        var awarded = await awards.AwardAsync(actor, read.ToRequest(achievement.Id, learner) with
        {
            Client = actor.FindFirstValue(ApiClientAuthentication.ClientIdClaim) is { } clientId ? "api:" + clientId : "api",
        }, ct);
        if (!awarded.Succeeded)
        {
            var errors = IssueRequestReader.ToJsonPaths(awarded.Errors);
            if (learner is null && read.Recipient is not null)
                errors[IssueRequestReader.RecipientPath] = [t["LearnerNotFound"].Value];
            return TypedResults.ValidationProblem(errors);
        }
        var signed = JsonNode.Parse(awarded.Award!.CredentialJson)!.AsObject();
        return TypedResults.Json(new IssueCredentialResponse(signed), statusCode: StatusCodes.Status201Created);
    }

    private sealed record AwardTarget(Achievement? Achievement);

    // An award's credential is made by the award service: its id, proof time and both status entries are Laurel's. Options asking
    // for anything else are refused by name, never ignored (issue 15: honoured exactly or refused with a named 400).
    private static IEnumerable<(string Key, string Message)> AwardOptionProblems(JsonNode? options, IStringLocalizer<VcApiText> vt)
    {
        if (options is null) yield break;
        if (options is not JsonObject asked)
        {
            yield return ("options", vt["Issue_OptionsObject"].Value);
            yield break;
        }
        foreach (var (name, _) in asked) yield return ("options." + name, vt["Issue_AwardOption", "options." + name].Value);
    }

    // credentialSubject.achievement.id that is a Laurel catalog URL (…/catalog/{id}: unknown → 404 as before) or the id of an
    // existing definition.
    private static async Task<AwardTarget?> AwardTargetAsync(JsonObject credential, AwardPolicy policy, CancellationToken ct)
    {
        var subject = credential["credentialSubject"] as JsonObject;
        var reference = subject?["achievement"] is JsonObject a ? a["id"] : subject?["achievement"];
        var text = reference is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (IssueRequestReader.ParseAchievementId(text) is not { } id) return null;
        var achievement = await policy.FindAchievementAsync(id, ct);
        return achievement is not null || text!.Contains("/catalog/", StringComparison.Ordinal) ? new AwardTarget(achievement) : null;
    }

    private static string? GenericIssueIssuer(JsonObject credential) => credential["issuer"] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonObject o when o["id"] is JsonValue id && id.TryGetValue<string>(out var s) => s,
        _ => null,
    };

    private static async Task<IResult> UpdateStatusAsync(HttpContext context, AwardPolicy policy, RevokeAndSuspend statuses,
        GenericStatus generic, IStringLocalizer<AwardsText> t, IStringLocalizer<VcApiText> vt)
    {
        var ct = context.RequestAborted;
        if (await ActorAsync(context) is not { } actor) return Unauthorized(t);
        if (ScopeProblem(actor, t) is { } scope) return scope;
        var (body, problem) = await ReadBodyAsync(context, t);
        if (problem is not null) return problem;
        var read = StatusRequestReader.Parse(body!, t, vt);
        if (read.Errors.Count > 0) return TypedResults.ValidationProblem(read.Errors);
        var change = read.Change;
        var client = actor.FindFirstValue(ApiClientAuthentication.ClientIdClaim) is { } clientId ? "api:" + clientId : "api";

        if ((read.AwardId is { } awardId ? await statuses.FindAsync(awardId, ct) : null) is not { } award)
        {
            if (await generic.FindAsync(read.CredentialId, ct) is not { } issued)
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: t["Api_CredentialUnknown"].Value);
            var outcome = await generic.ApplyAsync(Awarder.Of(actor), issued, change.Action, change.Reason, read.StatusPath, read.ReasonPath, ct);
            if (outcome.Forbidden is { } forbidden) return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: forbidden);
            if (outcome.Conflict is { } conflict) return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: conflict);
            if (outcome.Errors is { } errors) return TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
            return TypedResults.Ok(new UpdateCredentialStatusResponse(read.CredentialId, issued.State,
                issued.State switch { IssuedCredentialStates.Revoked => issued.RevocationReason, IssuedCredentialStates.Suspended => issued.SuspensionReason, _ => null }));
        }
        if (!await policy.MayAwardAsync(actor, award.Achievement!, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: t["Check_NoAwardRight"].Value);

        var problems = await statuses.ApplyAsync(Awarder.Of(actor), award, change.Action, change.Reason, client, ct);
        if (problems.ContainsKey(AwardPolicy.RightKey))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: t["Check_NoAwardRight"].Value);
        // Another change to this credential won the race; nothing was written (the client reads the status and decides again).
        if (problems.TryGetValue(RevokeAndSuspend.ConflictField, out var conflictText))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: conflictText[0]);
        if (problems.Count > 0)
            return TypedResults.ValidationProblem(problems.ToDictionary(p => p.Key == "Reason" ? read.ReasonPath : read.StatusPath, p => p.Value.ToArray()));
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
