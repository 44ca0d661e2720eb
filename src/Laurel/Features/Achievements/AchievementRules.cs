using System.Globalization;
using System.Text.RegularExpressions;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Achievements;

/// <summary>
/// Every rule a definition obeys, in one place for pages and APIs. Returns all problems at once,
/// keyed by the draft's property name, in the current UI culture.
/// </summary>
public static partial class AchievementRules
{
    public const int MaxNameLength = 200;
    public const int MaxAlignments = 7;
    public const int MaxTags = 10;
    public const int MaxTagLength = 50;
    public const int MaxTextLength = 20_000;

    public static Dictionary<string, List<string>> Validate(AchievementDraft d, Institution institution, bool issuerActive, IStringLocalizer t)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string key, params object[] args) =>
            (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(t[key, args].Value);

        if (!issuerActive) Add("Issuer", "Rule_IssuerArchived");

        var isMc = d.Kind == AchievementKind.MicroCredential;
        if (d.Kind is null) Add(nameof(d.Kind), "Rule_KindRequired");
        else if (isMc && !institution.MicroCredentialsEnabled)
            Add(nameof(d.Kind), "Rule_KindNotEnabled", institution.Name(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName));

        if (string.IsNullOrWhiteSpace(d.Name)) Add(nameof(d.Name), "Rule_NameRequired");
        else if (d.Name.Trim().Length > MaxNameLength) Add(nameof(d.Name), "Rule_NameTooLong", MaxNameLength);
        RequiredText(d.Description, nameof(d.Description), "Rule_DescriptionRequired");
        RequiredText(d.CriteriaMarkdown, nameof(d.CriteriaMarkdown), "Rule_CriteriaRequired");
        if (isMc) RequiredText(d.LearningOutcomes, nameof(d.LearningOutcomes), "Rule_LearningOutcomesRequired");
        else if ((d.LearningOutcomes?.Length ?? 0) > MaxTextLength) Add(nameof(d.LearningOutcomes), "Rule_TextTooLong", MaxTextLength);

        if (string.IsNullOrWhiteSpace(d.Language)) Add(nameof(d.Language), "Rule_LanguageRequired");
        else if (!AchievementLanguages.IsKnown(d.Language.Trim())) Add(nameof(d.Language), "Rule_LanguageUnknown");

        ValidateTranslations(d, isMc, t, Add);

        if (d.EqfLevel is null) { if (isMc) Add(nameof(d.EqfLevel), "Rule_EqfRequired"); }
        else if (d.EqfLevel is < 1 or > 8) Add(nameof(d.EqfLevel), "Rule_EqfRange");
        if (d.NlqfLevel is < 1 or > 8) Add(nameof(d.NlqfLevel), "Rule_NlqfRange");

        ValidateStudyLoad(d, institution, Add);

        // There is always an assessment (EU element M9), whatever the kind.
        if (d.AssessmentTypes.Count == 0) Add(nameof(d.AssessmentTypes), "Rule_AssessmentRequired");
        if (isMc)
        {
            if (d.ParticipationForms.Count == 0) Add(nameof(d.ParticipationForms), "Rule_ParticipationRequired");
            if (d.Supervision is null) Add(nameof(d.Supervision), "Rule_SupervisionRequired");
            if (d.IdentityChecked is null) Add(nameof(d.IdentityChecked), "Rule_IdentityCheckRequired");
        }
        if (d.Supervision is { } s && d.IdentityChecked is { } checkedId && checkedId != ImpliesIdentityCheck(s))
            Add(nameof(d.IdentityChecked), checkedId ? "Rule_IdentityCheckNotPossible" : "Rule_IdentityCheckImplied");

        if (isMc && string.IsNullOrWhiteSpace(d.QualityAssuranceName)) Add(nameof(d.QualityAssuranceName), "Rule_QaNameRequired");
        if (string.IsNullOrWhiteSpace(d.QualityAssuranceUrl)) { if (isMc) Add(nameof(d.QualityAssuranceUrl), "Rule_QaUrlRequired"); }
        else if (!IsWebUrl(d.QualityAssuranceUrl)) Add(nameof(d.QualityAssuranceUrl), "Rule_UrlInvalid");

        var alignments = d.Alignments.Select((a, i) => (a, i)).Where(x => !x.a.IsEmpty).ToList();
        if (alignments.Count > MaxAlignments) Add(nameof(d.Alignments), "Rule_TooManyAlignments", MaxAlignments);
        foreach (var (a, i) in alignments)
        {
            if (string.IsNullOrWhiteSpace(a.TargetName)) Add($"Alignments[{i}].TargetName", "Rule_AlignmentNameRequired", i + 1);
            if (!IsWebUrl(a.TargetUrl)) Add($"Alignments[{i}].TargetUrl", "Rule_AlignmentUrlInvalid", i + 1);
        }

        foreach (var code in d.ProgrammeIdentifiers.Select(p => p.Trim()).Where(p => p.Length > 0))
            if (!ProgrammeCode().IsMatch(code)) Add(nameof(d.ProgrammeIdentifiers), "Rule_ProgrammeIdentifierFormat", code);

        var tags = d.Tags.Select(x => x.Trim()).Where(x => x.Length > 0).Distinct().ToList();
        if (tags.Count > MaxTags) Add(nameof(d.Tags), "Rule_TooManyTags", MaxTags);
        if (tags.Any(x => x.Length > MaxTagLength)) Add(nameof(d.Tags), "Rule_TagTooLong", MaxTagLength);

        // A micro-credential never expires (NL-4.4); others may, but only forward in time.
        if (d.ValidForDays is not null)
        {
            if (isMc) Add(nameof(d.ValidForDays), "Rule_MicroCredentialNeverExpires");
            else if (d.ValidForDays < 1) Add(nameof(d.ValidForDays), "Rule_ValidForDaysPositive");
        }
        return errors;

        void RequiredText(string? value, string field, string key)
        {
            if (string.IsNullOrWhiteSpace(value)) Add(field, key);
            else if (value.Length > MaxTextLength) Add(field, "Rule_TextTooLong", MaxTextLength);
        }
    }

    // A translation is optional, but one that is started must say everything the main language says, so a reader of
    // either language sees the whole definition. Keys name the row ("Translations[0].Name") like alignment rows.
    private static void ValidateTranslations(AchievementDraft d, bool isMc, IStringLocalizer t, Action<string, string, object[]> add)
    {
        var main = d.Language?.Trim();
        var seen = new HashSet<string>();
        for (var i = 0; i < d.Translations.Count; i++)
        {
            var x = d.Translations[i];
            if (x.IsEmpty) continue;
            var key = $"Translations[{i}].";
            var language = x.Language?.Trim();
            var known = language is not null && AchievementLanguages.TextLanguages.Contains(language);
            var name = known ? t["TextLanguage_" + language].Value : "";
            if (!known) add(key + nameof(x.Language), "Rule_TranslationLanguage", []);
            else if (language == main) add(key + nameof(x.Language), "Rule_TranslationSameLanguage", [name]);
            else if (!seen.Add(language!)) add(key + nameof(x.Language), "Rule_TranslationTwice", [name]);
            if (string.IsNullOrWhiteSpace(x.Name)) add(key + nameof(x.Name), "Rule_TranslationNameRequired", [name]);
            else if (x.Name.Trim().Length > MaxNameLength) add(key + nameof(x.Name), "Rule_NameTooLong", [MaxNameLength]);
            Required(x.Description, key + nameof(x.Description), "Rule_TranslationDescriptionRequired");
            Required(x.CriteriaMarkdown, key + nameof(x.CriteriaMarkdown), "Rule_TranslationCriteriaRequired");
            if (isMc || !string.IsNullOrWhiteSpace(d.LearningOutcomes))
                Required(x.LearningOutcomes, key + nameof(x.LearningOutcomes), "Rule_TranslationLearningOutcomesRequired");
            else if ((x.LearningOutcomes?.Length ?? 0) > MaxTextLength) add(key + nameof(x.LearningOutcomes), "Rule_TextTooLong", [MaxTextLength]);

            void Required(string? value, string field, string rule)
            {
                if (string.IsNullOrWhiteSpace(value)) add(field, rule, [name]);
                else if (value.Length > MaxTextLength) add(field, "Rule_TextTooLong", [MaxTextLength]);
            }
        }
    }

    private static void ValidateStudyLoad(AchievementDraft d, Institution institution, Action<string, string, object[]> add)
    {
        var isMbo = institution.Type == InstitutionType.MBO;
        var required = d.Kind is AchievementKind.MicroCredential or AchievementKind.Regular;
        if (d.StudyLoad is null)
        {
            if (required) add(nameof(d.StudyLoad), "Rule_StudyLoadRequired", []);
            return;
        }
        if (d.StudyLoadUnit is not { } unit)
        {
            add(nameof(d.StudyLoadUnit), "Rule_StudyLoadUnitRequired", []);
            return;
        }
        if (isMbo && unit == StudyLoadUnit.Ec) add(nameof(d.StudyLoadUnit), "Rule_MboUsesSbu", []);
        if (!isMbo && unit == StudyLoadUnit.Sbu) add(nameof(d.StudyLoadUnit), "Rule_SbuOnlyMbo", []);
        var load = d.StudyLoad.Value;
        if (load <= 0) { add(nameof(d.StudyLoad), "Rule_StudyLoadPositive", []); return; }
        if (unit == StudyLoadUnit.Ec && load * 2 != decimal.Truncate(load * 2)) { add(nameof(d.StudyLoad), "Rule_EcHalfSteps", []); return; }
        if (d.Kind != AchievementKind.MicroCredential) return;

        // Bounds come from the institution's policy (sector default 84–840 h), never from page code.
        var policy = institution.Volume;
        var hours = unit == StudyLoadUnit.Ec ? load * VolumePolicy.HoursPerEc : load;
        if (hours >= policy.MinHours && hours <= policy.MaxHours) return;
        if (unit == StudyLoadUnit.Ec)
            add(nameof(d.StudyLoad), "Rule_VolumeOutsidePolicyEc", [Number(policy.MinEc), Number(policy.MaxEc), policy.MinHours, policy.MaxHours]);
        else
            add(nameof(d.StudyLoad), unit == StudyLoadUnit.Sbu ? "Rule_VolumeOutsidePolicySbu" : "Rule_VolumeOutsidePolicyHours", [policy.MinHours, policy.MaxHours]);
    }

    /// <summary>Whether a supervision type includes an identity check (EU element O2).</summary>
    public static bool ImpliesIdentityCheck(AssessmentSupervision s) =>
        s is AssessmentSupervision.SupervisedOnline or AssessmentSupervision.OnsiteWithIdentityCheck;

    /// <summary>Default quality-assurance framework per sector (the national pilot frameworks, NL-4.3/NL-4.5).</summary>
    public static (string Name, string Url) DefaultQualityAssurance(InstitutionType type) => type == InstitutionType.MBO
        ? ("Kwaliteitskader microcredentials mbo", "https://npuls.nl/microcredentials-mbo/")
        : ("Kwaliteitskader microcredentials HO", "https://npuls.nl/pilot-microcredentials/");

    /// <summary>The unit staff of this sector enter study load in by default.</summary>
    public static StudyLoadUnit DefaultUnit(InstitutionType type) => type == InstitutionType.MBO ? StudyLoadUnit.Sbu : StudyLoadUnit.Ec;

    /// <summary>A web address that may go into a signed credential (<see cref="CredentialUrl"/>, the rule every award input shares).</summary>
    public static bool IsWebUrl(string? value) => CredentialUrl.IsValid(value);

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.CurrentCulture);

    // CROHO/ISAT (higher education) and crebo (MBO) programme codes are both five digits.
    [GeneratedRegex(@"^\d{5}$")]
    private static partial Regex ProgrammeCode();
}
