using Laurel.Features.Awards;
using Laurel.Features.Backpack.Imports;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Presentations.Answers;

/// <summary>A backpack entry a learner may answer with: verified now, with the criteria applied to it.</summary>
public sealed record AnswerCandidate(string Key, PresentedCredential Credential, IReadOnlyList<CriterionResult> Results)
{
    /// <summary>Valid, the learner's own, and meeting every criterion: it can be sent.</summary>
    public bool Selectable => Credential.Valid && Credential.BoundToHolder && Results.All(r => r.Met);
}

/// <summary>
/// The learner's issued awards and valid imports as candidates for one request (<see cref="BackpackCredentials"/> checks ownership
/// and verifies each), meeting ones first. Form values are <c>award:{id}</c> or <c>import:{id}</c>.
/// </summary>
public sealed class AnswerCandidates(LaurelDb db, BackpackCredentials backpack)
{
    /// <summary>A backpack holds a few dozen badges; more are not offered (each is verified on the page).</summary>
    public const int Max = 60;

    public async Task<List<AnswerCandidate>> ListAsync(Guid personId, PresentationRequest request, CancellationToken ct)
    {
        var awards = await db.Awards.AsNoTracking().Where(a => a.RecipientPersonId == personId && a.State == AwardState.Issued)
            .Select(a => a.Id).Take(Max).ToListAsync(ct);
        var imports = await db.ImportedCredentials.AsNoTracking().Where(i => i.PersonId == personId && i.Status == ImportStatus.Valid)
            .Select(i => i.Id).Take(Max).ToListAsync(ct);
        var list = new List<AnswerCandidate>();
        foreach (var id in awards)
            if (await backpack.FromAwardAsync(personId, id, [], ct) is { } c) list.Add(new("award:" + id, c, request.Criteria.Evaluate(c.Facts)));
        foreach (var id in imports)
            if (await backpack.FromImportAsync(personId, id, [], ct) is { } c) list.Add(new("import:" + id, c, request.Criteria.Evaluate(c.Facts)));
        return [.. list.OrderByDescending(c => c.Selectable).ThenBy(c => c.Credential.Facts.AchievementName, StringComparer.CurrentCultureIgnoreCase)];
    }

    /// <summary>One chosen entry with the facts the learner shares, or null when the key is malformed or the entry is not theirs.</summary>
    public async Task<PresentedCredential?> ChosenAsync(Guid personId, string key, IReadOnlyCollection<DisclosedFact> share, CancellationToken ct)
    {
        var parts = key.Split(':', 2);
        if (parts.Length != 2 || !Guid.TryParse(parts[1], out var id)) return null;
        return parts[0] switch
        {
            "award" => await backpack.FromAwardAsync(personId, id, share, ct),
            "import" => await backpack.FromImportAsync(personId, id, share, ct),
            _ => null,
        };
    }
}
