using System.Globalization;
using Laurel.Features.Achievements;
using Laurel.Features.Institutions;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Laurel.Tests.Achievements;

/// <summary>Institutions, a complete draft and culture-switching validation for the rule tests.</summary>
internal static class RulesTestKit
{
    public static readonly IStringLocalizer Text = new ResourceManagerStringLocalizerFactory(
        Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance).Create(typeof(AchievementText));

    public static Institution Hbo(bool microCredentials = true) => TestData.Institution(microCredentials: microCredentials);

    public static Institution Mbo() => TestData.Institution("mx", "ROC X", "ROC X", type: InstitutionType.MBO,
        volume: new VolumePolicy { MinHours = 240, MaxHours = 840 });

    public static AchievementDraft ValidMicroCredential() => new()
    {
        Kind = AchievementKind.MicroCredential, Name = "Data Literacy", Description = "Work with data.",
        CriteriaMarkdown = "Pass the **exam**.", LearningOutcomes = "- Clean data", Language = "nl", EqfLevel = 6,
        StudyLoadUnit = StudyLoadUnit.Ec, StudyLoad = 5m, AssessmentTypes = [AssessmentType.Testing],
        ParticipationForms = [ParticipationForm.Online], Supervision = AssessmentSupervision.OnsiteWithIdentityCheck,
        IdentityChecked = true, QualityAssuranceName = "Kwaliteitskader microcredentials HO",
        QualityAssuranceUrl = "https://npuls.nl/pilot-microcredentials/",
    };

    public static Dictionary<string, List<string>> Validate(AchievementDraft d, string culture, Institution? institution = null, bool issuerActive = true)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(culture);
        try { return AchievementRules.Validate(d, institution ?? Hbo(), issuerActive, Text); }
        finally { CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = previous; }
    }

    public static void AssertOnly(Dictionary<string, List<string>> errors, string field, string expectedText)
    {
        var (key, messages) = Assert.Single(errors);
        Assert.Equal(field, key);
        Assert.Contains(expectedText, Assert.Single(messages));
    }
}
