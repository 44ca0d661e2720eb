using System.Globalization;
using System.Resources;

namespace Laurel.Features.Publishing.Rendering;

/// <summary>
/// Marker for the rendering texts (RenderingText.resx, RenderingText.nl.resx). Rendering runs outside a request,
/// so texts are looked up for an explicit language rather than the current UI culture.
/// </summary>
public sealed class RenderingText
{
    private static readonly ResourceManager Resources = new(typeof(RenderingText));

    /// <summary>"en" gives English; anything else the default, Dutch.</summary>
    public static CultureInfo Culture(string language) =>
        CultureInfo.GetCultureInfo(language == "en" ? "en-GB" : "nl-NL");

    public static string Get(string key, string language) =>
        Resources.GetString(key, Culture(language)) ?? throw new InvalidOperationException($"Missing rendering text {key}.");

    public static string Format(string key, string language, params object[] args) =>
        string.Format(Culture(language), Get(key, language), args);
}
