using Laurel.Features.Achievements;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Pathways;

/// <summary>A pathway in a list: with its institution, number of items and the credential it leads to (for the card's image).</summary>
public sealed record PathwaySummary(Pathway Pathway, Institution Institution, int ItemCount, Achievement? Completion = null);

/// <summary>An item as shown: the Laurel achievement (with issuer and institution) or the external label and URL.</summary>
public sealed record PathwayItemView(PathwayItem Item, Achievement? Achievement);

/// <summary>Everything a pathway page shows.</summary>
public sealed record PathwayView(Pathway Pathway, Institution Institution, IReadOnlyList<PathwayItemView> Items, Achievement? Completion)
{
    public IEnumerable<PathwayItemView> RequiredItems => Items.Where(i => i.Item.Required);
}

/// <summary>Published pathways for everyone (catalog-style list and pages) and, for a signed-in learner, their progress.</summary>
public sealed class PathwayCatalog(LaurelDb db, PathwayFacts facts)
{
    public Task<List<Institution>> InstitutionsAsync(CancellationToken ct) =>
        db.Institutions.AsNoTracking().Where(i => db.Pathways.Any(p => p.InstitutionId == i.Id && p.Status == PathwayStatus.Published && p.ArchivedAt == null))
            .OrderBy(i => i.NameNl).ToListAsync(ct);

    public async Task<List<PathwaySummary>> SearchAsync(string? institutionSlug, string? q, CancellationToken ct)
    {
        var query = Published();
        if (!string.IsNullOrWhiteSpace(institutionSlug))
            query = query.Where(p => db.Institutions.Any(i => i.Id == p.InstitutionId && i.Slug == institutionSlug));
        if (q?.Trim().ToLowerInvariant() is { Length: > 0 } text)
            query = query.Where(p => p.NameNl.ToLower().Contains(text) || p.NameEn.ToLower().Contains(text)
                || p.DescriptionNl.ToLower().Contains(text) || p.DescriptionEn.ToLower().Contains(text));
        var rows = await query.OrderBy(p => p.NameNl).Take(200)
            .Select(p => new { Pathway = p, Institution = db.Institutions.First(i => i.Id == p.InstitutionId), Count = p.Items.Count })
            .ToListAsync(ct);
        // Only public completion credentials: their image is served by /catalog/{id}/image.
        var completionIds = rows.Select(r => r.Pathway.CompletionAchievementId).OfType<Guid>().Distinct().ToList();
        var completions = await db.Achievements.AsNoTracking()
            .Where(a => completionIds.Contains(a.Id) && a.Status == AchievementStatus.Published && a.ArchivedAt == null)
            .ToDictionaryAsync(a => a.Id, ct);
        return [.. rows.Select(r => new PathwaySummary(r.Pathway, r.Institution, r.Count,
            r.Pathway.CompletionAchievementId is { } c ? completions.GetValueOrDefault(c) : null))];
    }

    /// <summary>A published pathway, or null (drafts, archived and unknown ids all give 404).</summary>
    public async Task<PathwayView?> FindPublishedAsync(Guid id, CancellationToken ct)
    {
        var pathway = await Published().Include(p => p.Items).FirstOrDefaultAsync(p => p.Id == id, ct);
        return pathway is null ? null : await ViewAsync(pathway, ct);
    }

    public async Task<PathwayView> ViewAsync(Pathway pathway, CancellationToken ct)
    {
        var ids = pathway.Items.Select(i => i.AchievementId).Append(pathway.CompletionAchievementId).OfType<Guid>().ToList();
        var achievements = await db.Achievements.AsNoTracking().Include(a => a.Issuer!).ThenInclude(i => i.Faculty!).ThenInclude(f => f.Institution)
            .Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        var institution = await db.Institutions.AsNoTracking().FirstAsync(i => i.Id == pathway.InstitutionId, ct);
        var items = pathway.Items.OrderBy(i => i.Position)
            .Select(i => new PathwayItemView(i, i.AchievementId is { } a ? achievements.GetValueOrDefault(a) : null)).ToList();
        return new PathwayView(pathway, institution, items,
            pathway.CompletionAchievementId is { } c ? achievements.GetValueOrDefault(c) : null);
    }

    /// <summary>The learner's progress on one pathway.</summary>
    public async Task<PathwayProgress> ProgressAsync(Pathway pathway, Guid personId, CancellationToken ct) =>
        PathwayEvaluator.Evaluate(PathwaySpec.From(pathway), await facts.LoadAsync(personId, ct));

    /// <summary>Every published pathway the learner holds at least one item of, with progress.</summary>
    public async Task<List<(PathwayView View, PathwayProgress Progress)>> ForLearnerAsync(Guid personId, CancellationToken ct)
    {
        var held = await facts.LoadAsync(personId, ct);
        var result = new List<(PathwayView, PathwayProgress)>();
        foreach (var pathway in await facts.CandidatesAsync(held, withCompletionOnly: false, ct))
            result.Add((await ViewAsync(pathway, ct), PathwayEvaluator.Evaluate(PathwaySpec.From(pathway), held)));
        return [.. result.OrderBy(r => r.Item2.Complete).ThenBy(r => r.Item1.Pathway.NameNl)];
    }

    private IQueryable<Pathway> Published() =>
        db.Pathways.AsNoTracking().Where(p => p.Status == PathwayStatus.Published && p.ArchivedAt == null);
}
