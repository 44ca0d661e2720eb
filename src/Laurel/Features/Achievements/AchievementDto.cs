using System.Globalization;

namespace Laurel.Features.Achievements;

/// <summary>A definition as the JSON API shows it; enum values are Edubadges-style codes (<c>micro_credential</c>).</summary>
public sealed record AchievementDto(
    Guid Id, Guid LineageId, int Version, AchievementKind Kind, AchievementStatus Status, bool Archived,
    string Name, string Description, string Criteria, string LearningOutcomes, string Language, string TextLanguage, List<AchievementTextDto> Texts,
    int? EqfLevel, int? NlqfLevel, StudyLoadDto? StudyLoad,
    List<AssessmentType> AssessmentTypes, List<ParticipationForm> ParticipationForms,
    AssessmentSupervision? Supervision, bool IdentityChecked, QualityAssuranceDto? QualityAssurance,
    bool Stackable, bool GradeRequired, List<string> ProgrammeIdentifiers, List<AlignmentDto> Alignments, List<string> Tags,
    int? ValidForDays, OrganisationDto Issuer, OrganisationDto? Faculty, OrganisationDto? Institution,
    DateTime? PublishedAt, string CatalogUrl, string? ImageUrl)
{
    public static AchievementDto From(Achievement a)
    {
        var lang = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        // Name, description, criteria and outcomes in the reader's language (?culture=en or Accept-Language) when the
        // definition has it, else the main language; textLanguage says which, and texts lists every language (main first).
        var text = a.TextIn(lang);
        var faculty = a.Issuer?.Faculty;
        var institution = faculty?.Institution;
        return new AchievementDto(a.Id, a.LineageId, a.Version, a.Kind, a.Status, a.ArchivedAt is not null,
            text.Name, text.Description, text.CriteriaMarkdown, text.LearningOutcomes, a.Language, text.Language,
            [new AchievementTextDto(a.Language, a.Name, a.Description, a.CriteriaMarkdown, a.LearningOutcomes),
                .. a.Translations.Select(x => new AchievementTextDto(x.Language, x.Name, x.Description, x.CriteriaMarkdown, x.LearningOutcomes))],
            a.EqfLevel, a.NlqfLevel,
            a.StudyLoad is { } load && a.StudyLoadUnit is { } unit ? new StudyLoadDto(load, unit, a.StudyLoadHours!.Value, a.StudyLoadEc!.Value) : null,
            a.AssessmentTypes, a.ParticipationForms, a.Supervision, a.IdentityChecked,
            a.QualityAssuranceName is null ? null : new QualityAssuranceDto(a.QualityAssuranceName, a.QualityAssuranceUrl, a.QualityAssuranceDescription),
            a.Stackable, a.GradeRequired, a.ProgrammeIdentifiers,
            [.. a.Alignments.Select(x => new AlignmentDto(x.TargetName, x.TargetUrl, x.TargetFramework, x.TargetCode, x.TargetDescription))],
            a.Tags, a.ValidForDays,
            new OrganisationDto(a.IssuerId, a.Issuer?.Name(lang) ?? "", null),
            faculty is null ? null : new OrganisationDto(faculty.Id, faculty.Name(lang), null),
            institution is null ? null : new OrganisationDto(institution.Id, institution.Name(lang), institution.Slug),
            a.PublishedAt, $"/catalog/{a.Id}", a.Image is null ? null : $"/catalog/{a.Id}/image");
    }
}

/// <summary>The texts of a definition in one language.</summary>
public sealed record AchievementTextDto(string Language, string Name, string Description, string Criteria, string LearningOutcomes);

/// <summary>Study load as entered, and converted (1 EC = 28 hours).</summary>
public sealed record StudyLoadDto(decimal Value, StudyLoadUnit Unit, decimal Hours, decimal Ec);

public sealed record QualityAssuranceDto(string Name, string? Url, string? Description);

public sealed record AlignmentDto(string TargetName, string TargetUrl, string? TargetFramework, string? TargetCode, string? TargetDescription);

public sealed record OrganisationDto(Guid Id, string Name, string? Slug);

/// <summary>One page of the public catalog.</summary>
public sealed record CatalogResponse(int Total, int Page, int PageSize, List<AchievementDto> Items);
