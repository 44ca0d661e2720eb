using Laurel.Credentials.OpenBadges;
using Laurel.Features.Achievements;
using Laurel.Infrastructure.Web;
using Ob = Laurel.Credentials.OpenBadges;

namespace Laurel.Features.Awards.Issuing;

/// <summary>
/// Maps Laurel's stored Edubadges codes (EU elements M8–M11, O2, O4) to OB 3.0 alignments, as eu-microcredential.md §2
/// describes: OB 3.0 has no terms for them, so each becomes an <c>Alignment</c> (defined in the OB context, so signing in
/// JSON-LD safe mode accepts it) with an <c>ext:</c> target type, the Edubadges code as <c>targetCode</c> and, where the
/// EU vocabulary has a known concept, that concept's URI as <c>targetUrl</c> (EU-2.3). Codes without a known EU concept
/// point at Laurel's own vocabulary page for that code.
/// </summary>
public static class MicroCredentialVocabulary
{
    public const string EqfType = "ext:EQF";
    public const string NlqfType = "ext:NLQF";
    public const string QualityAssuranceType = "ext:QualityAssurance";
    public const string AssessmentType = "ext:AssessmentType";
    public const string ParticipationType = "ext:ParticipationType";
    public const string SupervisionType = "ext:SupervisionType";
    public const string IdentityCheckType = "ext:IdentityChecked";
    public const string StackableType = "ext:Stackable";

    /// <summary>OB 3.0 achievementType per kind (EU-2.2 for micro-credentials).</summary>
    public static string AchievementTypeOf(AchievementKind kind) => kind switch
    {
        AchievementKind.MicroCredential => AchievementTypes.MicroCredential,
        // A unit of an accredited programme (NL-4.6 "Regular").
        AchievementKind.Regular => "Course",
        // Activities beside the curriculum (NL-4.6 "Extracurricular").
        _ => "CoCurricular",
    };

    /// <summary>The Edubadges label of each code (eu-microcredential.md §2, M9/M10/O2), used as code and name.</summary>
    public static string Code(Achievements.AssessmentType value) => value switch
    {
        Achievements.AssessmentType.Testing => "testing",
        Achievements.AssessmentType.ApplicationOfSkill => "application of a skill",
        Achievements.AssessmentType.Portfolio => "portfolio",
        _ => "recognition of prior learning",
    };

    public static string Code(ParticipationForm value) => value switch
    {
        ParticipationForm.Online => "online",
        ParticipationForm.OnsiteOrBlended => "onsite or blended",
        ParticipationForm.Volunteering => "volunteering",
        ParticipationForm.WorkExperience => "work experience",
        _ => "personalized learning activities",
    };

    public static string Code(AssessmentSupervision value) => value switch
    {
        AssessmentSupervision.UnsupervisedNoIdentityCheck => "unsupervised with no identity verification",
        AssessmentSupervision.SupervisedNoIdentityCheck => "supervised with no identity verification",
        AssessmentSupervision.SupervisedOnline => "supervised online",
        _ => "onsite with identity verification",
    };

    /// <summary>EU concepts known from the ELM Annex I sample (ELM-3.7); other codes have none we can cite.</summary>
    public static string? EuConcept(ParticipationForm value) => value switch
    {
        ParticipationForm.Online => "http://data.europa.eu/snb/learning-assessment/920fbb3cbe",
        ParticipationForm.OnsiteOrBlended => "http://data.europa.eu/snb/learning-assessment/e92d221e4d",
        _ => null,
    };

    public static string? EuConcept(AssessmentSupervision value) => value switch
    {
        AssessmentSupervision.UnsupervisedNoIdentityCheck => "http://data.europa.eu/snb/supervision-verification/c598449d64",
        _ => null,
    };

    /// <summary>Laurel's page for a code without a known EU concept: <c>/vocabulary/{scheme}/{slug}</c>.</summary>
    public static string VocabularyUrl(PublicOrigin origin, string scheme, string code) =>
        origin.Url($"/vocabulary/{scheme}/{Slug(code)}");

