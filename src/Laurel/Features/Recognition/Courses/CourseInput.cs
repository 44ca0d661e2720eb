using System.Globalization;
using Laurel.Features.Presentations;

namespace Laurel.Features.Recognition.Courses;

/// <summary>The course form as posted (text as typed, so every problem can be named and the form shown again unchanged).</summary>
public sealed class CourseInput
{
    public Guid? FacultyId { get; set; }
    public string? Code { get; set; }
    public string? NameNl { get; set; }
    public string? NameEn { get; set; }
    public string? Programme { get; set; }
    public string? ProgrammeCode { get; set; }
    public string? Ec { get; set; }
    public List<RuleInput> Rules { get; set; } = [];

    public static CourseInput From(RecognitionCourse c) => new()
    {
        FacultyId = c.FacultyId, Code = c.Code, NameNl = c.NameNl, NameEn = c.NameEn, Programme = c.Programme, ProgrammeCode = c.ProgrammeCode,
        Ec = c.Ec.ToString("0.##", CultureInfo.InvariantCulture), Rules = [.. c.Rules.Select(RuleInput.From)],
    };
}

/// <summary>
/// One rule row of the form: the criteria fields as in the presentation request form (lists one per line), partial, notes.
/// A row left empty is no rule; <see cref="Remove"/> drops a rule.
/// </summary>
public sealed class RuleInput
{
    public bool MicroCredentialOnly { get; set; }
    public string? MinEqfLevel { get; set; }
    public string? MinCreditsEc { get; set; }
    public string? IssuerCountry { get; set; }
    public string? IssuerIds { get; set; }
    public string? AchievementIds { get; set; }
    public string? AnyAlignments { get; set; }
    public string? AnyLearningOutcomes { get; set; }
    public string? IssuedOnOrAfter { get; set; }
    public bool Partial { get; set; }
    public string? PartialEc { get; set; }
    public string? NoteNl { get; set; }
    public string? NoteEn { get; set; }
    public bool Remove { get; set; }

    public bool IsBlank => !MicroCredentialOnly && !Partial && new[]
    {
        MinEqfLevel, MinCreditsEc, IssuerCountry, IssuerIds, AchievementIds, AnyAlignments, AnyLearningOutcomes, IssuedOnOrAfter, PartialEc, NoteNl, NoteEn,
    }.All(string.IsNullOrWhiteSpace);

    public static RuleInput From(RecognitionRule r)
    {
        var c = Presentations.CriteriaText.From(r.Criteria);
        return new RuleInput
        {
            MicroCredentialOnly = c.MicroCredentialOnly, MinEqfLevel = c.MinEqfLevel, MinCreditsEc = c.MinCreditsEc, IssuerCountry = c.IssuerCountry,
            IssuerIds = c.IssuerIds, AchievementIds = c.AchievementIds, AnyAlignments = c.AnyAlignments, AnyLearningOutcomes = c.AnyLearningOutcomes,
            IssuedOnOrAfter = c.IssuedOnOrAfter, Partial = r.Partial, PartialEc = r.PartialEc?.ToString("0.##", CultureInfo.InvariantCulture),
            NoteNl = r.NoteNl, NoteEn = r.NoteEn,
        };
    }

    /// <summary>The criteria fields of the row, for the shared reading (<see cref="CriteriaText.Parse"/>).</summary>
    public Presentations.CriteriaText Criteria() =>
        new(MicroCredentialOnly, MinEqfLevel, MinCreditsEc, IssuerCountry, IssuerIds, AchievementIds, AnyAlignments, AnyLearningOutcomes, IssuedOnOrAfter);
}
