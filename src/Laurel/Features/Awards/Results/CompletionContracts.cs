using System.Text.Json.Serialization;

namespace Laurel.Features.Awards.Results;

/// <summary>A successful completion reported by a student information system or LMS.</summary>
/// <param name="Learner">Who completed it: an eduID subject, an EPPN (checked against the institution's pattern) or an e-mail address.</param>
/// <param name="AchievementId">A published achievement (micro-credential definition) of the client's institution.</param>
/// <param name="CompletedOn">Completion/assessment date (yyyy-mm-dd): not in the future, not before the institution's micro-credential start date.</param>
/// <param name="Grade">The grade, required when the definition says so.</param>
/// <param name="Narrative">How the learner met the criteria (optional unless required).</param>
/// <param name="Evidence">Evidence of the assessment (each needs a url or a name).</param>
public sealed record CompletionRequest(LearnerReference Learner, Guid AchievementId, DateOnly CompletedOn, string? Grade, string? Narrative,
    IReadOnlyList<CompletionEvidence>? Evidence);

/// <param name="Type"><c>eduid</c>, <c>eppn</c> or <c>email</c>.</param>
/// <param name="Id">The eduID subject, EPPN or e-mail address.</param>
public sealed record LearnerReference(string Type, string Id);

public sealed record CompletionEvidence(string? Url, string? Name, string? Description);

/// <summary>
/// The award for the completion: 201 when this call awarded it, 200 when the same completion (learner + achievement + date) was
/// awarded before, also by an earlier retry.
/// </summary>
/// <param name="State"><c>issued</c> (in the backpack), <c>awaitingClaim</c> (waits for the learner to sign in or accept), <c>suspended</c> or <c>revoked</c>.</param>
public sealed record CompletionResponse(Guid AwardId, string State, Guid AchievementId, DateOnly CompletedOn, DateTime IssuedAt, bool Existing,
    CompletionLinks Links);

/// <param name="Badge">Public badge page (visible once the learner makes it public).</param>
/// <param name="Manage">Staff page of the award.</param>
/// <param name="Credential">The signed OB 3.0 credential (staff download).</param>
public sealed record CompletionLinks(string Badge, string Manage, string Credential);

/// <summary>Up to <see cref="ResultsApi.MaxBatchItems"/> completions, each handled on its own.</summary>
public sealed record CompletionBatchRequest(IReadOnlyList<CompletionRequest> Items);

/// <summary>One outcome per item, in order; the batch answers 200 whatever the items' outcomes.</summary>
public sealed record CompletionBatchResponse(CompletionBatchSummary Summary, IReadOnlyList<CompletionBatchItem> Items);

public sealed record CompletionBatchSummary(int Awarded, int Existing, int Failed);

/// <param name="Status">What the single endpoint would have answered for this item (201, 200, 400, 403, 404, 409, 422).</param>
/// <param name="Award">The award when <c>status</c> is 200 or 201.</param>
/// <param name="Problem">Why not (a validation problem naming every field) otherwise.</param>
public sealed record CompletionBatchItem(int Index, int Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CompletionResponse? Award,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Microsoft.AspNetCore.Http.HttpValidationProblemDetails? Problem);
