using Laurel.Features.Presentations;
using Laurel.Features.Recognition;
using Laurel.Features.Recognition.Applications;

namespace Laurel.Tests.Recognition.Applications;

/// <summary>The proposal engine with rules as data: which outcome, on which badge, and which rule's results are the reasons.</summary>
public sealed class ExemptionProposalsTests
{
    private static readonly PresentedCheck Passed = new("proof", true, "proof.ok");

    private static ApplicationBadge Badge(int? eqf = 6, double? ec = 5, bool micro = true, string? issuer = "did:web:uu", string? outcomes = null, bool valid = true) => new()
    {
        Id = Guid.NewGuid(), Source = ApplicationBadgeSource.Award,
        Facts = new BadgeFacts
        {
            AchievementName = "Badge", IssuerName = "Issuer", IssuerId = issuer, EqfLevel = eqf, CreditsEc = ec, MicroCredential = micro,
            AchievementType = micro ? "MicroCredential" : "Course", LearningOutcomes = outcomes,
        },
        Checks = valid ? [Passed, new("status", true, "status.ok")] : [Passed, new("status", false, "status.revoked")],
    };

    private static RecognitionCourse Course(params RecognitionRule[] rules) => new()
    {
        Id = Guid.NewGuid(), Code = "C1", NameNl = "Vak", NameEn = "Course", Programme = "P", Ec = 5m, Rules = [.. rules],
    };

    private static RecognitionRule Rule(int? eqf = null, decimal? ec = null, bool micro = false, string? outcome = null, string? issuer = null,
        bool partial = false) => new()
        {
            Criteria = new BadgeCriteria
            {
                MinEqfLevel = eqf, MinCreditsEc = ec, MicroCredentialOnly = micro, AnyLearningOutcomes = outcome is null ? [] : [outcome],
                IssuerIds = issuer is null ? [] : [issuer],
            },
            Partial = partial, PartialEc = partial ? 2.5m : null,
        };

    [Fact]
    public void A_valid_badge_meeting_a_full_rule_proposes_grant_with_every_criterion_as_a_reason()
    {
        var badge = Badge(eqf: 7, ec: 5);
        var proposal = ExemptionProposals.Propose(Course(Rule(eqf: 6, ec: 4, micro: true)), [badge]);
        Assert.Equal(ExemptionOutcome.Grant, proposal.Outcome);
        Assert.Equal(badge.Id, proposal.BadgeId);
        var reason = Assert.Single(proposal.Reasons);
        Assert.Equal(0, reason.RuleIndex);
        Assert.Equal([CriterionKind.MicroCredential, CriterionKind.MinEqfLevel, CriterionKind.MinCreditsEc], reason.Results.Select(r => r.Kind));
        Assert.All(reason.Results, r => Assert.True(r.Met));
        Assert.Equal(("7", "6"), (reason.Results[1].Actual, reason.Results[1].Expected));
    }

    [Fact]
    public void Meeting_only_a_partial_rule_proposes_partial_and_a_full_rule_wins_over_a_partial_one()
    {
        var course = Course(Rule(eqf: 7, outcome: "ethics"), Rule(eqf: 6, partial: true));
        var level6 = Badge(eqf: 6);
        var partial = ExemptionProposals.Propose(course, [level6]);
        Assert.Equal(ExemptionOutcome.Partial, partial.Outcome);
        Assert.Equal(level6.Id, partial.BadgeId);
        Assert.Equal(1, Assert.Single(partial.Reasons).RuleIndex);

        var ethics = Badge(eqf: 7, outcomes: "- Apply AI ethics");
        var full = ExemptionProposals.Propose(course, [level6, ethics]);
        Assert.Equal(ExemptionOutcome.Grant, full.Outcome);
        Assert.Equal(ethics.Id, full.BadgeId);
        Assert.Equal([1, 0], full.Reasons.Select(r => r.RuleIndex));
    }

