using System.Globalization;

namespace Laurel.Features.Achievements;

/// <summary>Languages a definition may be taught and assessed in (ISO 639-1), shown by their own name.</summary>
public static class AchievementLanguages
{
    public static readonly IReadOnlyList<string> Codes =
    [
        "nl", "en", "de", "fr", "es", "it", "pt", "pl", "sv", "da", "fi", "nb", "el", "cs", "hu", "ro", "bg", "hr",
        "sk", "sl", "et", "lv", "lt", "ga", "mt", "tr", "ar", "zh", "ja", "uk", "fy",
    ];

    /// <summary>Languages Laurel's pages are written in: a definition may carry its texts in each of them besides its main language.</summary>
    public static readonly IReadOnlyList<string> TextLanguages = ["nl", "en"];

    public static bool IsKnown(string? code) => code is not null && Codes.Contains(code);

    /// <summary>The language's own name ("Deutsch"), so every reader recognises their language.</summary>
    public static string NativeName(string code)
    {
        try
        {
            var name = CultureInfo.GetCultureInfo(code).NativeName;
            return name.Length > 0 ? char.ToUpper(name[0], CultureInfo.GetCultureInfo(code)) + name[1..] : code;
        }
        catch (CultureNotFoundException)
        {
            return code;
        }
    }
}
