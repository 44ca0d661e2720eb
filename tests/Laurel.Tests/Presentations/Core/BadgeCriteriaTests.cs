using System.Globalization;
using System.Text.Json.Nodes;
using Laurel.Features.Presentations;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Laurel.Tests.Presentations.Core;

/// <summary>Criteria as data: what a badge must be for a request or a recognition rule, and the reasons shown for each criterion.</summary>
public sealed class BadgeCriteriaTests
{
    private const string Esco = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d";

    private static BadgeFacts Facts(int? eqf = 7, double? ec = 5, bool micro = true, string? country = "NL", DateTimeOffset? issued = null, string? outcomes = null) => new()
    {
        AchievementName = "Data Literacy", AchievementId = "https://laurel.example/catalog/1", IssuerId = "did:web:laurel.example:institutions:uu",
        IssuerName = "Utrecht University", EqfLevel = eqf, CreditsEc = ec, MicroCredential = micro, AchievementType = micro ? "MicroCredential" : "Course",
        IssuerCountry = country, IssuedAt = issued ?? new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero),
        LearningOutcomes = outcomes ?? "## Learning outcomes\n- Clean and visualise data sets",
        Alignments = [new AlignmentFact(Esco, null, "data analytics", null)],
    };

    private static IStringLocalizer<PresentationsText> Text(string culture)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);
        return new StringLocalizer<PresentationsText>(factory);
    }

    [Fact]
    public void A_level_7_badge_of_5_EC_from_NL_meets_EQF_6_and_4_EC_from_NL_with_reasons()
    {
        var criteria = new BadgeCriteria { MicroCredentialOnly = true, MinEqfLevel = 6, MinCreditsEc = 4, IssuerCountry = "NL" };
        var results = criteria.Evaluate(Facts());
        Assert.True(criteria.IsMetBy(Facts()));
        var t = Text("en");
        Assert.Equal(["meets: is a micro-credential", "meets: EQF 7 ≥ 6", "meets: 5 EC ≥ 4", "meets: issued in NL"], results.Select(r => BadgeCriteria.Reason(r, t)));
        Assert.Equal("voldoet: EQF 7 ≥ 6", BadgeCriteria.Reason(results[1], Text("nl")));
    }

    [Fact]
    public void Each_criterion_that_fails_says_what_the_badge_has_and_what_was_wanted()
    {
        var criteria = new BadgeCriteria { MinEqfLevel = 6, MinCreditsEc = 4, AnyLearningOutcomes = ["machine learning"], IssuedOnOrAfter = new DateOnly(2026, 6, 1) };
        var results = criteria.Evaluate(Facts(eqf: 5, ec: 3));
        Assert.All(results, r => Assert.False(r.Met));
        var t = Text("en");
        Assert.Equal(["lacks: EQF 5 < 6", "lacks: 3 EC < 4", "lacks: none of the learning outcomes machine learning", "lacks: issued 2026-03-01, before 2026-06-01"],
            results.Select(r => BadgeCriteria.Reason(r, t)));
    }

    [Fact]
    public void A_badge_without_a_level_or_study_load_does_not_meet_a_minimum()
    {
        var criteria = new BadgeCriteria { MinEqfLevel = 1, MinCreditsEc = 0.5m };
        Assert.False(criteria.IsMetBy(Facts(eqf: null, ec: null)));
    }

    [Fact]
    public void Alignments_match_by_url_or_code_and_outcomes_by_phrase_ignoring_case()
    {
        Assert.True(new BadgeCriteria { AnyAlignments = ["https://other.example/skill", Esco] }.IsMetBy(Facts()));
        Assert.False(new BadgeCriteria { AnyAlignments = ["https://other.example/skill"] }.IsMetBy(Facts()));
        Assert.True(new BadgeCriteria { AnyLearningOutcomes = ["VISUALISE DATA"] }.IsMetBy(Facts()));
        Assert.True(new BadgeCriteria { AchievementIds = ["https://laurel.example/catalog/1"] }.IsMetBy(Facts()));
        Assert.False(new BadgeCriteria { IssuerIds = ["did:web:tudelft.example"] }.IsMetBy(Facts()));
        Assert.False(new BadgeCriteria { MicroCredentialOnly = true }.IsMetBy(Facts(micro: false)));
    }

    [Fact]
    public void Validation_names_every_bad_field_at_once()
    {
        var criteria = new BadgeCriteria
        {
            MinEqfLevel = 9, MinCreditsEc = 0, IssuerCountry = "Netherlands", IssuerIds = ["not a uri"], AchievementIds = [new string('x', 3000)],
            AnyAlignments = [.. Enumerable.Repeat("a", 51)], IssuedOnOrAfter = new DateOnly(1999, 1, 1),
        };
        var errors = criteria.Validate(Text("en"), "Criteria.");
        Assert.Equal(["Criteria.AchievementIds", "Criteria.AnyAlignments", "Criteria.IssuedOnOrAfter", "Criteria.IssuerCountry", "Criteria.IssuerIds",
            "Criteria.MinCreditsEc", "Criteria.MinEqfLevel"], errors.Keys.Order());
        Assert.Empty(new BadgeCriteria { MinEqfLevel = 6, IssuerCountry = "NL" }.Validate(Text("nl")));
    }

    [Fact]
    public void Facts_are_read_from_an_OB3_credential_as_Laurel_writes_it()
    {
        var credential = JsonNode.Parse("""
        {"id":"urn:uuid:1","validFrom":"2026-02-03T04:05:06Z",
         "issuer":{"id":"did:web:x","name":"Utrecht University","address":{"addressCountryCode":"nl"}},
         "credentialSubject":{"achievement":{"id":"https://x/catalog/1","name":{"en":"Data"},"achievementType":"MicroCredential","creditsAvailable":5,
           "criteria":{"narrative":"Pass.\n\n## Learning outcomes\n\n- Explain"},
           "alignment":[{"targetUrl":"http://data.europa.eu/snb/eqf/6","targetType":"ext:EQF","targetCode":"6","targetName":"EQF level 6"},
                        {"targetUrl":"https://www.nlqf.nl/","targetType":"ext:NLQF","targetCode":"5","targetName":"NLQF level 5"}]}}}
        """)!.AsObject();
        var facts = BadgeFacts.FromOpenBadge(credential);
        Assert.Equal(("Data", true, 6, 5, 5.0, "NL", "did:web:x"), (facts.AchievementName, facts.MicroCredential, facts.EqfLevel, facts.NlqfLevel, facts.CreditsEc, facts.IssuerCountry, facts.IssuerId));
        Assert.Contains("Explain", facts.LearningOutcomes);
        Assert.Equal(new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.Zero), facts.IssuedAt);
    }

    [Fact]
    public void Facts_are_read_from_Laurel_SD_JWT_VC_claims()
    {
        var claims = JsonNode.Parse("""
        {"iss":"https://x/oid4vci/uu","issuance_date":"2026-02-03T04:05:06Z","credential_id":"urn:uuid:2",
         "achievement":{"id":"https://x/catalog/1","name":"Data","eqf_level":7,"credits_ec":4.5,"micro_credential":true,"type":"MicroCredential",
           "learning_outcomes":"- Explain","alignments":[{"target_url":"https://esco.example/s1","target_name":"s1"}]},
         "issuer":{"id":"did:web:x","name":"Utrecht University","country":"NL"}}
        """)!.AsObject();
        var facts = BadgeFacts.FromSdJwtVc(claims);
        Assert.Equal(("Data", true, 7, 4.5, "NL", "did:web:x", "urn:uuid:2"), (facts.AchievementName, facts.MicroCredential, facts.EqfLevel, facts.CreditsEc, facts.IssuerCountry, facts.IssuerId, facts.CredentialId));
        Assert.True(new BadgeCriteria { AnyAlignments = ["https://esco.example/s1"], MinEqfLevel = 7 }.IsMetBy(facts));
    }
}
