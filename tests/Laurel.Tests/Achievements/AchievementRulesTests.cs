using Laurel.Features.Achievements;
using Laurel.Features.Institutions;
using static Laurel.Tests.Achievements.RulesTestKit;

namespace Laurel.Tests.Achievements;

/// <summary>Texts, language, level and study-load rules, with messages in Dutch and English.</summary>
public sealed class AchievementRulesTests
{
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
}
