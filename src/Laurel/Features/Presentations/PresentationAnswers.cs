using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Presentations;

/// <summary>
/// The one place where an answer from any channel is judged and kept (<see cref="IPresentationAnswers"/>). The session's nonce is
/// consumed first, atomically, so a replay is refused whatever else is wrong with it; a refused answer stores nothing but its code on
/// the session.
/// </summary>
public sealed class PresentationAnswers(LaurelDb db, TimeProvider clock, IStringLocalizer<PresentationsText> t) : IPresentationAnswers
{
    public async Task<AnswerOutcome> RecordAsync(PresentationAnswer answer, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (answer.SessionId is { } sessionId)
        {
            var consumed = await db.Set<PresentationSession>()
                .Where(s => s.Id == sessionId && s.RequestId == answer.RequestId && s.ConsumedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ConsumedAt, now), ct);
            if (consumed == 0) return await RefuseAsync(null, "nonce.replayed", "This nonce was already used (or belongs to another request).", ct);
            var expires = await db.Set<PresentationSession>().Where(s => s.Id == sessionId).Select(s => s.ExpiresAt).SingleAsync(ct);
            if (expires <= now) return await RefuseAsync(sessionId, "session.expired", "The session expired before the answer arrived.", ct);
        }
        var request = await db.Set<PresentationRequest>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == answer.RequestId, ct);
        if (request is null) return await RefuseAsync(answer.SessionId, "request.unknown", "No such request.", ct);
        if (request.ClosedAt is not null) return await RefuseAsync(answer.SessionId, "request.closed", "This request is closed.", ct);
        if (answer.PresentationChecks.FirstOrDefault(c => !c.Passed) is { } failed)
            return await RefuseAsync(answer.SessionId, "presentation.invalid", $"Presentation check '{failed.Id}' failed: {failed.Code}.", ct, failed.Code);
        if (answer.Credentials.Count == 0) return await RefuseAsync(answer.SessionId, "credentials.none", "The answer contains no credential.", ct);
        foreach (var credential in answer.Credentials)
        {
            var failedCheck = credential.Checks.FirstOrDefault(c => !c.Passed);
            if (failedCheck is not null || credential.Checks.Count == 0)
            {
                var code = failedCheck?.Code ?? "checks.missing";
                return await RefuseAsync(answer.SessionId, "credential.invalid", $"Credential '{credential.Facts.AchievementName}' failed: {code}.", ct, code);
            }
            if (!credential.BoundToHolder)
                return await RefuseAsync(answer.SessionId, "credential.not_holders", $"Credential '{credential.Facts.AchievementName}' is not bound to the presenter ({credential.BindingCode}).", ct);
        }
        var missing = request.RequiredFacts.Where(f => answer.Credentials.All(c => !c.Disclosed.ContainsKey(f))).ToList();
        if (missing.Count > 0)
        {
            var names = string.Join(", ", missing.Select(f => t["Fact_" + f].Value));
            return await RefuseAsync(answer.SessionId, "disclosure.missing", "Required facts were not disclosed: " + string.Join(", ", missing) + ".", ct, names);
        }
        var results = answer.Credentials.Select(c => request.Criteria.Evaluate(c.Facts).ToList()).ToList();
        if (!results.Any(r => r.All(x => x.Met)))
        {
            var lacks = results.SelectMany(r => r).Where(r => !r.Met).Select(r => BadgeCriteria.Reason(r, t)).Distinct().ToList();
            return await RefuseAsync(answer.SessionId, "criteria.unmet", "No credential meets the request: " + string.Join("; ", lacks) + ".", ct, string.Join("; ", lacks));
        }
        return await StoreAsync(request, answer, results, now, ct);
    }

    private async Task<AnswerOutcome> StoreAsync(PresentationRequest request, PresentationAnswer answer, List<List<CriterionResult>> results, DateTime now, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await db.Set<PresentationResponse>().SingleOrDefaultAsync(r => r.RequestId == request.Id && r.HolderKey == answer.HolderKey, ct);
            if (response is null)
            {
                response = new PresentationResponse { Id = Guid.CreateVersion7(), RequestId = request.Id, HolderKey = answer.HolderKey, ReceivedAt = now };
                db.Add(response);
            }
            else response.AnswerCount++;
            response.HolderPersonId = answer.HolderPersonId;
            response.HolderName = answer.HolderName;
            response.Channel = answer.Channel;
            response.PresentationChecks = [.. answer.PresentationChecks];
            response.Credentials = [.. answer.Credentials];
            response.CriteriaResults = results;
            response.UpdatedAt = now;
            response.ExpiresAt = now.AddDays(request.RetentionDays);
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                await db.SaveChangesAsync(ct);
                if (!request.Reusable)
                    await db.Set<PresentationRequest>().Where(r => r.Id == request.Id && r.ClosedAt == null)
                        .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClosedAt, now), ct);
                if (answer.SessionId is { } sid)
                    await db.Set<PresentationSession>().Where(s => s.Id == sid).ExecuteUpdateAsync(s => s.SetProperty(x => x.ResponseId, response.Id), ct);
                await tx.CommitAsync(ct);
                return new AnswerOutcome(true, response.Id, null, null);
            }
            catch (DbUpdateException e) when (attempt == 0 && UniqueViolation.Is(e))
            {
                // The same holder answered twice at once: the other answer made the row; update it instead.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<AnswerOutcome> RefuseAsync(Guid? sessionId, string code, string message, CancellationToken ct, string? detail = null)
    {
        if (sessionId is { } sid)
            await db.Set<PresentationSession>().Where(s => s.Id == sid).ExecuteUpdateAsync(s => s.SetProperty(x => x.RefusalCode, code), ct);
        return AnswerOutcome.Refused(code, message, detail);
    }

    /// <summary>The learner-facing reason of a refusal in the current language (resx <c>Refusal_{code}</c>, with the detail).</summary>
    public static string Describe(AnswerOutcome outcome, IStringLocalizer<PresentationsText> t) =>
        outcome.RefusalCode is { } code ? t["Refusal_" + code, outcome.Detail ?? ""].Value : "";
}
