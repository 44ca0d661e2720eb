namespace Laurel.Features.Recognition.Applications;

/// <summary>What the rules propose for one course: the outcome, the badge it rests on (none for Refuse), and per badge the best rule's results.</summary>
public sealed record ExemptionProposal(ExemptionOutcome Outcome, Guid? BadgeId, IReadOnlyList<ProposalReason> Reasons);

/// <summary>
/// The proposal engine: for a course and the badges of an application, every rule's criteria applied to every badge. A valid badge
/// that meets a full rule proposes Grant; failing that, one that meets a partial rule proposes Partial; otherwise Refuse. A badge
/// that failed a check (signature, status, dates, …) is reasoned about but never grounds a proposal. The exam board decides; this
/// only pre-fills.
/// </summary>
public static class ExemptionProposals
{
    public static ExemptionProposal Propose(RecognitionCourse course, IReadOnlyList<ApplicationBadge> badges)
    {
        var reasons = new List<ProposalReason>();
        (Guid Badge, int Rule)? grant = null, partial = null;
        foreach (var badge in badges)
        {
            var evaluated = course.Rules.Select((rule, index) => (Rule: rule, Index: index, Results: rule.Criteria.Evaluate(badge.Facts))).ToList();
            if (evaluated.Count == 0) continue;
            // The best rule for this badge: one it meets (a full one before a partial one), else the one with most criteria met.
            var best = evaluated
                .OrderByDescending(e => e.Results.All(r => r.Met))
                .ThenBy(e => e.Results.All(r => r.Met) && e.Rule.Partial)
                .ThenByDescending(e => e.Results.Count(r => r.Met))
                .ThenBy(e => e.Results.Count(r => !r.Met))
                .ThenBy(e => e.Index)
                .First();
            reasons.Add(new ProposalReason(badge.Id, best.Index, best.Results));
            if (!IsValid(badge)) continue;
            if (grant is null && evaluated.FirstOrDefault(e => !e.Rule.Partial && e.Results.All(r => r.Met)) is { Rule: not null } full)
                grant = (badge.Id, full.Index);
            if (partial is null && evaluated.FirstOrDefault(e => e.Rule.Partial && e.Results.All(r => r.Met)) is { Rule: not null } part)
                partial = (badge.Id, part.Index);
        }
        if (grant is { } g) return new ExemptionProposal(ExemptionOutcome.Grant, g.Badge, reasons);
        if (partial is { } p) return new ExemptionProposal(ExemptionOutcome.Partial, p.Badge, reasons);
        return new ExemptionProposal(ExemptionOutcome.Refuse, null, reasons);
    }

    /// <summary>Writes the proposal onto the item (what the learner and the exam board see).</summary>
    public static void Apply(ExemptionItem item, RecognitionCourse course, IReadOnlyList<ApplicationBadge> badges)
    {
        var proposal = Propose(course, badges);
        item.ProposedOutcome = proposal.Outcome;
        item.ProposedBadgeId = proposal.BadgeId;
        item.ProposalReasons = [.. proposal.Reasons];
    }

    /// <summary>Every check passed when it was verified (and there was at least one check).</summary>
    public static bool IsValid(ApplicationBadge badge) => badge.Checks.Count > 0 && badge.Checks.All(c => c.Passed);
}
