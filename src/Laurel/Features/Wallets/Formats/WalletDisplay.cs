using System.Globalization;
using System.Text.Json.Nodes;
using Laurel.Features.Achievements;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Wallets.Formats;

/// <summary>
/// How a badge looks in a wallet, the same in the OpenID4VCI issuer metadata (<c>credential_metadata.display</c>) and in the
/// SD-JWT VC type metadata (<c>display[].rendering.simple</c>): its name and description in nl and en, the badge image as logo,
/// and a background colour of its own so every badge looks distinct in a wallet's card list.
/// </summary>
public static class WalletDisplay
{
    /// <summary>The languages every display array carries.</summary>
    public static readonly IReadOnlyList<string> Languages = ["nl", "en"];

    /// <summary>Wallets show a short text on the card; longer descriptions are cut at a word.</summary>
    public const int MaxDescriptionLength = 300;

    /// <summary>
    /// The OpenID4VCI <c>display</c> array of one achievement (OpenID4VCI 1.0 Appendix A.1.2 / §12.2.4):
    /// <c>[{name, locale, description, logo {uri, alt_text}, background_color, text_color}]</c> in nl and en.
    /// </summary>
    public static JsonArray For(Achievement achievement, PublicOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(achievement);
        var colours = ColoursOf(achievement);
        var display = new JsonArray();
        foreach (var language in Languages)
        {
            var text = achievement.TextIn(language);
            display.Add(new JsonObject
            {
                ["name"] = text.Name,
                ["locale"] = language,
                ["description"] = Shorten(text.Description),
                ["logo"] = Logo(achievement, origin, text.Name),
                ["background_color"] = colours.Background,
                ["text_color"] = colours.Text,
            });
        }
        return display;
    }

    /// <summary>The badge image (the rendered PNG with the micro-credential mark) as a wallet logo.</summary>
    public static JsonObject Logo(Achievement achievement, PublicOrigin origin, string altText) =>
        new() { ["uri"] = origin.Url($"/catalog/{achievement.Id}/badge.png"), ["alt_text"] = altText };

    /// <summary>
    /// The card colours of a badge. The hue is the one stored for its lineage (<see cref="Achievement.CardHue"/>, chosen at first
    /// publication far from the institution's other badges; a hash of the lineage only for a definition that has none yet); micro-credentials lean to the mark's purple saturation, other kinds are a little lighter. The text colour is whichever of
    /// white or near-black contrasts more with the background (WCAG 2.1 contrast ratio, at least 4.5:1 for these lightnesses).
    /// </summary>
    public static (string Background, string Text) ColoursOf(Achievement achievement)
    {
        ArgumentNullException.ThrowIfNull(achievement);
        var hue = achievement.CardHue ?? CardHues.Choose([], achievement.LineageId == Guid.Empty ? achievement.Id : achievement.LineageId);
        var micro = achievement.Kind == AchievementKind.MicroCredential;
        var (r, g, b) = FromHsl(hue, micro ? 0.55 : 0.45, micro ? 0.30 : 0.34);
        var background = Hex(r, g, b);
        var luminance = Luminance(r, g, b);
        var whiteContrast = 1.05 / (luminance + 0.05);
        var darkContrast = (luminance + 0.05) / (Luminance(0x1A, 0x1A, 0x1A) + 0.05);
        return (background, whiteContrast >= darkContrast ? "#FFFFFF" : "#1A1A1A");
    }

    private static string Shorten(string text)
    {
        text = text.Trim();
        if (text.Length <= MaxDescriptionLength) return text;
        var cut = text.LastIndexOf(' ', MaxDescriptionLength - 1);
        return text[..(cut > MaxDescriptionLength / 2 ? cut : MaxDescriptionLength - 1)].TrimEnd() + "…";
    }

    private static (int R, int G, int B) FromHsl(double h, double s, double l)
    {
        var c = (1 - Math.Abs(2 * l - 1)) * s;
        var x = c * (1 - Math.Abs(h / 60 % 2 - 1));
        var m = l - c / 2;
        var (r, g, b) = h switch
        {
            < 60 => (c, x, 0d),
            < 120 => (x, c, 0d),
            < 180 => (0d, c, x),
            < 240 => (0d, x, c),
            < 300 => (x, 0d, c),
            _ => (c, 0d, x),
        };
        return ((int)Math.Round((r + m) * 255), (int)Math.Round((g + m) * 255), (int)Math.Round((b + m) * 255));
    }

    private static double Luminance(int r, int g, int b)
    {
        static double Channel(int v)
        {
            var c = v / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * Channel(r) + 0.7152 * Channel(g) + 0.0722 * Channel(b);
    }

    private static string Hex(int r, int g, int b) => string.Create(CultureInfo.InvariantCulture, $"#{r:X2}{g:X2}{b:X2}");
}
