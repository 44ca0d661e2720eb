using Laurel.Features.Backpack.Imports;

namespace Laurel.Features.Pathways;

/// <summary>Where a credential fact comes from: an award issued in Laurel or a verified import.</summary>
public enum FactSource { Award, Import }

/// <summary>
/// What the evaluator knows about one credential the learner holds: awards in state Issued, and every import with what its
/// latest check found (status, recipient, proven issuer), so that an import that does not count can say why.
/// </summary>
public sealed record CredentialFact(
    Guid Id, FactSource Source, string Name, Guid? LineageId, string? AchievementUri, IReadOnlyList<string> AlignmentTargets,
    decimal? Credits, int? EqfLevel, string? IssuerName = null)
{
    /// <summary>Imports: the latest verification's outcome; only Valid counts.</summary>
    public ImportStatus Status { get; init; } = ImportStatus.Valid;
    /// <summary>Imports: whether it names the learner by a verified identity; only Matched counts (unknown until stated).</summary>
    public RecipientMatch Recipient { get; init; } = RecipientMatch.Unchecked;
    /// <summary>Imports: the issuer the verification proved (null when nothing ties the signature to an issuer).</summary>
    public string? ProvenIssuer { get; init; }
    /// <summary>Imports: the name of the Laurel:TrustedIssuers entry that trusts <see cref="ProvenIssuer"/>, if any.</summary>
    public string? TrustedAs { get; init; }
}

/// <summary>Why an import that names an item does not count for it (every reason that applies is given).</summary>
public enum NotCounted
{
    /// <summary>The latest verification was not Valid (revoked, suspended, expired, invalid, unreachable).</summary>
    NotValid,
    /// <summary>Nothing ties the signature to an issuer (e.g. a urn:uuid issuer), so no issuer can be trusted.</summary>
    IssuerUnproven,
    /// <summary>The proven issuer is not among the item's accepted issuers (or, when it names none, not on Laurel's trusted-issuer list).</summary>
    IssuerNotAccepted,
    /// <summary>The credential names someone, but none of the learner's verified identities.</summary>
    RecipientNotMatched,
    /// <summary>The recipient cannot be compared with the learner's verified identities (or was not checked yet).</summary>
    RecipientUnchecked,
    /// <summary>The credential names no recipient at all.</summary>
    RecipientNotStated,
}

/// <summary>An import that names an item but does not count for it, and why.</summary>
public sealed record RefusedFact(CredentialFact Fact, IReadOnlyList<NotCounted> Reasons);

/// <summary>The evaluator's view of a pathway item.</summary>
public sealed record ItemSpec(Guid Id, Guid? LineageId, string? ExternalUrl, bool Required, IReadOnlyList<string>? AcceptedIssuers = null)
{
    /// <summary>A Laurel item names awards of any version of its definition; an external one names imports by id or alignment.</summary>
    public bool Names(CredentialFact fact) => LineageId is { } lineage
        ? fact.Source == FactSource.Award && fact.LineageId == lineage
        : ExternalUrl is { } url && fact.Source == FactSource.Import
          && (string.Equals(fact.AchievementUri, url, StringComparison.Ordinal) || fact.AlignmentTargets.Contains(url, StringComparer.Ordinal));

    /// <summary>
    /// Why a credential this item names does not count (empty: it counts). An award of a Laurel item is signed by the Laurel
    /// institution that defined it, so it always counts. An import counts only when it verifies, its proven issuer is accepted
    /// by this item (or, for an item that names no issuers, on the trusted-issuer list), and it names the learner by a verified identity.
    /// </summary>
    public IReadOnlyList<NotCounted> Refusals(CredentialFact fact)
    {
        if (fact.Source == FactSource.Award) return [];
        var reasons = new List<NotCounted>();
        if (fact.Status != ImportStatus.Valid) reasons.Add(NotCounted.NotValid);
        if (fact.ProvenIssuer is null) reasons.Add(NotCounted.IssuerUnproven);
        else if (!IssuerAccepted(fact.ProvenIssuer, fact.TrustedAs)) reasons.Add(NotCounted.IssuerNotAccepted);
        switch (fact.Recipient)
        {
            case RecipientMatch.NotMatched: reasons.Add(NotCounted.RecipientNotMatched); break;
            case RecipientMatch.Unchecked: reasons.Add(NotCounted.RecipientUnchecked); break;
            case RecipientMatch.NotStated: reasons.Add(NotCounted.RecipientNotStated); break;
        }
        return reasons;
    }

    public bool Matches(CredentialFact fact) => Names(fact) && Refusals(fact).Count == 0;

    /// <summary>
    /// Whether this item accepts the proven issuer. An item whose staff named accepted issuers accepts only those: the
    /// operator's registry (<c>Laurel:TrustedIssuers</c>) must not let a registry partner, or anyone holding one of its
    /// badges, claim an achievement id another issuer owns. The registry applies only to items that name none.
    /// </summary>
    private bool IssuerAccepted(string provenIssuer, string? trustedAs) => AcceptedIssuers is { Count: > 0 } accepted
        ? accepted.Any(e => IssuerMatcher.Matches(e, provenIssuer))
        : trustedAs is not null;
}

/// <summary>The requirements of a pathway as data.</summary>
public sealed record PathwaySpec(IReadOnlyList<ItemSpec> Items, int? MinItems, decimal? MinCredits, int? MinEqfLevel, int MinEqfCount)
{
    public static PathwaySpec From(Pathway p) => new(
        [.. p.Items.OrderBy(i => i.Position).Select(i => new ItemSpec(i.Id, i.LineageId, i.ExternalUrl, i.Required, i.AcceptedIssuers))],
        p.MinItems, p.MinCredits, p.MinEqfLevel, p.MinEqfCount);
}

public enum RequirementKind { MinItems, MinCredits, MinEqf, RequiredItems }

/// <summary>One requirement: met or not, how far (<see cref="Current"/> of <see cref="Target"/>) and which credentials counted.</summary>
public sealed record RequirementProgress(RequirementKind Kind, bool Met, decimal Current, decimal Target, IReadOnlyList<CredentialFact> Counted,
    int? EqfLevel = null);

/// <summary>An item, the learner's credential that fills it (if any), and the imports that name it but do not count.</summary>
public sealed record ItemProgress(ItemSpec Item, CredentialFact? Match, IReadOnlyList<RefusedFact> Refused);

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
        var items = spec.Items.Select(i => new ItemProgress(i, matches[i],
            [.. facts.Where(f => i.Names(f)).Select(f => new RefusedFact(f, i.Refusals(f))).Where(r => r.Reasons.Count > 0)])).ToList();
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
