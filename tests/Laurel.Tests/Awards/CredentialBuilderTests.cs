using System.Text.Json.Nodes;
using Laurel.Credentials.OpenBadges;
using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Web;
using Microsoft.Extensions.Configuration;
using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Tests.Awards;

/// <summary>Award + definition → unsigned OB 3.0 credential with every EU micro-credential element, valid for each kind.</summary>
public sealed class CredentialBuilderTests
{
    private static readonly PublicOrigin Origin = new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Laurel:PublicBaseUrl"] = "https://badges.example.edu" }).Build());

    // Only the profile builders of IssuerProfiles are used here; they need no database.
    private static readonly CredentialBuilder Builder = new(Origin, new Laurel.Features.Publishing.Issuers.IssuerProfiles(null!, Origin));

    // What StatusListService.CredentialStatusEntries hands the builder: a revocation and a suspension entry, same index.
    private static readonly JsonArray Status = new(new JsonObject
    {
        ["id"] = "https://badges.example.edu/status/3#41", ["type"] = "BitstringStatusListEntry", ["statusPurpose"] = "revocation",
        ["statusListIndex"] = "41", ["statusListCredential"] = "https://badges.example.edu/status/3",
    }, new JsonObject
    {
        ["id"] = "https://badges.example.edu/status/4#41", ["type"] = "BitstringStatusListEntry", ["statusPurpose"] = "suspension",
        ["statusListIndex"] = "41", ["statusListCredential"] = "https://badges.example.edu/status/4",
    });

    internal static Achievement Definition(AchievementKind kind, bool everyField)
    {
        var institution = new Institution { Id = Guid.NewGuid(), Slug = "uu", NameNl = "Universiteit Utrecht", NameEn = "Utrecht University", Identifier = "uu.nl", Brin = everyField ? "21PD" : null };
        var faculty = new Faculty { Id = Guid.NewGuid(), InstitutionId = institution.Id, Institution = institution, NameNl = "Bètawetenschappen", NameEn = "Science" };
        var issuer = new Issuer
        {
            Id = Guid.NewGuid(), FacultyId = faculty.Id, Faculty = faculty, NameNl = "Informatica", NameEn = "Computing Science",
            Url = everyField ? "https://www.uu.nl/informatica" : null, Email = everyField ? "badges@uu.example" : null
        };
        var mc = kind == AchievementKind.MicroCredential;
        return new Achievement
        {
            Id = Guid.NewGuid(), IssuerId = issuer.Id, Issuer = issuer, InstitutionId = institution.Id, Kind = kind, Status = AchievementStatus.Published,
            Name = "Data Literacy", Description = "Interpret data.", CriteriaMarkdown = "Pass the **portfolio**.", Language = "en",
            LearningOutcomes = mc || everyField ? "- Clean a data set\n- Explain a chart" : "",
            EqfLevel = mc || everyField ? 6 : null, NlqfLevel = everyField ? 6 : null,
            StudyLoadUnit = kind == AchievementKind.ExtraCurricular && !everyField ? null : StudyLoadUnit.Ec,
            StudyLoad = kind == AchievementKind.ExtraCurricular && !everyField ? null : 5m,
            AssessmentTypes = everyField ? [AssessmentType.Portfolio, AssessmentType.Testing, AssessmentType.ApplicationOfSkill, AssessmentType.RecognitionOfPriorLearning] : [AssessmentType.Portfolio],
            ParticipationForms = mc || everyField ? [ParticipationForm.Online, ParticipationForm.OnsiteOrBlended, ParticipationForm.WorkExperience] : [],
            Supervision = mc || everyField ? AssessmentSupervision.OnsiteWithIdentityCheck : null, IdentityChecked = mc || everyField,
            QualityAssuranceName = mc || everyField ? "Kwaliteitskader microcredentials HO" : null,
            QualityAssuranceUrl = mc || everyField ? "https://npuls.nl/pilot-microcredentials/" : null,
            QualityAssuranceDescription = everyField ? "Dutch higher-education pilot framework." : null,
            Stackable = everyField, GradeRequired = everyField,
            ProgrammeIdentifiers = everyField ? ["50032", "60084"] : [],
            Alignments = everyField ? [new AchievementAlignment { TargetName = "Data analysis", TargetUrl = "http://data.europa.eu/esco/skill/abc", TargetFramework = "ESCO", TargetCode = "S1.2", TargetDescription = "Analyse data" }] : [],
            Tags = everyField ? ["data", "professional"] : [],
            ValidForDays = !mc && everyField ? 365 : null, Version = 2,
        };
    }

