using System.Globalization;
using Laurel.Features.Presentations;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Recognition.Courses;

/// <summary>The course and its rules as they will be stored, once every field is valid.</summary>
public sealed record CourseValues(Guid FacultyId, string Code, string NameNl, string NameEn, string Programme, string? ProgrammeCode, decimal Ec,
    List<RecognitionRule> Rules);

/// <summary>
/// Checks a course form all at once: course fields by name, each rule's criteria with <see cref="BadgeCriteria.Validate"/> under
/// <c>Rules[i].Criteria.</c>, and partial EC and notes under <c>Rules[i].</c> (i counts the rules kept, blank rows dropped).
/// </summary>
public static class CourseRules
{
    public const int MaxRules = 20;
    public const int MaxCodeLength = 40;
    public const int MaxNameLength = 200;
    public const int MaxNoteLength = 2_000;

    public static (CourseValues? Values, Dictionary<string, List<string>> Errors) Check(CourseInput input, IReadOnlyCollection<Guid> manageableFaculties,
        IStringLocalizer<RecognitionText> t, IStringLocalizer<PresentationsText> pt)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message) => (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(message);

        if (input.FacultyId is not { } facultyId || !manageableFaculties.Contains(facultyId)) Add("FacultyId", t["Course_FacultyRequired"].Value);
        var code = Required(input.Code, "Code", MaxCodeLength);
        var nameNl = Required(input.NameNl, "NameNl", MaxNameLength);
        var nameEn = Required(input.NameEn, "NameEn", MaxNameLength);
        var programme = Required(input.Programme, "Programme", MaxNameLength);
        var programmeCode = input.ProgrammeCode?.Trim() is { Length: > 0 } pc ? pc : null;
        if (programmeCode is { Length: > MaxCodeLength }) Add("ProgrammeCode", t["Course_TooLong", MaxCodeLength].Value);
        var ec = Number(input.Ec, "Ec", required: true);
        if (ec is { } e && (e <= 0 || e > 999)) Add("Ec", t["Course_EcRange"].Value);

        var kept = input.Rules.Where(r => !r.Remove && !r.IsBlank).ToList();
        if (kept.Count > MaxRules) Add("Rules", t["Course_TooManyRules", MaxRules].Value);
        var rules = new List<RecognitionRule>();
        for (var i = 0; i < kept.Count && i < MaxRules; i++)
        {
            var r = kept[i];
            var prefix = $"Rules[{i}].";
            var cp = prefix + "Criteria.";
            var criteria = r.Criteria().Parse(cp, pt, Add);
            // A rule without conditions would exempt anyone with any valid badge.
            if (criteria.IsEmpty) Add(cp + "MicroCredentialOnly", t["Course_RuleEmpty"].Value);
            decimal? partialEc = null;
            if (r.Partial)
            {
                partialEc = Number(r.PartialEc, prefix + "PartialEc", required: true);
                if (partialEc is { } p && (p <= 0 || ec is { } whole && p >= whole)) Add(prefix + "PartialEc", t["Course_PartialEcRange"].Value);
            }
            else if (!string.IsNullOrWhiteSpace(r.PartialEc)) Add(prefix + "PartialEc", t["Course_PartialEcOnlyPartial"].Value);
            var noteNl = Note(r.NoteNl, prefix + "NoteNl");
            var noteEn = Note(r.NoteEn, prefix + "NoteEn");
            rules.Add(new RecognitionRule { Criteria = criteria, Partial = r.Partial, PartialEc = partialEc, NoteNl = noteNl, NoteEn = noteEn });
        }

        if (errors.Count > 0) return (null, errors);
        return (new CourseValues(input.FacultyId!.Value, code!, nameNl!, nameEn!, programme!, programmeCode, ec!.Value, rules), errors);

        string? Required(string? value, string field, int max)
        {
            var v = value?.Trim();
            if (string.IsNullOrEmpty(v)) { Add(field, t["Course_Required_" + field].Value); return null; }
            if (v.Length > max) { Add(field, t["Course_TooLong", max].Value); return null; }
            return v;
        }

        decimal? Number(string? value, string field, bool required)
        {
            var v = value?.Trim().Replace(',', '.');
            if (string.IsNullOrEmpty(v))
            {
                if (required) Add(field, t["Course_NumberRequired"].Value);
                return null;
            }
            if (v.Length <= 12 && decimal.TryParse(v, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)) return d;
            Add(field, t["Course_Number"].Value);
            return null;
        }

        string? Note(string? value, string field)
        {
            var v = value?.Trim();
            if (string.IsNullOrEmpty(v)) return null;
            if (v.Length > MaxNoteLength) Add(field, t["Course_TooLong", MaxNoteLength].Value);
            return v;
        }
    }
}
