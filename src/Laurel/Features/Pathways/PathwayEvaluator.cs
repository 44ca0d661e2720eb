namespace Laurel.Features.Pathways;

/// <summary>Where a credential fact comes from: an award issued in Laurel or a verified import.</summary>
public enum FactSource { Award, Import }

/// <summary>
/// What the evaluator knows about one credential the learner holds. Only credentials that count are facts: awards in state
/// Issued and imports whose latest verification is Valid (the loader filters).
/// </summary>
public sealed record CredentialFact(
    Guid Id, FactSource Source, string Name, Guid? LineageId, string? AchievementUri, IReadOnlyList<string> AlignmentTargets,
    decimal? Credits, int? EqfLevel, string? IssuerName = null);

/// <summary>The evaluator's view of a pathway item.</summary>
public sealed record ItemSpec(Guid Id, Guid? LineageId, string? ExternalUrl, bool Required)
{
    /// <summary>A Laurel item matches awards of any version of its definition; an external one matches imports by id or alignment.</summary>
    public bool Matches(CredentialFact fact) => LineageId is { } lineage
        ? fact.Source == FactSource.Award && fact.LineageId == lineage
        : ExternalUrl is { } url && fact.Source == FactSource.Import
          && (string.Equals(fact.AchievementUri, url, StringComparison.Ordinal) || fact.AlignmentTargets.Contains(url, StringComparer.Ordinal));
}

/// <summary>The requirements of a pathway as data.</summary>
public sealed record PathwaySpec(IReadOnlyList<ItemSpec> Items, int? MinItems, decimal? MinCredits, int? MinEqfLevel, int MinEqfCount)
{
    public static PathwaySpec From(Pathway p) => new(
        [.. p.Items.OrderBy(i => i.Position).Select(i => new ItemSpec(i.Id, i.LineageId, i.ExternalUrl, i.Required))],
        p.MinItems, p.MinCredits, p.MinEqfLevel, p.MinEqfCount);
}

public enum RequirementKind { MinItems, MinCredits, MinEqf, RequiredItems }

/// <summary>One requirement: met or not, how far (<see cref="Current"/> of <see cref="Target"/>) and which credentials counted.</summary>
public sealed record RequirementProgress(RequirementKind Kind, bool Met, decimal Current, decimal Target, IReadOnlyList<CredentialFact> Counted,
    int? EqfLevel = null);

/// <summary>An item and the learner's credential that fills it, if any.</summary>
public sealed record ItemProgress(ItemSpec Item, CredentialFact? Match);

public sealed record PathwayProgress(IReadOnlyList<ItemProgress> Items, IReadOnlyList<RequirementProgress> Requirements)
{
    public int HeldCount => Items.Count(i => i.Match is not null);
    /// <summary>Complete when there is something to meet, it is all met, and the learner holds at least one item.</summary>
    public bool Complete => Requirements.Count > 0 && Requirements.All(r => r.Met) && HeldCount > 0;
}

/// <summary>
/// Decides a learner's progress on a pathway from their credential facts. Pure (no database, no clock), so every rule is
/// unit-tested. Each credential fills at most one item; required items choose first, and an item takes the matching credential
/// with the most EC (then the highest EQF level), so the totals are never understated by a poor choice.
/// </summary>
public static class PathwayEvaluator
{
    public static PathwayProgress Evaluate(PathwaySpec spec, IReadOnlyList<CredentialFact> facts)
    {
        var used = new HashSet<CredentialFact>(ReferenceEqualityComparer.Instance);
        var matches = new Dictionary<ItemSpec, CredentialFact?>(ReferenceEqualityComparer.Instance);
        foreach (var item in spec.Items.Where(i => i.Required).Concat(spec.Items.Where(i => !i.Required)))
        {
            var best = facts.Where(f => !used.Contains(f) && item.Matches(f))
                .OrderByDescending(f => f.Credits ?? 0).ThenByDescending(f => f.EqfLevel ?? 0).FirstOrDefault();
            if (best is not null) used.Add(best);
            matches[item] = best;
        }
        var items = spec.Items.Select(i => new ItemProgress(i, matches[i])).ToList();
        var held = items.Where(i => i.Match is not null).Select(i => i.Match!).ToList();

        var requirements = new List<RequirementProgress>();
        if (spec.MinItems is { } minItems)
            requirements.Add(new(RequirementKind.MinItems, held.Count >= minItems, held.Count, minItems, held));
        if (spec.MinCredits is { } minCredits)
        {
            var counted = held.Where(f => f.Credits > 0).ToList();
            var total = counted.Sum(f => f.Credits!.Value);
            requirements.Add(new(RequirementKind.MinCredits, total >= minCredits, total, minCredits, counted));
        }
        if (spec.MinEqfLevel is { } level)
        {
            var counted = held.Where(f => f.EqfLevel >= level).ToList();
            requirements.Add(new(RequirementKind.MinEqf, counted.Count >= spec.MinEqfCount, counted.Count, spec.MinEqfCount, counted, level));
        }
        var required = items.Where(i => i.Item.Required).ToList();
        if (required.Count > 0)
        {
            var counted = required.Where(i => i.Match is not null).Select(i => i.Match!).ToList();
            requirements.Add(new(RequirementKind.RequiredItems, counted.Count == required.Count, counted.Count, required.Count, counted));
        }
        return new PathwayProgress(items, requirements);
    }
}
