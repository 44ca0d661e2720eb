using System.Security.Claims;
using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Backpack;
using Laurel.Features.Identity;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Pathways;

/// <summary>
/// Awards completion achievements of the pathways a learner has just completed. The award goes through
/// <see cref="AwardPolicy"/> and <see cref="AwardService"/> like every other award; the actor is the pathway itself in the
/// owning institution's name. Its authority comes from the staff member who configured the pathway (checked then: they must
/// hold the Award right on the completion achievement), so the policy's staff-right check is the one rule not applied here.
/// </summary>
public sealed class PathwayCompletion(LaurelDb db, TimeProvider clock, PathwayFacts facts, AwardPolicy policy, AwardService awards,
    AuditLog audit, PublicOrigin origin, ILogger<PathwayCompletion> log)
{
    public const string Client = "pathways";

    private const int MaxPasses = 5;

    /// <summary>
    /// Evaluates until nothing more completes (at most five passes): a completion award can itself be an item of another pathway.
    /// </summary>
    public async Task EvaluateChainedAsync(Guid personId, CancellationToken ct)
    {
        for (var pass = 0; pass < MaxPasses && await EvaluateAsync(personId, ct) > 0; pass++) { }
    }

    /// <summary>Evaluates the learner's candidate pathways; returns how many completion awards were made.</summary>
    public async Task<int> EvaluateAsync(Guid personId, CancellationToken ct)
    {
        var held = await facts.LoadAsync(personId, ct);
        var candidates = await facts.CandidatesAsync(held, withCompletionOnly: true, ct);
        var awarded = 0;
        foreach (var pathway in candidates)
        {
            var progress = PathwayEvaluator.Evaluate(PathwaySpec.From(pathway), held);
            if (progress.Complete && await AwardAsync(pathway, personId, progress, ct)) awarded++;
        }
        return awarded;
    }

    private async Task<bool> AwardAsync(Pathway pathway, Guid personId, PathwayProgress progress, CancellationToken ct)
    {
        var chosen = await db.Achievements.AsNoTracking().Where(a => a.Id == pathway.CompletionAchievementId)
            .Select(a => new { a.LineageId }).FirstOrDefaultAsync(ct);
        if (chosen is null) return false;
        // Once per learner, whatever became of it: a revoked, declined or expired completion award is not handed out again.
        if (await db.Awards.AnyAsync(a => a.RecipientPersonId == personId && a.Achievement!.LineageId == chosen.LineageId, ct)) return false;
        // Staff may have published a newer version of the completion achievement since choosing it.
        var current = await db.Achievements.AsNoTracking()
            .Where(a => a.LineageId == chosen.LineageId && a.InstitutionId == pathway.InstitutionId && a.Status == AchievementStatus.Published
                && a.ArchivedAt == null)
            .OrderByDescending(a => a.Version).Select(a => new { a.Id, a.Language }).FirstOrDefaultAsync(ct);
        var person = await db.Persons.AsNoTracking().Include(p => p.Identities).FirstOrDefaultAsync(p => p.Id == personId && p.ArchivedAt == null, ct);
        if (current is null || person is null) return false;

        // Only a verified address names the learner in the credential (issue 12), otherwise their eduID subject.
        var (identityType, identity) = person.EmailVerification.IsVerified() && person.Email is { Length: > 0 } email ? (RecipientTypes.EmailAddress, email)
            : (RecipientTypes.Identifier, person.Identities.OrderBy(i => i.LinkedAt).Select(i => i.Subject).FirstOrDefault() ?? person.Id.ToString());
        var counted = progress.Items.Where(i => i.Match is not null).Select(i => i.Match!.Name).ToList();
        var request = new AwardRequest
        {
            AchievementId = current.Id, RecipientPersonId = person.Id, RecipientIdentity = identity, RecipientIdentityType = identityType,
            CompletedOn = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime),
            // The narrative is signed into the credential: in the completion achievement's own language.
            Narrative = current.Language == "en"
                ? $"Completed the pathway \"{pathway.NameEn}\" with: {string.Join("; ", counted)}."
                : $"Leerpad \"{pathway.NameNl}\" afgerond met: {string.Join("; ", counted)}.",
            Evidence = [new AwardEvidence { Url = origin.Url($"/pathways/{pathway.Id}"), Name = pathway.NameEn }],
            Client = Client,
        };
        var actor = Actor(pathway);
        var verdict = await policy.CheckAsync(actor, request, ct);
        var problems = verdict.Errors.Where(e => e.Key != AwardPolicy.RightKey).ToList();
        if (problems.Count > 0 || verdict.Achievement is null)
        {
            log.LogWarning("Pathway {PathwayId} completed by {PersonId}, but the award policy refused the completion award: {Problems}",
                pathway.Id, personId, string.Join("; ", problems.SelectMany(p => p.Value)));
            return false;
        }
        var outcome = await awards.StoreAsync(actor, request, verdict.Achievement, verdict.Recipient, ct);
        if (outcome?.Award is not { } award) return false; // a concurrent evaluation awarded it first (unique held-award index)
        audit.Add(actor, "pathway.completed", nameof(Pathway), pathway.Id, pathway.InstitutionId,
            new { personId, awardId = award.Id, achievementId = current.Id, counted = progress.Items.Where(i => i.Match is not null).Select(i => i.Match!.Id) },
            Client);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The system actor: no person, named after the pathway (the audit trail shows it as the actor).</summary>
    public static ClaimsPrincipal Actor(Pathway pathway) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, $"pathway:{pathway.Id}"), new Claim("institution_id", pathway.InstitutionId.ToString())],
            authenticationType: Client));
}

/// <summary>
/// Re-evaluates a learner's pathways when they import or remove an imported credential (award changes reach pathways through
/// their durable events instead: <see cref="PathwayEventHandler"/>). Works in its own scope (its own unit of work), never fails the
/// caller (the change itself is already saved), and loops so chained pathways complete too.
/// </summary>
public sealed class PathwayBackpackListener(IServiceScopeFactory scopes, ILogger<PathwayBackpackListener> log) : IBackpackListener
{
    private static readonly AsyncLocal<bool> Evaluating = new();

    public async Task CredentialsChangedAsync(Guid personId, CancellationToken ct)
    {
        if (Evaluating.Value) return;
        Evaluating.Value = true;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<PathwayCompletion>().EvaluateChainedAsync(personId, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Evaluating pathways for {PersonId} failed", personId);
        }
        finally
        {
            Evaluating.Value = false;
        }
    }
}
