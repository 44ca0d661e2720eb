using Laurel.Features.Achievements;

namespace Laurel.Features.Publishing.Rendering;

/// <summary>
/// What the credential image is drawn from: the achievement's own image (PNG or sanitized SVG, may be absent),
/// its kind, and for micro-credentials the level and study load shown in the mark. Language is "nl" or "en".
/// </summary>
public sealed record BadgeArt(
    string AchievementName,
    AchievementKind Kind,
    int? EqfLevel,
    decimal? Ec,
    string Language,
    byte[]? Image = null,
    string? AccentColour = null)
{
    /// <summary>Colour of the micro-credential frame and label band (also what tests look for).</summary>
    public const string MarkColour = "#4B2882";
    /// <summary>Background of the generic badge when the institution has no colour of its own.</summary>
    public const string DefaultAccent = "#1D4F91";

    public bool IsMicroCredential => Kind == AchievementKind.MicroCredential;

    /// <summary>Builds the art from a stored definition (image bytes as uploaded: PNG or sanitized SVG).</summary>
    public static BadgeArt From(Achievement achievement, string language, string? accentColour = null) =>
        new(achievement.Name, achievement.Kind, achievement.EqfLevel, achievement.StudyLoadEc, language,
            achievement.Image, accentColour);

    /// <summary>"MICRO-CREDENTIAL" (en) or "MICROCREDENTIAL" (nl): the label inside the mark.</summary>
    public string MarkLabel => RenderingText.Get("MarkLabel", Language);

    /// <summary>"EQF 6 · 5 EC", or whichever part is known; empty when neither is.</summary>
    public string LevelAndLoad
    {
        get
        {
            var parts = new List<string>();
            if (EqfLevel is { } level) parts.Add($"EQF {level}");
            if (Ec is { } ec) parts.Add($"{FormatEc(ec, Language)} EC");
            return string.Join(" · ", parts);
        }
    }

    /// <summary>"Micro-credential · EQF 6 · 5 EC" for micro-credentials, empty for other kinds.</summary>
    public string KindLine
    {
        get
        {
            if (!IsMicroCredential) return "";
            var load = LevelAndLoad;
            var kind = RenderingText.Get("KindMicroCredential", Language);
            return load.Length == 0 ? kind : kind + " · " + load;
        }
    }

    /// <summary>EC with at most one decimal, in the language's notation (2,5 in Dutch, 2.5 in English).</summary>
    public static string FormatEc(decimal ec, string language) =>
        Math.Round(ec, 1).ToString("0.#", RenderingText.Culture(language));
}
