using Laurel.Features.Backpack.Imports;
using Laurel.Features.Pathways;

namespace Laurel.Tests.Pathways;

/// <summary>The evaluator alone: counts, EC sums, EQF minimums, required items, versions and imports.</summary>
public sealed class PathwayEvaluatorTests
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid(), D = Guid.NewGuid(), E = Guid.NewGuid();
    private const string ExternalId = "https://badges.other.example/achievements/ai-ethics";
    private const string Esco = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d";

    private static ItemSpec Local(Guid lineage, bool required = false) => new(Guid.NewGuid(), lineage, null, required);
    private const string Issuer = "did:web:badges.other.example";
    private static ItemSpec External(string url, bool required = false, params string[] accepted) =>
        new(Guid.NewGuid(), null, url, required, accepted.Length == 0 ? [Issuer] : accepted);

    private static CredentialFact Award(Guid lineage, decimal? ec = 5, int? eqf = 6, string name = "award") =>
        new(Guid.NewGuid(), FactSource.Award, name, lineage, null, [], ec, eqf);

    /// <summary>A valid import, proven to come from <see cref="Issuer"/>, naming the learner by a verified address (unless stated).</summary>
    private static CredentialFact Import(string? id, IReadOnlyList<string>? alignments = null, decimal? ec = 5, int? eqf = 6,
        string? issuer = Issuer, RecipientMatch recipient = RecipientMatch.Matched, ImportStatus status = ImportStatus.Valid, string? trustedAs = null) =>
        new(Guid.NewGuid(), FactSource.Import, "imported", null, id, alignments ?? [], ec, eqf, "Other University")
        {
            ProvenIssuer = issuer, Recipient = recipient, Status = status, TrustedAs = trustedAs,
        };

    /// <summary>"Any 3 of these 5, at least 15 EC, at least one at EQF 6."</summary>
    private static PathwaySpec ThreeOfFive(params ItemSpec[] extra) =>
        new([Local(A), Local(B), Local(C), Local(D), Local(E), .. extra], MinItems: 3, MinCredits: 15, MinEqfLevel: 6, MinEqfCount: 1);

    [Fact]
    public void Three_of_five_with_enough_EC_and_one_at_EQF_6_completes()
    {
        var progress = PathwayEvaluator.Evaluate(ThreeOfFive(), [Award(A, 5, 5), Award(C, 5, 6), Award(E, 5, 5)]);
        Assert.True(progress.Complete);
        Assert.All(progress.Requirements, r => Assert.True(r.Met));
        Assert.Equal(3, progress.HeldCount);
    }

    [Fact]
    public void Progress_reports_how_far_each_requirement_is()
    {
        var facts = new[] { Award(A, 5, 5), Award(B, 5, 5) };
        var progress = PathwayEvaluator.Evaluate(ThreeOfFive(), facts);
        Assert.False(progress.Complete);
        var items = progress.Requirements.Single(r => r.Kind == RequirementKind.MinItems);
        Assert.Equal((2m, 3m, false), (items.Current, items.Target, items.Met));
        var ec = progress.Requirements.Single(r => r.Kind == RequirementKind.MinCredits);
        Assert.Equal((10m, 15m, false), (ec.Current, ec.Target, ec.Met));
        Assert.Equal(facts.Select(f => f.Id).Order(), ec.Counted.Select(f => f.Id).Order());
        var eqf = progress.Requirements.Single(r => r.Kind == RequirementKind.MinEqf);
        Assert.Equal((0m, 1m, false, 6), (eqf.Current, eqf.Target, eqf.Met, eqf.EqfLevel!.Value));
        Assert.Empty(eqf.Counted);
    }

    [Fact]
    public void Enough_items_but_too_few_EC_is_not_complete()
    {
        var progress = PathwayEvaluator.Evaluate(ThreeOfFive(), [Award(A, 3), Award(B, 3), Award(C, 3)]);
        Assert.False(progress.Complete);
        Assert.True(progress.Requirements.Single(r => r.Kind == RequirementKind.MinItems).Met);
        Assert.Equal(9m, progress.Requirements.Single(r => r.Kind == RequirementKind.MinCredits).Current);
    }

    [Fact]
    public void EQF_minimum_counts_only_items_at_or_above_the_level()
    {
        var spec = new PathwaySpec([Local(A), Local(B), Local(C)], null, null, MinEqfLevel: 6, MinEqfCount: 2);
        var progress = PathwayEvaluator.Evaluate(spec, [Award(A, eqf: 5), Award(B, eqf: 6), Award(C, eqf: null)]);
        var eqf = Assert.Single(progress.Requirements);
        Assert.Equal(1m, eqf.Current);
        Assert.False(progress.Complete);
        Assert.True(PathwayEvaluator.Evaluate(spec, [Award(A, eqf: 7), Award(B, eqf: 6)]).Complete);
    }

    [Fact]
    public void A_missing_required_item_blocks_completion_whatever_else_is_held()
    {
        var spec = new PathwaySpec([Local(A, required: true), Local(B), Local(C), Local(D)], MinItems: 2, null, null, 1);
        var without = PathwayEvaluator.Evaluate(spec, [Award(B), Award(C), Award(D)]);
        Assert.False(without.Complete);
        var required = without.Requirements.Single(r => r.Kind == RequirementKind.RequiredItems);
        Assert.Equal((0m, 1m), (required.Current, required.Target));
        Assert.True(PathwayEvaluator.Evaluate(spec, [Award(A), Award(B)]).Complete);
    }

    [Fact]
    public void Any_version_of_the_same_definition_counts_and_only_once()
    {
        // Two awards of different versions share the lineage: they fill one item, not two.
        var spec = new PathwaySpec([Local(A), Local(B)], MinItems: 2, null, null, 1);
        var progress = PathwayEvaluator.Evaluate(spec, [Award(A, name: "v1"), Award(A, name: "v2")]);
        Assert.Equal(1, progress.HeldCount);
        Assert.False(progress.Complete);
    }

    [Fact]
    public void Credentials_of_other_definitions_do_not_count()
    {
        var progress = PathwayEvaluator.Evaluate(ThreeOfFive(), [Award(Guid.NewGuid()), Award(Guid.NewGuid()), Award(Guid.NewGuid())]);
        Assert.Equal(0, progress.HeldCount);
        Assert.False(progress.Complete);
    }

    [Fact]
    public void An_import_matches_an_external_item_by_achievement_id()
    {
        var spec = new PathwaySpec([Local(A), External(ExternalId)], MinItems: 2, MinCredits: 8, null, 1);
        var import = Import(ExternalId, ec: 3);
        var progress = PathwayEvaluator.Evaluate(spec, [Award(A, 5), import]);
        Assert.True(progress.Complete);
        Assert.Same(import, progress.Items[1].Match);
    }

    [Fact]
    public void An_import_matches_an_external_item_by_alignment_target()
    {
        var spec = new PathwaySpec([External(Esco)], MinItems: 1, null, null, 1);
        Assert.True(PathwayEvaluator.Evaluate(spec, [Import("https://elsewhere.example/a/1", [Esco])]).Complete);
        Assert.False(PathwayEvaluator.Evaluate(spec, [Import("https://elsewhere.example/a/1", ["http://data.europa.eu/esco/skill/other"])]).Complete);
    }

    [Fact]
    public void Imports_never_fill_a_Laurel_item_and_awards_never_fill_an_external_one()
    {
        var spec = new PathwaySpec([Local(A), External(ExternalId)], MinItems: 1, null, null, 1);
        var progress = PathwayEvaluator.Evaluate(spec, [new CredentialFact(Guid.NewGuid(), FactSource.Import, "x", A, ExternalId.ToUpperInvariant(), [], 5, 6)]);
        Assert.Equal(0, progress.HeldCount);
    }

    [Fact]
    public void One_credential_fills_one_item_even_when_it_matches_two()
    {
        var spec = new PathwaySpec([External(ExternalId), External(Esco)], MinItems: 2, null, null, 1);
        var both = Import(ExternalId, [Esco]);
        Assert.False(PathwayEvaluator.Evaluate(spec, [both]).Complete);
        Assert.True(PathwayEvaluator.Evaluate(spec, [both, Import(null, [Esco])]).Complete);
    }

    [Fact]
    public void Required_items_choose_first_so_a_shared_credential_goes_where_it_is_needed()
    {
        var spec = new PathwaySpec([External(Esco), External(ExternalId, required: true)], MinItems: 2, null, null, 1);
        var both = Import(ExternalId, [Esco]);
        var other = Import(null, [Esco]);
        var progress = PathwayEvaluator.Evaluate(spec, [both, other]);
        Assert.True(progress.Complete);
        Assert.Same(both, progress.Items[1].Match);
    }

    [Fact]
    public void A_pathway_without_requirements_or_held_items_is_never_complete()
    {
        Assert.False(PathwayEvaluator.Evaluate(new PathwaySpec([Local(A)], null, null, null, 1), [Award(A)]).Complete);
        Assert.False(PathwayEvaluator.Evaluate(new PathwaySpec([Local(A)], null, MinCredits: 0.5m, null, 1), []).Complete);
    }

    [Fact]
    public void Credentials_without_EC_count_as_items_but_add_nothing_to_the_total()
    {
        var spec = new PathwaySpec([External(ExternalId), Local(A)], MinItems: 2, MinCredits: 5, null, 1);
        var progress = PathwayEvaluator.Evaluate(spec, [Import(ExternalId, ec: null), Award(A, 5)]);
        Assert.True(progress.Complete);
        Assert.Single(progress.Requirements.Single(r => r.Kind == RequirementKind.MinCredits).Counted);
    }

    [Fact]
    public void An_import_from_an_issuer_the_item_does_not_accept_does_not_count_and_says_so()
    {
        var spec = new PathwaySpec([External(ExternalId)], MinItems: 1, null, null, 1);
        var forged = Import(ExternalId, issuer: "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");
        var progress = PathwayEvaluator.Evaluate(spec, [forged]);
        Assert.False(progress.Complete);
        Assert.Null(progress.Items[0].Match);
        var refused = Assert.Single(progress.Items[0].Refused);
        Assert.Same(forged, refused.Fact);
        Assert.Equal([NotCounted.IssuerNotAccepted], refused.Reasons);
    }

    [Fact]
    public void An_external_item_without_accepted_issuers_counts_only_issuers_on_the_trusted_list()
    {
        var spec = new PathwaySpec([new ItemSpec(Guid.NewGuid(), null, ExternalId, false, [])], MinItems: 1, null, null, 1);
        Assert.Equal([NotCounted.IssuerNotAccepted], PathwayEvaluator.Evaluate(spec, [Import(ExternalId)]).Items[0].Refused.Single().Reasons);
        Assert.True(PathwayEvaluator.Evaluate(spec, [Import(ExternalId, trustedAs: "Other University")]).Complete);
        // Nothing proven, nothing trusted: the list cannot vouch for an issuer the signature is not tied to.
        Assert.Equal([NotCounted.IssuerUnproven],
            PathwayEvaluator.Evaluate(spec, [Import(ExternalId, issuer: null, trustedAs: "Other University")]).Items[0].Refused.Single().Reasons);
    }

    [Fact]
    public void An_accepted_domain_covers_did_web_and_https_issuers_on_that_host_and_its_subdomains_only()
    {
        var spec = new PathwaySpec([External(ExternalId, accepted: "example.edu")], MinItems: 1, null, null, 1);
        foreach (var issuer in new[] { "did:web:example.edu", "did:web:badges.example.edu", "https://badges.example.edu/issuer", "did:web:example.edu%3A443" })
            Assert.True(PathwayEvaluator.Evaluate(spec, [Import(ExternalId, issuer: issuer)]).Complete, issuer);
        // A path-based did:web is whoever can write under that path, and another port is another origin: both need an exact entry.
        foreach (var issuer in new[] { "did:web:badges.example.edu:issuers:7", "did:web:example.edu%3A8443", "https://example.edu:8443/issuer",
                     "did:web:example.edu.evil.example", "did:web:notexample.edu", "http://example.edu/issuer", "did:key:z6Mkexample.edu", "https://evil.example/example.edu",
                     "did:web:evil.example%2F.example.edu", "did:web:evil.example%2f.example.edu", "did:web:evil.example%40badges.example.edu",
                     "did:web:badges.example.edu%3Aevil", "https://example.edu@evil.example/issuer", "https://evil.example%2F.example.edu/" })
            Assert.False(PathwayEvaluator.Evaluate(spec, [Import(ExternalId, issuer: issuer)]).Complete, issuer);
    }

    [Fact]
    public void An_accepted_issuer_id_must_match_exactly()
    {
        var spec = new PathwaySpec([External(ExternalId, accepted: "did:web:badges.example.edu")], MinItems: 1, null, null, 1);
        Assert.True(PathwayEvaluator.Evaluate(spec, [Import(ExternalId, issuer: "did:web:badges.example.edu")]).Complete);
        Assert.False(PathwayEvaluator.Evaluate(spec, [Import(ExternalId, issuer: "did:web:badges.example.edu:evil")]).Complete);
        Assert.False(PathwayEvaluator.Evaluate(spec, [Import(ExternalId, issuer: "did:web:other.badges.example.edu")]).Complete);
    }

    [Fact]
    public void An_import_issued_to_someone_else_or_to_nobody_known_does_not_count_and_says_so()
    {
        var spec = new PathwaySpec([External(ExternalId)], MinItems: 1, null, null, 1);
        foreach (var (match, reason) in new[]
                 {
                     (RecipientMatch.NotMatched, NotCounted.RecipientNotMatched), (RecipientMatch.Unchecked, NotCounted.RecipientUnchecked),
                     (RecipientMatch.NotStated, NotCounted.RecipientNotStated),
                 })
        {
            var progress = PathwayEvaluator.Evaluate(spec, [Import(ExternalId, recipient: match)]);
            Assert.False(progress.Complete);
            Assert.Equal([reason], progress.Items[0].Refused.Single().Reasons);
        }
    }

    [Fact]
    public void Every_reason_is_given_and_a_counting_import_fills_the_item_beside_refused_ones()
    {
        var spec = new PathwaySpec([External(ExternalId)], MinItems: 1, null, null, 1);
        var bad = Import(ExternalId, issuer: "did:key:z6Mkforger", recipient: RecipientMatch.NotMatched, status: ImportStatus.Revoked);
        var good = Import(ExternalId);
        var progress = PathwayEvaluator.Evaluate(spec, [bad, good]);
        Assert.True(progress.Complete);
        Assert.Same(good, progress.Items[0].Match);
        Assert.Equal([NotCounted.NotValid, NotCounted.IssuerNotAccepted, NotCounted.RecipientNotMatched], progress.Items[0].Refused.Single().Reasons);
    }

    [Fact]
    public void Awards_of_a_Laurel_item_always_count_and_imports_naming_nothing_are_not_listed_as_refused()
    {
        var spec = new PathwaySpec([Local(A), External(ExternalId)], MinItems: 1, null, null, 1);
        var progress = PathwayEvaluator.Evaluate(spec, [Award(A), Import("https://elsewhere.example/other", issuer: null)]);
        Assert.True(progress.Complete);
        Assert.All(progress.Items, i => Assert.Empty(i.Refused));
    }
}