    private static Award AwardFor(Achievement a, bool everyField)
    {
        var award = TestData.Award(a, grade: everyField ? "8" : null);
        award.Narrative = everyField ? "Excellent portfolio." : null;
        award.Evidence = everyField ? [new AwardEvidence { Url = "https://uu.example/evidence/1", Name = "Portfolio", Description = "Three analyses" }] : [];
        return award;
    }

    public static TheoryData<AchievementKind, bool> Cases() => new()
    {
        { AchievementKind.MicroCredential, false }, { AchievementKind.MicroCredential, true },
        { AchievementKind.Regular, false }, { AchievementKind.Regular, true },
        { AchievementKind.ExtraCurricular, false }, { AchievementKind.ExtraCurricular, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_bulk_builder_makes_the_same_credential_as_Build_also_from_parallel_threads(AchievementKind kind, bool everyField)
    {
        var a = Definition(kind, everyField);
        var build = Builder.ForDefinition(a);
        var awards = Enumerable.Range(0, 64).Select(i => AwardFor(a, everyField || i % 2 == 0)).ToArray();
        var fromBulk = new string[awards.Length];
        Parallel.For(0, awards.Length, i => fromBulk[i] = build(awards[i], Status).ToJsonString());
        for (var i = 0; i < awards.Length; i++) Assert.Equal(Builder.Build(awards[i], a, Status).ToJsonString(), fromBulk[i]);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Credential_passes_the_OB3_schemas_shape_rules_and_JSON_LD_safe_mode(AchievementKind kind, bool everyField)
    {
        var a = Definition(kind, everyField);
        var json = Builder.Build(AwardFor(a, everyField), a, Status);
        Assert.Empty(CredentialSchemas.Problems(json));
    }

    [Fact]
    public void Micro_credential_carries_every_EU_element_in_OB3_terms()
    {
        var a = Definition(AchievementKind.MicroCredential, everyField: true);
        var award = AwardFor(a, everyField: true);
        var json = Builder.Build(award, a, Status);

        Assert.Equal($"urn:uuid:{award.Id}", (string?)json["id"]);
        Assert.Equal("did:web:badges.example.edu:institutions:uu", (string?)json["issuer"]!["id"]);
        Assert.Equal("Utrecht University", (string?)json["issuer"]!["name"]);
        Assert.Equal("NL", (string?)json["issuer"]!["address"]!["addressCountryCode"]);
        Assert.Equal("2025-06-30T12:00:00Z", (string?)json["validFrom"]);
        Assert.Null(json["validUntil"]);
        Assert.True(JsonNode.DeepEquals(Status, json["credentialStatus"]), json["credentialStatus"]?.ToJsonString());

        var subject = json["credentialSubject"]!;
        var identity = subject["identifier"]![0]!;
        Assert.Equal(IdentityHash.Compute("lotte@example.org", award.RecipientSalt), (string?)identity["identityHash"]);
        Assert.Equal("emailAddress", (string?)identity["identityType"]);
        Assert.Equal("8", (string?)subject["result"]![0]!["value"]);
        Assert.Equal("Excellent portfolio.", (string?)subject["narrative"]);

        var achievement = subject["achievement"]!;
        Assert.Equal($"https://badges.example.edu/catalog/{a.Id}", (string?)achievement["id"]);
        Assert.Equal("MicroCredential", (string?)achievement["achievementType"]);
        Assert.Equal($"https://badges.example.edu/catalog/{a.Id}/badge.png", (string?)achievement["image"]!["id"]);
        Assert.Equal(5.0, (double)achievement["creditsAvailable"]!);
        Assert.Equal("en", (string?)achievement["inLanguage"]);
        Assert.Contains("Clean a data set", (string?)achievement["criteria"]!["narrative"]);
        Assert.Equal((string?)subject["result"]![0]!["resultDescription"], (string?)achievement["resultDescription"]![0]!["id"]);
        Assert.Equal(["data", "professional"], achievement["tag"]!.AsArray().Select(t => (string)t!));
        Assert.Equal("ext:CROHO", (string?)achievement["otherIdentifier"]![0]!["identifierType"]);
        Assert.Equal("Computing Science", (string?)achievement["creator"]!["name"]);
        Assert.Equal($"https://badges.example.edu/issuers/{a.IssuerId}", (string?)achievement["creator"]!["id"]);
        Assert.Equal("Science", (string?)achievement["creator"]!["parentOrg"]!["name"]);
        Assert.Equal("did:web:badges.example.edu:institutions:uu", (string?)achievement["creator"]!["parentOrg"]!["parentOrg"]!["id"]);

        var alignments = achievement["alignment"]!.AsArray().Select(x => x!.AsObject()).ToList();
        string? Code(string type) => alignments.Where(x => (string?)x["targetType"] == type).Select(x => (string?)x["targetCode"]).FirstOrDefault();
        Assert.Equal("6", Code("ext:EQF"));
        Assert.Contains(alignments, x => (string?)x["targetUrl"] == "http://data.europa.eu/snb/eqf/6");
        Assert.Equal("6", Code("ext:NLQF"));
        Assert.Equal("Kwaliteitskader microcredentials HO", alignments.Single(x => (string?)x["targetType"] == "ext:QualityAssurance")["targetName"]!.GetValue<string>());
        Assert.Equal(4, alignments.Count(x => (string?)x["targetType"] == "ext:AssessmentType"));
        Assert.Contains(alignments, x => (string?)x["targetType"] == "ext:ParticipationType" && (string?)x["targetUrl"] == "http://data.europa.eu/snb/learning-assessment/920fbb3cbe");
        Assert.Equal("onsite with identity verification", Code("ext:SupervisionType"));
        Assert.Equal("true", Code("ext:IdentityChecked"));
        Assert.Equal("true", Code("ext:Stackable"));
        Assert.Contains(alignments, x => (string?)x["targetName"] == "Data analysis" && (string?)x["targetFramework"] == "ESCO");
    }

    [Theory]
    [InlineData(AchievementKind.Regular, "Course")]
    [InlineData(AchievementKind.ExtraCurricular, "CoCurricular")]
    public void Other_kinds_get_their_OB3_type_and_may_expire(AchievementKind kind, string achievementType)
    {
        var a = Definition(kind, everyField: true);
        var json = Builder.Build(AwardFor(a, true), a, Status);
        Assert.Equal(achievementType, (string?)json["credentialSubject"]!["achievement"]!["achievementType"]);
        Assert.Equal("2026-06-30T12:00:00Z", (string?)json["validUntil"]);
    }

    [Fact]
    public void The_checks_notice_a_broken_credential_or_an_undefined_term()
    {
        var a = Definition(AchievementKind.MicroCredential, everyField: false);
        var broken = Builder.Build(AwardFor(a, false), a, Status);
        broken["credentialSubject"]!["achievement"]!.AsObject().Remove("criteria");
        Assert.Contains(CredentialSchemas.Problems(broken), p => p.StartsWith("ob_v3p0:", StringComparison.Ordinal));
        Assert.Contains(CredentialSchemas.Problems(broken), p => p.StartsWith("shape:", StringComparison.Ordinal));

        var undefined = Builder.Build(AwardFor(a, false), a, Status);
        undefined["credentialSubject"]!["achievement"]!["assessmentType"] = "portfolio";
        Assert.Contains(CredentialSchemas.Problems(undefined), p => p.StartsWith("json-ld safe mode:", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Revocation_and_suspension_are_both_embedded_and_that_array_is_the_only_deviation_from_the_OB3_schemas(AchievementKind kind, bool everyField)
    {
        var a = Definition(kind, everyField);
        var json = Builder.Build(AwardFor(a, everyField), a, Status);

        var entries = Assert.IsType<JsonArray>(json["credentialStatus"]);
        Assert.Equal(["revocation", "suspension"], entries.Select(e => (string?)e!["statusPurpose"]));
        Assert.All(entries, e => Assert.Equal("BitstringStatusListEntry", (string?)e!["type"]));
        // The published schemas allow one object (OB3-3.3): as issued, they object to credentialStatus and to nothing else.
        var asIssued = CredentialSchemas.SchemaProblemsAsIssued(json);
        Assert.NotEmpty(asIssued);
        Assert.All(asIssued, p => Assert.Contains("credentialStatus", p, StringComparison.Ordinal));
        // …and with either entry alone the credential passes them (Problems checks each entry that way).
        Assert.Empty(CredentialSchemas.Problems(json));
    }
}
