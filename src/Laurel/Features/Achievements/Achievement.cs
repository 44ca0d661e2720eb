using System.Text.Json.Serialization;
using Laurel.Features.Institutions;

namespace Laurel.Features.Achievements;

/// <summary>Kinds of badge; only institutions enabled for micro-credentials may define the first.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<AchievementKind>))]
public enum AchievementKind { MicroCredential, Regular, ExtraCurricular }

/// <summary>Life cycle of a definition: drafts are invisible outside staff pages.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<AchievementStatus>))]
public enum AchievementStatus { Draft, Published }

/// <summary>Unit the study load is entered in; everything is compared in hours (1 EC = 28 h).</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<StudyLoadUnit>))]
public enum StudyLoadUnit { Ec, Hours, Sbu }

/// <summary>Edubadges assessment types (EU element M9).</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<AssessmentType>))]
public enum AssessmentType { Testing, ApplicationOfSkill, Portfolio, RecognitionOfPriorLearning }

/// <summary>Edubadges participation types (EU element M10).</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ParticipationForm>))]
public enum ParticipationForm { Online, OnsiteOrBlended, Volunteering, WorkExperience, PersonalizedLearning }

/// <summary>Supervision and identity verification during assessment (EU element O2).</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<AssessmentSupervision>))]
public enum AssessmentSupervision { UnsupervisedNoIdentityCheck, SupervisedNoIdentityCheck, SupervisedOnline, OnsiteWithIdentityCheck }

/// <summary>A micro-credential (or other badge) definition: the Open Badges Achievement.</summary>
public class Achievement
{
    public Guid Id { get; set; }
    public Guid IssuerId { get; set; }
    public Issuer? Issuer { get; set; }
    /// <summary>Denormalised for authorization and catalog filters.</summary>
    public Guid InstitutionId { get; set; }
    /// <summary>Shared by every version of the same definition.</summary>
    public Guid LineageId { get; set; }
    public int Version { get; set; } = 1;
    public Guid? PreviousVersionId { get; set; }
    public AchievementKind Kind { get; set; }
    public AchievementStatus Status { get; set; }

    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary>Markdown; rendered only through the sanitizer.</summary>
    public string CriteriaMarkdown { get; set; } = "";
    /// <summary>Markdown list of learning outcomes.</summary>
    public string LearningOutcomes { get; set; } = "";
    public string Language { get; set; } = "nl";
    /// <summary>The texts in other languages (nl/en besides the main <see cref="Language"/>); the properties above stay the main-language values.</summary>
    public List<AchievementTranslation> Translations { get; set; } = [];

    public int? EqfLevel { get; set; }
    public int? NlqfLevel { get; set; }
    public StudyLoadUnit? StudyLoadUnit { get; set; }
    public decimal? StudyLoad { get; set; }

    public List<ParticipationForm> ParticipationForms { get; set; } = [];
    public List<AssessmentType> AssessmentTypes { get; set; } = [];
    public AssessmentSupervision? Supervision { get; set; }
    public bool IdentityChecked { get; set; }

    public string? QualityAssuranceName { get; set; }
    public string? QualityAssuranceUrl { get; set; }
    public string? QualityAssuranceDescription { get; set; }

    public bool Stackable { get; set; }
    public bool GradeRequired { get; set; }
    /// <summary>Every award must carry evidence (a URL or a named piece of work).</summary>
    public bool EvidenceRequired { get; set; }
    /// <summary>Every award must carry a narrative (how the learner met the criteria).</summary>
    public bool NarrativeRequired { get; set; }
    /// <summary>Awards wait for the learner to accept them; by default they arrive in the backpack automatically.</summary>
    public bool ClaimRequired { get; set; }
    public List<string> ProgrammeIdentifiers { get; set; } = [];
    public List<AchievementAlignment> Alignments { get; set; } = [];
    public List<string> Tags { get; set; } = [];
    /// <summary>Validity in days after award; always null for micro-credentials (they never expire).</summary>
    public int? ValidForDays { get; set; }

    public byte[]? Image { get; set; }
    public string? ImageContentType { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? PublishedAt { get; set; }
    /// <summary>Hue (0–359) of the badge's card in a wallet, the same for every version of the lineage; see <see cref="CardHues"/>.</summary>
    public int? CardHue { get; set; }
    /// <summary>Set at the first award: from then on edits create a new version.</summary>
    public DateTime? FrozenAt { get; set; }
    public DateTime? ArchivedAt { get; set; }

    /// <summary>Study load in hours, whatever unit it was entered in.</summary>
    public decimal? StudyLoadHours => StudyLoad is null ? null : StudyLoadUnit switch
    {
        Achievements.StudyLoadUnit.Ec => StudyLoad * VolumePolicy.HoursPerEc,
        _ => StudyLoad,
    };

    /// <summary>Study load in EC (hours / 28).</summary>
    public decimal? StudyLoadEc => StudyLoadHours / VolumePolicy.HoursPerEc;

    /// <summary>
    /// The texts to show a reader of <paramref name="language"/>: that translation when there is one, otherwise the main
    /// language. Pages put <see cref="AchievementWording.Language"/> in a <c>lang</c> attribute so screen readers pronounce it right.
    /// </summary>
    public AchievementWording TextIn(string? language)
    {
        var translation = language is null || language == Language ? null : Translations.FirstOrDefault(x => x.Language == language);
        return translation is null
            ? new AchievementWording(Language, Name, Description, CriteriaMarkdown, LearningOutcomes)
            : new AchievementWording(translation.Language, translation.Name, translation.Description, translation.CriteriaMarkdown, translation.LearningOutcomes);
    }

    /// <summary>The texts in the reader's language (the current UI culture), with fallback to the main language.</summary>
    public AchievementWording TextForReader() => TextIn(System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);
}

/// <summary>A definition's texts in one language (what <see cref="Achievement.TextIn"/> returns).</summary>
public sealed record AchievementWording(string Language, string Name, string Description, string CriteriaMarkdown, string LearningOutcomes);

/// <summary>Name, description, criteria and learning outcomes in a language other than the definition's main one.</summary>
public class AchievementTranslation
{
    /// <summary>ISO 639-1 code: nl or en (see <see cref="AchievementLanguages.TextLanguages"/>).</summary>
    public string Language { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary>Markdown; rendered only through the sanitizer.</summary>
    public string CriteriaMarkdown { get; set; } = "";
    /// <summary>Markdown list.</summary>
    public string LearningOutcomes { get; set; } = "";
}

/// <summary>An alignment to an external framework or skill (at most seven per definition).</summary>
public class AchievementAlignment
{
    public string TargetName { get; set; } = "";
    public string TargetUrl { get; set; } = "";
    public string? TargetFramework { get; set; }
    public string? TargetCode { get; set; }
    public string? TargetDescription { get; set; }
}
