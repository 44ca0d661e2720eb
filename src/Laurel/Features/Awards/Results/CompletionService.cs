using System.Security.Claims;
using System.Text.Json.Nodes;
using Laurel.Features.Awards.Direct;
using Laurel.Features.Awards.Policy;
using Laurel.Features.Identity.ApiClients;
using Laurel.Features.Publishing;
using Laurel.Features.Publishing.Keys;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Awards.Completions;

/// <summary>The answer for one completion: an HTTP status and either the award or a problem.</summary>
public sealed record CompletionResult(int Status, CompletionResponse? Award, ProblemDetails? Problem);

/// <summary>
/// Turns one reported completion into an award through <see cref="AwardService"/> (so <see cref="AwardPolicy"/> decides), at most
/// once per learner + achievement + completion date: the <see cref="Completion"/> row is claimed before awarding and its unique
/// index makes concurrent retries wait for the first one's award instead of awarding again.
/// </summary>
public sealed class CompletionService(LaurelDb db, TimeProvider clock, AwardService awards, AwardPolicy policy, RecipientResolver recipients,
    PublicOrigin origin, IStringLocalizer<ResultsText> t)
{
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    public async Task<CompletionResult> ProcessAsync(ClaimsPrincipal client, JsonNode? item, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var read = CompletionReader.Read(item, t);
        var errors = new Dictionary<string, List<string>>(read.Errors);
        var achievement = read.AchievementId is { } achievementId ? await awards.FindAchievementAsync(achievementId, ct) : null;
        if (read.AchievementId is not null && achievement is null)
            return Problem(StatusCodes.Status404NotFound, t["Problem_AchievementUnknown"].Value);
        if (achievement is not null && achievement.InstitutionId != ApiClientAuthentication.InstitutionId(client))
            return Problem(StatusCodes.Status403Forbidden, t["Problem_OtherInstitution"].Value);

        ResolvedRecipient? recipient = null;
        if (achievement is not null && read.LearnerKind is { } kind && read.LearnerId is { } learnerId && !errors.ContainsKey("learner.id"))
        {
            recipient = await recipients.ResolveAsync(kind, learnerId, achievement.Issuer!.Faculty!.Institution!.Identifier, ct);
            if (recipient is null) Add(errors, "learner.id", t["Read_EduIdUnknown"].Value);
        }
        var request = new AwardRequest
        {
            AchievementId = achievement?.Id ?? Guid.Empty, RecipientPersonId = recipient?.Person?.Id, RecipientIdentity = recipient?.Identity ?? "",
            RecipientIdentityType = recipient?.IdentityType ?? RecipientTypes.EmailAddress, CompletedOn = read.CompletedOn, Grade = read.Grade,
            Narrative = read.Narrative, Evidence = read.Evidence, Client = "api:" + ClientId(client),
        };
        var learnerKey = recipient is null ? null : $"{request.RecipientIdentityType}:{AwardPolicy.Identity(request)}";

        // Reported before (even if revoked since): the same award, never a second one.
        if (achievement is not null && learnerKey is not null && read.CompletedOn is { } day && errors.Count == 0
            && await FindCompletedAsync(achievement.Id, learnerKey, day, ct) is { } earlier)
            return await ExistingAsync(earlier, ct);

        var actor = ResultsActor.For(client);
        var verdict = achievement is null ? null : await policy.CheckAsync(actor, request, ct);
        if (verdict?.Errors.ContainsKey(AwardService.RightKey) == true)
            return Problem(StatusCodes.Status403Forbidden, verdict.Errors[AwardService.RightKey][0]);
        foreach (var (key, messages) in verdict?.Errors ?? [])
        {
            var path = CompletionReader.PathOf(key);
            if (!errors.ContainsKey(path)) errors[path] = messages;
        }
        if (errors.Count > 0)
        {
            // The learner already holds this award for this very completion (e.g. awarded by staff): that is the answer.
            if (errors.Keys.All(k => k == "learner.id") && verdict is not null && await HeldForSameCompletionAsync(request, ct) is { } held)
                return await RecordAndAnswerExistingAsync(achievement!, learnerKey!, request, held, ClientId(client), ct);
            // Unreadable or missing fields are a bad request; readable ones the policy refuses are unprocessable.
            return Validation(read.Errors.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status422UnprocessableEntity, errors);
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var claim = await ClaimAsync(achievement!, learnerKey!, read.CompletedOn!.Value, ClientId(client), ct);
            if (claim.Existing is { } awardId) return await ExistingAsync(awardId, ct);
            if (claim.ClaimId is not { } claimId) continue; // the other claimer gave up: try again
            AwardOutcome? outcome = null;
            try
            {
                outcome = await awards.StoreAsync(actor, request, achievement!, verdict!.Recipient, ct);
            }
            finally
            {
                if (outcome?.Succeeded == true)
                    await db.Completions.Where(c => c.Id == claimId).ExecuteUpdateAsync(s => s.SetProperty(c => c.AwardId, outcome.Award!.Id)
                        .SetProperty(c => c.ClaimedUntil, (DateTime?)null), CancellationToken.None);
                else await db.Completions.Where(c => c.Id == claimId && c.AwardId == null).ExecuteDeleteAsync(CancellationToken.None);
            }
            if (outcome is null) // another flow stored the same learner's award first (unique index on held awards)
                return await HeldForSameCompletionAsync(request, ct) is { } held
                    ? await RecordAndAnswerExistingAsync(achievement!, learnerKey!, request, held, ClientId(client), ct)
                    : Validation(StatusCodes.Status422UnprocessableEntity, new() { ["learner.id"] = [t["Problem_AlreadyAwarded"].Value] });
            return new CompletionResult(StatusCodes.Status201Created, Answer(outcome.Award!, existing: false), null);
        }
        return Problem(StatusCodes.Status409Conflict, t["Problem_Busy"].Value);
    }

    private sealed record Claim(Guid? ClaimId, Guid? Existing);

    // Inserts the natural key; when another caller has it, waits for its award (or for it to give up).
    private async Task<Claim> ClaimAsync(Achievements.Achievement a, string learnerKey, DateOnly completedOn, string clientId, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var row = new Completion
            {
                Id = Guid.CreateVersion7(), InstitutionId = a.InstitutionId, AchievementId = a.Id, LearnerKey = learnerKey, CompletedOn = completedOn,
                ClientId = clientId, ClaimedUntil = now + ClaimLifetime, CreatedAt = now,
            };
            db.Completions.Add(row);
            try
            {
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                return new Claim(row.Id, null);
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e))
            {
                db.ChangeTracker.Clear();
            }
            var other = await db.Completions.AsNoTracking()
                .FirstOrDefaultAsync(c => c.AchievementId == a.Id && c.LearnerKey == learnerKey && c.CompletedOn == completedOn, ct);
            if (other is null) return new Claim(null, null);
            if (other.AwardId is { } awardId) return new Claim(null, awardId);
            if (other.ClaimedUntil < now) // its claimer died: free the key and try again
                await db.Completions.Where(c => c.Id == other.Id && c.AwardId == null && c.ClaimedUntil == other.ClaimedUntil).ExecuteDeleteAsync(ct);
            else if (clock.GetUtcNow() - started > MaxWait) return new Claim(null, null);
            else await Task.Delay(TimeSpan.FromMilliseconds(40), ct);
        }
    }

    private Task<Guid?> FindCompletedAsync(Guid achievementId, string learnerKey, DateOnly completedOn, CancellationToken ct) =>
        db.Completions.Where(c => c.AchievementId == achievementId && c.LearnerKey == learnerKey && c.CompletedOn == completedOn && c.AwardId != null)
            .Select(c => c.AwardId).FirstOrDefaultAsync(ct);

    private async Task<Award?> HeldForSameCompletionAsync(AwardRequest r, CancellationToken ct)
    {
        var identity = AwardPolicy.Identity(r);
        return await db.Awards.Held().AsNoTracking().Where(w => w.AchievementId == r.AchievementId && w.CompletedOn == r.CompletedOn
                && (w.RecipientIdentity == identity || (r.RecipientPersonId != null && w.RecipientPersonId == r.RecipientPersonId)))
            .FirstOrDefaultAsync(ct);
    }

    private async Task<CompletionResult> RecordAndAnswerExistingAsync(Achievements.Achievement a, string learnerKey, AwardRequest r, Award held,
        string clientId, CancellationToken ct)
    {
        db.Completions.Add(new Completion
        {
            Id = Guid.CreateVersion7(), InstitutionId = a.InstitutionId, AchievementId = a.Id, LearnerKey = learnerKey, CompletedOn = r.CompletedOn!.Value,
            AwardId = held.Id, ClientId = clientId, CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            db.ChangeTracker.Clear(); // recorded by a concurrent retry
        }
        return new CompletionResult(StatusCodes.Status200OK, Answer(held, existing: true), null);
    }

    private async Task<CompletionResult> ExistingAsync(Guid awardId, CancellationToken ct)
    {
        var award = await db.Awards.AsNoTracking().FirstAsync(w => w.Id == awardId, ct);
        return new CompletionResult(StatusCodes.Status200OK, Answer(award, existing: true), null);
    }

    private CompletionResponse Answer(Award award, bool existing) => new(award.Id, StateName(award.State), award.AchievementId, award.CompletedOn,
        award.IssuedAt, existing, new CompletionLinks(origin.Url($"/badges/{award.Id}"), origin.Url($"/manage/awards/{award.Id}"),
            origin.Url($"/manage/awards/{award.Id}/credential.json")));

    /// <summary>The API's name for an award state: issued, awaitingClaim, revoked, …</summary>
    public static string StateName(AwardState state) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(state.ToString());

    public static string ClientId(ClaimsPrincipal client) => client.FindFirstValue(ApiClientAuthentication.ClientIdClaim) ?? "api";

    private static void Add(Dictionary<string, List<string>> errors, string path, string message) =>
        (errors.TryGetValue(path, out var l) ? l : errors[path] = []).Add(message);

    private static CompletionResult Problem(int status, string title) =>
        new(status, null, new ProblemDetails { Status = status, Title = title, Type = $"https://httpstatuses.io/{status}" });

    private CompletionResult Validation(int status, Dictionary<string, List<string>> errors) =>
        new(status, null, new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()))
        {
            Status = status, Title = t["Problem_Validation"].Value, Type = $"https://httpstatuses.io/{status}",
        });
}

/// <summary>
/// The results API is guarded by scope <c>results:write</c>; the award policy speaks of <c>awards:write</c>. A client granted
/// results:write may award the completions it reports, so the policy sees that scope for this API only.
/// </summary>
public static class ResultsActor
{
    public static ClaimsPrincipal For(ClaimsPrincipal client)
    {
        if (client.HasClaim(ApiClientAuthentication.ScopeClaim, ApiScopes.AwardsWrite)) return client;
        var identity = new ClaimsIdentity(client.Identity as ClaimsIdentity);
        identity.AddClaim(new Claim(ApiClientAuthentication.ScopeClaim, ApiScopes.AwardsWrite));
        return new ClaimsPrincipal(identity);
    }
}
