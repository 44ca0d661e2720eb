using System.Globalization;
using Laurel.Features.Achievements;
using Laurel.Features.Institutions;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Laurel.Tests.Achievements;

/// <summary>Each definition rule, checked directly, with its message in Dutch and in English.</summary>
public sealed class AchievementRulesTests
{
    private static readonly IStringLocalizer Text = new ResourceManagerStringLocalizerFactory(
        Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance).Create(typeof(AchievementText));

    private static Institution Hbo(bool microCredentials = true) => new()
    {
        Slug = "hx", NameNl = "Hogeschool X", NameEn = "X University of Applied Sciences", Identifier = "hx.nl",
        Type = InstitutionType.HBO, MicroCredentialsEnabled = microCredentials, Volume = VolumePolicy.Default,
    };

    private static Institution Mbo() => new()
    {
        Slug = "mx", NameNl = "ROC X", NameEn = "ROC X", Identifier = "mx.nl", Type = InstitutionType.MBO,
        MicroCredentialsEnabled = true, Volume = new VolumePolicy { MinHours = 240, MaxHours = 840 },
    };

    public static AchievementDraft ValidMicroCredential() => new()
    {
        Kind = AchievementKind.MicroCredential, Name = "Data Literacy", Description = "Work with data.",
        CriteriaMarkdown = "Pass the **exam**.", LearningOutcomes = "- Clean data", Language = "nl", EqfLevel = 6,
        StudyLoadUnit = StudyLoadUnit.Ec, StudyLoad = 5m, AssessmentTypes = [AssessmentType.Testing],
        ParticipationForms = [ParticipationForm.Online], Supervision = AssessmentSupervision.OnsiteWithIdentityCheck,
        IdentityChecked = true, QualityAssuranceName = "Kwaliteitskader microcredentials HO",
        QualityAssuranceUrl = "https://npuls.nl/pilot-microcredentials/",
    };

