using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Presentations;

/// <summary>
/// <see cref="BadgeCriteria"/> as a form holds it: numbers and dates as typed, lists one per line. One reading for every form that
/// edits criteria (presentation requests, recognition rules), so both accept and refuse the same input with the same words.
/// </summary>
public sealed record CriteriaText(bool MicroCredentialOnly, string? MinEqfLevel, string? MinCreditsEc, string? IssuerCountry, string? IssuerIds,
    string? AchievementIds, string? AnyAlignments, string? AnyLearningOutcomes, string? IssuedOnOrAfter)
{
    private const int MaxNumberLength = 12;

    /// <summary>The form's text for stored criteria (invariant numbers, ISO dates, one entry per line).</summary>
    public static CriteriaText From(BadgeCriteria c)
    {
        var inv = CultureInfo.InvariantCulture;
        return new(c.MicroCredentialOnly, c.MinEqfLevel?.ToString(inv), c.MinCreditsEc?.ToString("0.##", inv), c.IssuerCountry,
            Join(c.IssuerIds), Join(c.AchievementIds), Join(c.AnyAlignments), Join(c.AnyLearningOutcomes), c.IssuedOnOrAfter?.ToString("yyyy-MM-dd", inv));
    }

    /// <summary>
    /// The criteria the text describes. Every problem — unreadable numbers or dates, then <see cref="BadgeCriteria.Validate"/> — goes to
    /// <paramref name="add"/> under <paramref name="prefix"/> + the criteria's field name; the result counts only when none was added.
    /// </summary>
    public BadgeCriteria Parse(string prefix, IStringLocalizer<PresentationsText> t, Action<string, string> add, IEnumerable<string>? moreAchievementIds = null)
    {
        int? eqf = null;
        if (Trim(MinEqfLevel) is { } eqfText)
        {
            if (eqfText.Length <= MaxNumberLength && int.TryParse(eqfText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var level)) eqf = level;
            else add(prefix + nameof(BadgeCriteria.MinEqfLevel), t["Criteria_WholeNumber"].Value);
        }
        decimal? ec = null;
        if (Trim(MinCreditsEc)?.Replace(',', '.') is { } ecText)
        {
            if (ecText.Length <= MaxNumberLength && decimal.TryParse(ecText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) ec = value;
            else add(prefix + nameof(BadgeCriteria.MinCreditsEc), t["Criteria_Number"].Value);
        }
        DateOnly? after = null;
        if (Trim(IssuedOnOrAfter) is { } dateText)
        {
            if (DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) after = date;
            else add(prefix + nameof(BadgeCriteria.IssuedOnOrAfter), t["Criteria_Date"].Value);
        }
        var criteria = new BadgeCriteria
        {
            MicroCredentialOnly = MicroCredentialOnly, MinEqfLevel = eqf, MinCreditsEc = ec, IssuerCountry = Trim(IssuerCountry)?.ToUpperInvariant(),
            IssuerIds = Lines(IssuerIds), AchievementIds = [.. Lines(AchievementIds).Concat(moreAchievementIds ?? []).Distinct(StringComparer.Ordinal)],
            AnyAlignments = Lines(AnyAlignments), AnyLearningOutcomes = Lines(AnyLearningOutcomes), IssuedOnOrAfter = after,
        };
        foreach (var (field, messages) in criteria.Validate(t, prefix))
            foreach (var message in messages) add(field, message);
        return criteria;
    }

    /// <summary>Non-empty trimmed lines, each once.</summary>
    public static List<string> Lines(string? text) =>
        [.. (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal)];

    private static string Join(List<string> lines) => string.Join('\n', lines);

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
