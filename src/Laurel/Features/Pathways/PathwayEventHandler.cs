using Laurel.Features.Awards.Events;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Pathways;

/// <summary>
/// Re-evaluates the pathways of learners whose awards changed, from the committed award events (<see cref="AwardEventProcessor"/>),
/// so a completion award is made even when the node that made the change stopped right after it. One cheap query first: only
/// learners whose changed definition a published pathway with a completion award lists are evaluated (a 10,000-row bulk upload of
/// an unlisted definition costs that one query). The completion award is an award event itself; the loop evaluates again at once
/// so chained pathways complete in the same pass.
/// </summary>
public sealed class PathwayEventHandler(IServiceScopeFactory scopes, ILogger<PathwayEventHandler> log) : IAwardEventHandler
{
    public async Task HandleAsync(IReadOnlyList<AwardEvent> events, CancellationToken ct)
    {
        var learners = events.Where(e => e.PersonId is not null).ToList();
        if (learners.Count == 0) return;
        List<Guid> persons;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
            var ids = learners.Select(e => e.AchievementId).Distinct().ToList();
            var lineages = await db.Achievements.Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.LineageId, ct);
            var lineageIds = lineages.Values.Distinct().ToList();
            var listed = await db.PathwayItems.Where(i => (i.AchievementId != null && ids.Contains(i.AchievementId.Value))
                    || (i.LineageId != null && lineageIds.Contains(i.LineageId.Value)))
                .Where(i => db.Pathways.Any(p => p.Id == i.PathwayId && p.Status == PathwayStatus.Published && p.ArchivedAt == null
                    && p.CompletionAchievementId != null))
                .Select(i => new { i.AchievementId, i.LineageId }).ToListAsync(ct);
            persons = [.. learners.Where(e => listed.Any(i => i.AchievementId == e.AchievementId
                    || (i.LineageId is { } l && lineages.TryGetValue(e.AchievementId, out var own) && own == l)))
                .Select(e => e.PersonId!.Value).Distinct()];
        }
        var failed = 0;
        foreach (var personId in persons)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<PathwayCompletion>().EvaluateChainedAsync(personId, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Evaluating pathways for {PersonId} failed", personId);
                failed++;
            }
        }
        // The events stay unprocessed and are tried again (evaluation awards each completion once, so repeating it is safe).
        if (failed > 0) throw new InvalidOperationException($"Evaluating pathways failed for {failed} learner(s).");
    }
}