    private static Dictionary<string, List<string>> Validate(AchievementDraft d, string culture, Institution? institution = null, bool issuerActive = true)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(culture);
        try { return AchievementRules.Validate(d, institution ?? Hbo(), issuerActive, Text); }
        finally { CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = previous; }
    }

    private static void AssertOnly(Dictionary<string, List<string>> errors, string field, string expectedText)
    {
        var (key, messages) = Assert.Single(errors);
        Assert.Equal(field, key);
        Assert.Contains(expectedText, Assert.Single(messages));
    }

    [Fact]
    public void A_complete_micro_credential_has_no_problems() => Assert.Empty(Validate(ValidMicroCredential(), "nl"));

    [Fact]
    public void An_empty_micro_credential_reports_every_missing_element_at_once()
    {
        var errors = Validate(new AchievementDraft { Kind = AchievementKind.MicroCredential }, "nl");
        string[] expected = ["Name", "Description", "CriteriaMarkdown", "LearningOutcomes", "Language", "EqfLevel", "StudyLoad",
            "AssessmentTypes", "ParticipationForms", "Supervision", "IdentityChecked", "QualityAssuranceName", "QualityAssuranceUrl"];
        Assert.Equal(expected.Order(), errors.Keys.Order());
    }

    [Theory]
    [InlineData("nl", "Vul een naam in.")]
    [InlineData("en", "Enter a name.")]
    public void Name_is_required(string culture, string message)
    {
        var d = ValidMicroCredential(); d.Name = "  ";
        AssertOnly(Validate(d, culture), "Name", message);
    }

    [Theory]
    [InlineData("nl", "hoogstens 200 tekens")]
    [InlineData("en", "at most 200 characters")]
    public void Name_is_at_most_200_characters(string culture, string message)
    {
        var d = ValidMicroCredential(); d.Name = new string('a', 201);
        AssertOnly(Validate(d, culture), "Name", message);
    }

    [Theory]
    [InlineData("nl", "Vul een beschrijving in.")]
    [InlineData("en", "Enter a description.")]
    public void Description_is_required(string culture, string message)
    {
        var d = ValidMicroCredential(); d.Description = null;
        AssertOnly(Validate(d, culture), "Description", message);
    }

    [Theory]
    [InlineData("nl", "Vul de criteria in")]
    [InlineData("en", "Enter the criteria")]
    public void Criteria_are_required(string culture, string message)
    {
        var d = ValidMicroCredential(); d.CriteriaMarkdown = "";
        AssertOnly(Validate(d, culture), "CriteriaMarkdown", message);
    }

    [Theory]
    [InlineData("nl", "Vul de leeruitkomsten in")]
    [InlineData("en", "Enter the learning outcomes")]
    public void Learning_outcomes_are_required_for_micro_credentials_only(string culture, string message)
    {
        var d = ValidMicroCredential(); d.LearningOutcomes = "";
        AssertOnly(Validate(d, culture), "LearningOutcomes", message);
        d.Kind = AchievementKind.Regular;
        Assert.Empty(Validate(d, culture));
    }

    [Theory]
    [InlineData("nl", null, "Kies de taal.")]
    [InlineData("en", null, "Choose the language.")]
    [InlineData("nl", "xx", "Kies een taal uit de lijst.")]
    [InlineData("en", "dutch", "Choose a language from the list.")]
    public void Language_is_a_known_ISO_639_1_code(string culture, string? language, string message)
    {
        var d = ValidMicroCredential(); d.Language = language;
        AssertOnly(Validate(d, culture), "Language", message);
    }

    [Theory]
    [InlineData("nl", null, "Kies het EQF-niveau")]
    [InlineData("en", null, "Choose the EQF level")]
    [InlineData("nl", 9, "heel getal van 1 tot en met 8")]
    [InlineData("en", 0, "whole number from 1 to 8")]
    public void Eqf_level_is_1_to_8_and_required_for_micro_credentials(string culture, int? level, string message)
    {
        var d = ValidMicroCredential(); d.EqfLevel = level;
        AssertOnly(Validate(d, culture), "EqfLevel", message);
    }

    [Theory]
    [InlineData("nl", "NLQF-niveau moet een heel getal van 1 tot en met 8")]
    [InlineData("en", "NLQF level must be a whole number from 1 to 8")]
    public void Nlqf_level_is_optional_but_1_to_8(string culture, string message)
    {
        var d = ValidMicroCredential(); d.NlqfLevel = 9;
        AssertOnly(Validate(d, culture), "NlqfLevel", message);
        d.NlqfLevel = null;
        Assert.Empty(Validate(d, culture));
    }

    [Theory]
    [InlineData("nl", "tussen 3 en 30 EC (84–840 uur)")]
    [InlineData("en", "between 3 and 30 EC (84–840 hours)")]
    public void Micro_credential_volume_follows_the_institution_policy(string culture, string message)
    {
        var d = ValidMicroCredential(); d.StudyLoad = 2m;
        AssertOnly(Validate(d, culture), "StudyLoad", message);
        d.StudyLoad = 30.5m;
        AssertOnly(Validate(d, culture), "StudyLoad", message);
        d.StudyLoadUnit = StudyLoadUnit.Hours; d.StudyLoad = 84m;
        Assert.Empty(Validate(d, culture));
    }

    [Fact]
    public void A_research_university_policy_allows_one_EC()
    {
        var wo = Hbo(); wo.Type = InstitutionType.WO; wo.Volume = new VolumePolicy { MinHours = 28, MaxHours = 840 };
        var d = ValidMicroCredential(); d.StudyLoad = 1m;
        Assert.Empty(Validate(d, "nl", wo));
        d.StudyLoad = 0.5m;
        AssertOnly(Validate(d, "en", wo), "StudyLoad", "between 1 and 30 EC (28–840 hours)");
    }

    [Theory]
    [InlineData("nl", "stappen van 0,5")]
    [InlineData("en", "steps of 0.5")]
    public void EC_go_in_steps_of_a_half(string culture, string message)
    {
        var d = ValidMicroCredential(); d.StudyLoad = 5.25m;
        AssertOnly(Validate(d, culture), "StudyLoad", message);
        d.StudyLoad = 5.5m;
        Assert.Empty(Validate(d, culture));
    }

    [Theory]
    [InlineData("nl", "Vul de studielast in.")]
    [InlineData("en", "Enter the study load.")]
    public void Study_load_is_required_for_regular_badges_but_not_extra_curricular(string culture, string message)
    {
        var d = ValidMicroCredential(); d.Kind = AchievementKind.Regular; d.StudyLoad = null;
        AssertOnly(Validate(d, culture), "StudyLoad", message);
        d.Kind = AchievementKind.ExtraCurricular;
        Assert.Empty(Validate(d, culture));
    }

    [Fact]
    public void Regular_badges_are_not_bound_by_the_micro_credential_volume()
    {
        var d = ValidMicroCredential(); d.Kind = AchievementKind.Regular; d.StudyLoad = 1m;
        Assert.Empty(Validate(d, "nl"));
    }

    [Theory]
    [InlineData("nl", "tussen 240 en 840 SBU")]
    [InlineData("en", "between 240 and 840 SBU")]
    public void MBO_institutions_use_SBU_with_their_own_bounds(string culture, string message)
    {
        var d = ValidMicroCredential(); d.StudyLoadUnit = StudyLoadUnit.Sbu; d.StudyLoad = 100m;
        AssertOnly(Validate(d, culture, Mbo()), "StudyLoad", message);
        d.StudyLoad = 240m;
        Assert.Empty(Validate(d, culture, Mbo()));
        d.StudyLoadUnit = StudyLoadUnit.Ec; d.StudyLoad = 10m;
        AssertOnly(Validate(d, culture, Mbo()), "StudyLoadUnit", culture == "nl" ? "niet in EC" : "not in EC");
    }

    [Theory]
    [InlineData("nl", "alleen voor mbo-instellingen")]
    [InlineData("en", "only for MBO institutions")]
    public void SBU_are_refused_outside_MBO(string culture, string message)
    {
        var d = ValidMicroCredential(); d.StudyLoadUnit = StudyLoadUnit.Sbu; d.StudyLoad = 300m;
        AssertOnly(Validate(d, culture), "StudyLoadUnit", message);
    }

    [Theory]
    [InlineData("nl", "Kies minstens één soort toetsing")]
    [InlineData("en", "Choose at least one type of assessment")]
    public void There_is_always_an_assessment(string culture, string message)
    {
        var d = ValidMicroCredential(); d.AssessmentTypes = []; d.Kind = AchievementKind.ExtraCurricular; d.StudyLoad = null;
        AssertOnly(Validate(d, culture), "AssessmentTypes", message);
    }

    [Theory]
    [InlineData("nl", "Kies minstens één vorm van deelname.")]
    [InlineData("en", "Choose at least one form of participation.")]
    public void Participation_is_required_for_micro_credentials(string culture, string message)
    {
        var d = ValidMicroCredential(); d.ParticipationForms = [];
        AssertOnly(Validate(d, culture), "ParticipationForms", message);
    }

    [Theory]
    [InlineData("nl", "Kies hoe er toezicht is")]
    [InlineData("en", "Choose how the assessment is supervised")]
    public void Supervision_is_required_for_micro_credentials(string culture, string message)
    {
        var d = ValidMicroCredential(); d.Supervision = null;
        AssertOnly(Validate(d, culture), "Supervision", message);
    }

    [Theory]
    [InlineData("nl", null, "Geef aan of de identiteit")]
    [InlineData("en", null, "Say whether the learner's identity")]
    [InlineData("nl", false, "hoort een identiteitscontrole")]
    [InlineData("en", false, "includes an identity check")]
    public void Identity_check_is_stated_and_matches_the_supervision(string culture, bool? identityChecked, string message)
    {
        var d = ValidMicroCredential(); d.IdentityChecked = identityChecked;
        AssertOnly(Validate(d, culture), "IdentityChecked", message);
    }

    [Theory]
    [InlineData("nl", "Vul de naam van het kwaliteitskader in.", "Vul het webadres van het kwaliteitskader in.")]
    [InlineData("en", "Enter the name of the quality assurance framework.", "Enter the web address of the quality assurance framework.")]
    public void Quality_framework_name_and_url_are_required_for_micro_credentials(string culture, string nameMessage, string urlMessage)
    {
        var d = ValidMicroCredential(); d.QualityAssuranceName = null; d.QualityAssuranceUrl = null;
        var errors = Validate(d, culture);
        Assert.Equal(nameMessage, Assert.Single(errors["QualityAssuranceName"]));
        Assert.Equal(urlMessage, Assert.Single(errors["QualityAssuranceUrl"]));
    }

    [Theory]
    [InlineData("nl", "javascript:alert(1)", "begint met https://")]
    [InlineData("en", "npuls.nl/pilot", "starting with https://")]
    [InlineData("en", "ftp://npuls.nl/", "starting with https://")]
    public void Quality_framework_url_must_be_an_absolute_web_address(string culture, string url, string message)
    {
        var d = ValidMicroCredential(); d.QualityAssuranceUrl = url;
        AssertOnly(Validate(d, culture), "QualityAssuranceUrl", message);
    }

    [Theory]
    [InlineData("nl", "hoogstens 7 koppelingen")]
    [InlineData("en", "At most 7 alignments")]
    public void At_most_seven_alignments(string culture, string message)
    {
        var d = ValidMicroCredential();
        d.Alignments = [.. Enumerable.Range(1, 8).Select(i => new AlignmentDraft { TargetName = $"Skill {i}", TargetUrl = $"https://esco.example/{i}" })];
        AssertOnly(Validate(d, culture), "Alignments", message);
    }

    [Theory]
    [InlineData("nl", "Koppeling 2: vul een naam in.", "Koppeling 2: vul een volledig webadres")]
    [InlineData("en", "Alignment 2: enter a name.", "Alignment 2: enter a full web address")]
    public void Each_alignment_has_a_name_and_a_valid_url_and_empty_rows_are_ignored(string culture, string nameMessage, string urlMessage)
    {
        var d = ValidMicroCredential();
        d.Alignments = [new() { TargetName = "ESCO", TargetUrl = "https://esco.ec.europa.eu/" }, new() { TargetUrl = "not a url" }, new()];
        var errors = Validate(d, culture);
        Assert.Equal(nameMessage, Assert.Single(errors["Alignments[1].TargetName"]));
        Assert.StartsWith(urlMessage, Assert.Single(errors["Alignments[1].TargetUrl"]));
        Assert.Equal(2, errors.Count);
    }

    [Theory]
    [InlineData("nl", "\"1234\" is geen opleidingscode")]
    [InlineData("en", "\"1234\" is not a programme code")]
    public void Programme_identifiers_are_five_digit_codes(string culture, string message)
    {
        var d = ValidMicroCredential(); d.ProgrammeIdentifiers = ["56604", "1234"];
        AssertOnly(Validate(d, culture), "ProgrammeIdentifiers", message);
    }

    [Theory]
    [InlineData("nl", "hoogstens 10 labels")]
    [InlineData("en", "At most 10 tags")]
    public void At_most_ten_tags(string culture, string message)
    {
        var d = ValidMicroCredential(); d.Tags = [.. Enumerable.Range(1, 11).Select(i => $"tag{i}")];
        AssertOnly(Validate(d, culture), "Tags", message);
    }

    [Theory]
    [InlineData("nl", "Een microcredential verloopt nooit")]
    [InlineData("en", "A micro-credential never expires")]
    public void A_micro_credential_cannot_expire_but_a_regular_badge_can(string culture, string message)
    {
        var d = ValidMicroCredential(); d.ValidForDays = 365;
        AssertOnly(Validate(d, culture), "ValidForDays", message);
        d.Kind = AchievementKind.Regular;
        Assert.Empty(Validate(d, culture));
    }

    [Theory]
    [InlineData("nl", "Hogeschool X mag geen microcredentials uitgeven")]
    [InlineData("en", "X University of Applied Sciences is not enabled for micro-credentials")]
    public void Only_enabled_institutions_define_micro_credentials(string culture, string message)
    {
        AssertOnly(Validate(ValidMicroCredential(), culture, Hbo(microCredentials: false)), "Kind", message);
        var d = ValidMicroCredential(); d.Kind = AchievementKind.Regular;
        Assert.Empty(Validate(d, culture, Hbo(microCredentials: false)));
    }

    [Theory]
    [InlineData("nl", "Deze uitgever is gearchiveerd")]
    [InlineData("en", "This issuer is archived")]
    public void An_archived_issuer_gets_no_definitions(string culture, string message) =>
        AssertOnly(Validate(ValidMicroCredential(), culture, issuerActive: false), "Issuer", message);

    [Fact]
    public void Sector_defaults_prefill_the_quality_framework()
    {
        Assert.Equal(("Kwaliteitskader microcredentials HO", "https://npuls.nl/pilot-microcredentials/"), AchievementRules.DefaultQualityAssurance(InstitutionType.WO));
        Assert.Equal("https://npuls.nl/microcredentials-mbo/", AchievementRules.DefaultQualityAssurance(InstitutionType.MBO).Url);
    }
}
