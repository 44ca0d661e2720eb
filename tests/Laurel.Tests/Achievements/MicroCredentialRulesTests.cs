using Laurel.Features.Achievements;
using Laurel.Features.Institutions;
using static Laurel.Tests.Achievements.RulesTestKit;

namespace Laurel.Tests.Achievements;

/// <summary>Assessment, participation, quality, alignment, expiry and institution rules, in Dutch and English.</summary>
public sealed class MicroCredentialRulesTests
{
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