    public static string Slug(string code) => code.Replace(' ', '-');

    /// <summary>Every alignment the definition implies, then the staff-entered ones.</summary>
    public static List<Alignment> Alignments(Achievements.Achievement a, PublicOrigin origin)
    {
        var list = new List<Alignment>();
        if (a.EqfLevel is { } eqf and >= 1 and <= 8) list.Add(Alignment.EqfLevel(eqf));
        if (a.NlqfLevel is { } nlqf and >= 1 and <= 8)
            list.Add(new Alignment
            {
                TargetName = $"NLQF level {nlqf}", TargetCode = nlqf.ToString(System.Globalization.CultureInfo.InvariantCulture),
                TargetUrl = "https://www.nlqf.nl/", TargetFramework = "Dutch Qualifications Framework (NLQF)", TargetType = NlqfType,
            });
        if (!string.IsNullOrWhiteSpace(a.QualityAssuranceName) && AchievementRules.IsWebUrl(a.QualityAssuranceUrl))
            list.Add(new Alignment
            {
                TargetName = a.QualityAssuranceName.Trim(), TargetUrl = a.QualityAssuranceUrl!.Trim(),
                TargetDescription = Blank(a.QualityAssuranceDescription), TargetType = QualityAssuranceType,
            });
        foreach (var type in a.AssessmentTypes.Distinct())
            list.Add(Coded(Code(type), VocabularyUrl(origin, "assessment-type", Code(type)), "Type of assessment", AssessmentType));
        foreach (var form in a.ParticipationForms.Distinct())
            list.Add(Coded(Code(form), EuConcept(form) ?? VocabularyUrl(origin, "participation-type", Code(form)), "Form of participation", ParticipationType));
        if (a.Supervision is { } supervision)
            list.Add(Coded(Code(supervision), EuConcept(supervision) ?? VocabularyUrl(origin, "supervision-type", Code(supervision)),
                "Supervision and identity verification during assessment", SupervisionType));
        if (a.Kind == AchievementKind.MicroCredential || a.Supervision is not null)
        {
            var code = a.IdentityChecked ? "true" : "false";
            list.Add(Coded(a.IdentityChecked ? "identity checked" : "identity not checked", VocabularyUrl(origin, "identity-checked", code),
                "Identity of the learner checked during assessment", IdentityCheckType, code));
        }
        if (a.Kind == AchievementKind.MicroCredential)
        {
            var code = a.Stackable ? "true" : "false";
            list.Add(Coded(a.Stackable ? "stackable" : "stand-alone", VocabularyUrl(origin, "stackable", code),
                "Integration and stackability options", StackableType, code));
        }
        foreach (var custom in a.Alignments.Where(x => !string.IsNullOrWhiteSpace(x.TargetName) && AchievementRules.IsWebUrl(x.TargetUrl)))
            list.Add(new Alignment
            {
                TargetName = custom.TargetName.Trim(), TargetUrl = custom.TargetUrl.Trim(), TargetFramework = Blank(custom.TargetFramework),
                TargetCode = Blank(custom.TargetCode), TargetDescription = Blank(custom.TargetDescription),
            });
        return list;
    }

    private static Alignment Coded(string name, string url, string framework, string type, string? code = null) => new()
    {
        TargetName = name, TargetCode = code ?? name, TargetUrl = url, TargetFramework = framework, TargetType = type,
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Programme codes (CROHO/ISAT for higher education, crebo for MBO) as OB identifier entries.</summary>
    public static List<IdentifierEntry> ProgrammeIdentifiers(Achievements.Achievement a, Institutions.InstitutionType sector) =>
        [.. a.ProgrammeIdentifiers.Select(p => p.Trim()).Where(p => p.Length > 0).Distinct().Select(p => new Ob.IdentifierEntry
        {
            Identifier = p, IdentifierType = sector == Institutions.InstitutionType.MBO ? "ext:crebo" : "ext:CROHO",
        })];
}