    [Fact]
    public void No_rule_met_proposes_refuse_and_the_reason_is_the_rule_with_most_criteria_met()
    {
        // Rule 0 is met on none of its three criteria, rule 1 on two of three: rule 1 explains best what the badge lacks.
        var course = Course(Rule(eqf: 8, ec: 10, issuer: "did:web:tud"), Rule(eqf: 6, ec: 4, issuer: "did:web:tud"));
        var badge = Badge(eqf: 6, ec: 5, issuer: "did:web:uu");
        var proposal = ExemptionProposals.Propose(course, [badge]);
        Assert.Equal(ExemptionOutcome.Refuse, proposal.Outcome);
        Assert.Null(proposal.BadgeId);
        var reason = Assert.Single(proposal.Reasons);
        Assert.Equal(1, reason.RuleIndex);
        var lacks = Assert.Single(reason.Results, r => !r.Met);
        Assert.Equal((CriterionKind.Issuer, "did:web:uu"), (lacks.Kind, lacks.Actual));
    }

    [Fact]
    public void A_partial_rule_with_more_criteria_met_explains_a_refusal_better_than_an_unmet_full_rule()
    {
        var course = Course(Rule(outcome: "ethics"), Rule(eqf: 7, micro: true, partial: true));
        var proposal = ExemptionProposals.Propose(course, [Badge(eqf: 6)]);
        Assert.Equal(ExemptionOutcome.Refuse, proposal.Outcome);
        var reason = Assert.Single(proposal.Reasons);
        Assert.Equal(1, reason.RuleIndex);
        Assert.Equal(CriterionKind.MinEqfLevel, Assert.Single(reason.Results, r => !r.Met).Kind);
    }

    [Fact]
    public void No_badges_or_no_rules_propose_refuse_without_reasons()
    {
        var none = ExemptionProposals.Propose(Course(Rule(eqf: 6)), []);
        Assert.Equal((ExemptionOutcome.Refuse, null, 0), (none.Outcome, none.BadgeId, none.Reasons.Count));
        var noRules = ExemptionProposals.Propose(Course(), [Badge()]);
        Assert.Equal((ExemptionOutcome.Refuse, 0), (noRules.Outcome, noRules.Reasons.Count));
    }

    [Fact]
    public void An_invalid_badge_never_grounds_a_proposal_even_when_it_meets_every_rule()
    {
        var course = Course(Rule(eqf: 6), Rule(ec: 1, partial: true));
        var revoked = Badge(eqf: 8, ec: 30, valid: false);
        var proposal = ExemptionProposals.Propose(course, [revoked]);
        Assert.Equal(ExemptionOutcome.Refuse, proposal.Outcome);
        Assert.Null(proposal.BadgeId);
        // The reasons still show what the badge would have met; the page says it failed its checks.
        Assert.All(Assert.Single(proposal.Reasons).Results, r => Assert.True(r.Met));

        var unchecked_ = Badge(eqf: 8);
        unchecked_.Checks = [];
        Assert.Equal(ExemptionOutcome.Refuse, ExemptionProposals.Propose(course, [unchecked_]).Outcome);

        var valid = Badge(eqf: 5, ec: 2);
        var mixed = ExemptionProposals.Propose(course, [revoked, valid]);
        Assert.Equal((ExemptionOutcome.Partial, valid.Id), (mixed.Outcome, mixed.BadgeId!.Value));
    }

    [Fact]
    public void An_empty_rule_accepts_any_valid_badge()
    {
        var badge = Badge(eqf: null, ec: null, micro: false);
        var proposal = ExemptionProposals.Propose(Course(new RecognitionRule()), [badge]);
        Assert.Equal(ExemptionOutcome.Grant, proposal.Outcome);
        Assert.Empty(Assert.Single(proposal.Reasons).Results);
    }

    [Fact]
    public void Apply_writes_the_proposal_onto_the_item()
    {
        var badge = Badge();
        var item = new ExemptionItem { ProposedOutcome = ExemptionOutcome.Grant, ProposedBadgeId = Guid.NewGuid() };
        ExemptionProposals.Apply(item, Course(Rule(eqf: 7)), [badge]);
        Assert.Equal(ExemptionOutcome.Refuse, item.ProposedOutcome);
        Assert.Null(item.ProposedBadgeId);
        Assert.Equal(badge.Id, Assert.Single(item.ProposalReasons).BadgeId);
    }
}
