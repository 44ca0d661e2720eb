using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Laurel.Features.Achievements;

/// <summary>What staff submit to create or change a definition (form and API alike); checked by <see cref="AchievementRules"/>.</summary>
public sealed class AchievementDraft
{
    public AchievementKind? Kind { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    /// <summary>Markdown.</summary>
    public string? CriteriaMarkdown { get; set; }
    /// <summary>Markdown list.</summary>
    public string? LearningOutcomes { get; set; }
    /// <summary>ISO 639-1 code, see <see cref="AchievementLanguages"/>; the language of the texts above (the main language).</summary>
    public string? Language { get; set; }
    /// <summary>Optional texts in nl/en besides the main language; rows with nothing filled in are ignored.</summary>
    public List<TranslationDraft> Translations { get; set; } = [];

    // Numbers are bound from the form as text by the page (form binding would read "2.5" as 25 in Dutch).
    [BindNever] public int? EqfLevel { get; set; }
    [BindNever] public int? NlqfLevel { get; set; }
    public StudyLoadUnit? StudyLoadUnit { get; set; }
    [BindNever] public decimal? StudyLoad { get; set; }
    [BindNever] public int? ValidForDays { get; set; }

    public List<AssessmentType> AssessmentTypes { get; set; } = [];
    public List<ParticipationForm> ParticipationForms { get; set; } = [];
    public AssessmentSupervision? Supervision { get; set; }
    public bool? IdentityChecked { get; set; }

    public string? QualityAssuranceName { get; set; }
    public string? QualityAssuranceUrl { get; set; }
    public string? QualityAssuranceDescription { get; set; }

    public bool Stackable { get; set; }
    public bool GradeRequired { get; set; }
    public bool EvidenceRequired { get; set; }
    public bool NarrativeRequired { get; set; }
    public bool ClaimRequired { get; set; }
    [BindNever] public List<string> ProgrammeIdentifiers { get; set; } = [];
    public List<AlignmentDraft> Alignments { get; set; } = [];
    [BindNever] public List<string> Tags { get; set; } = [];

    /// <summary>The draft that shows an existing definition in the form.</summary>
    public static AchievementDraft From(Achievement a) => new()
    {
        Kind = a.Kind, Name = a.Name, Description = a.Description, CriteriaMarkdown = a.CriteriaMarkdown,
        LearningOutcomes = a.LearningOutcomes, Language = a.Language, EqfLevel = a.EqfLevel, NlqfLevel = a.NlqfLevel,
        StudyLoadUnit = a.StudyLoadUnit, StudyLoad = a.StudyLoad, ValidForDays = a.ValidForDays,
        AssessmentTypes = [.. a.AssessmentTypes], ParticipationForms = [.. a.ParticipationForms],
        Supervision = a.Supervision, IdentityChecked = a.Supervision is null ? null : a.IdentityChecked,
        QualityAssuranceName = a.QualityAssuranceName, QualityAssuranceUrl = a.QualityAssuranceUrl,
        QualityAssuranceDescription = a.QualityAssuranceDescription, Stackable = a.Stackable, GradeRequired = a.GradeRequired,
        EvidenceRequired = a.EvidenceRequired, NarrativeRequired = a.NarrativeRequired, ClaimRequired = a.ClaimRequired,
        ProgrammeIdentifiers = [.. a.ProgrammeIdentifiers], Tags = [.. a.Tags],
        Translations = [.. a.Translations.Select(x => new TranslationDraft
        {
            Language = x.Language, Name = x.Name, Description = x.Description, CriteriaMarkdown = x.CriteriaMarkdown, LearningOutcomes = x.LearningOutcomes,
        })],
        Alignments = [.. a.Alignments.Select(x => new AlignmentDraft
        {
            TargetName = x.TargetName, TargetUrl = x.TargetUrl, TargetFramework = x.TargetFramework,
            TargetCode = x.TargetCode, TargetDescription = x.TargetDescription,
        })],
    };

    /// <summary>Copies the (validated) draft onto a definition; trims text and drops empty alignment rows.</summary>
    public void ApplyTo(Achievement a)
    {
        a.Kind = Kind ?? AchievementKind.Regular;
        a.Name = Name?.Trim() ?? "";
        a.Description = Description?.Trim() ?? "";
        a.CriteriaMarkdown = CriteriaMarkdown?.Trim() ?? "";
        a.LearningOutcomes = LearningOutcomes?.Trim() ?? "";
        a.Language = Language?.Trim() ?? "";
        a.EqfLevel = EqfLevel;
        a.NlqfLevel = NlqfLevel;
        var hasLoad = a.Kind != AchievementKind.ExtraCurricular || StudyLoad is not null;
        a.StudyLoadUnit = hasLoad ? StudyLoadUnit : null;
        a.StudyLoad = hasLoad ? StudyLoad : null;
        a.ValidForDays = ValidForDays;
        a.AssessmentTypes = [.. AssessmentTypes.Distinct()];
        a.ParticipationForms = [.. ParticipationForms.Distinct()];
        a.Supervision = Supervision;
        a.IdentityChecked = IdentityChecked ?? false;
        a.QualityAssuranceName = Blank(QualityAssuranceName);
        a.QualityAssuranceUrl = Blank(QualityAssuranceUrl);
        a.QualityAssuranceDescription = Blank(QualityAssuranceDescription);
        a.Stackable = Stackable;
        a.GradeRequired = GradeRequired;
        a.EvidenceRequired = EvidenceRequired;
        a.NarrativeRequired = NarrativeRequired;
        a.ClaimRequired = ClaimRequired;
        a.ProgrammeIdentifiers = [.. ProgrammeIdentifiers.Select(p => p.Trim()).Where(p => p.Length > 0).Distinct()];
        a.Tags = [.. Tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct()];
        a.Translations = [.. FilledTranslations().Select(x => new AchievementTranslation
        {
            Language = x.Language!.Trim(), Name = x.Name?.Trim() ?? "", Description = x.Description?.Trim() ?? "",
            CriteriaMarkdown = x.CriteriaMarkdown?.Trim() ?? "", LearningOutcomes = x.LearningOutcomes?.Trim() ?? "",
        })];
        a.Alignments = [.. FilledAlignments().Select(x => new AchievementAlignment
        {
            TargetName = x.TargetName!.Trim(), TargetUrl = x.TargetUrl!.Trim(), TargetFramework = Blank(x.TargetFramework),
            TargetCode = Blank(x.TargetCode), TargetDescription = Blank(x.TargetDescription),
        })];
    }

    /// <summary>Alignment rows with anything filled in (the form always offers a few empty rows).</summary>
    public IEnumerable<AlignmentDraft> FilledAlignments() => Alignments.Where(x => !x.IsEmpty);

    /// <summary>Translation rows with any text (the form always offers the other language, usually left empty).</summary>
    public IEnumerable<TranslationDraft> FilledTranslations() => Translations.Where(x => !x.IsEmpty);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>One alignment row of a draft.</summary>
public sealed class AlignmentDraft
{
    public string? TargetName { get; set; }
    public string? TargetUrl { get; set; }
    public string? TargetFramework { get; set; }
    public string? TargetCode { get; set; }
    public string? TargetDescription { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(TargetName) && string.IsNullOrWhiteSpace(TargetUrl)
        && string.IsNullOrWhiteSpace(TargetFramework) && string.IsNullOrWhiteSpace(TargetCode) && string.IsNullOrWhiteSpace(TargetDescription);
}

/// <summary>The texts of a draft in one more language.</summary>
public sealed class TranslationDraft
{
    public string? Language { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? CriteriaMarkdown { get; set; }
    public string? LearningOutcomes { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Description)
        && string.IsNullOrWhiteSpace(CriteriaMarkdown) && string.IsNullOrWhiteSpace(LearningOutcomes);
}
