using System.Text.RegularExpressions;
using Laurel.Features.Achievements;

namespace Laurel.Features.Publishing.Rendering;

/// <summary>
/// Everything printed on the PDF certificate, in the learner's language (Badge.Language). Optional parts are
/// left out of the page when absent; the learner name is absent when the learner chose not to show it.
/// </summary>
public sealed partial record CertificateContent(
    BadgeArt Badge,
    string InstitutionName,
    string VerificationUrl,
    string CredentialId,
    DateOnly IssuedOn)
{
    /// <summary>PNG (or any raster Skia decodes); SVG logos are left out because they cannot be rasterised here.</summary>
    public byte[]? InstitutionLogo { get; init; }
    public string? IssuerName { get; init; }
    public string? LearnerName { get; init; }
    public DateOnly? CompletedOn { get; init; }
    public int? NlqfLevel { get; init; }
    public decimal? StudyLoadHours { get; init; }
    public IReadOnlyList<string> LearningOutcomes { get; init; } = [];
    public IReadOnlyList<AssessmentType> AssessmentTypes { get; init; } = [];
    /// <summary>Only when the learner shows the grade.</summary>
    public string? Grade { get; init; }

    public string Language => Badge.Language;

    /// <summary>The items of a Markdown list (as stored on the achievement) as plain sentences.</summary>
    public static IReadOnlyList<string> OutcomesFromMarkdown(string? markdown)
    {
        var items = new List<string>();
        foreach (var raw in (markdown ?? "").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            var bullet = ListMarker().Match(line);
            var text = Emphasis().Replace(bullet.Success ? line[bullet.Length..] : line, "").Trim();
            if (text.Length == 0) continue;
            if (bullet.Success || items.Count == 0) items.Add(text);
            else items[^1] += " " + text; // a wrapped continuation line of the previous item
        }
        return items;
    }

    [GeneratedRegex(@"^([-*+]|\d+[.)])\s+")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"\*\*|__|`")]
    private static partial Regex Emphasis();
}
