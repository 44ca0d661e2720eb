using SkiaSharp;

namespace Laurel.Features.Publishing.Rendering;

/// <summary>
/// Geometry of the badge on a 600-unit square, shared by the raster painter and the SVG writer so the two
/// downloads look the same. The mark is a purple frame with a band carrying the label and level/EC.
/// </summary>
internal static class BadgeLayout
{
    public const float Size = 600;
    public const float OuterRadius = 56;
    public static readonly SKRect Panel = new(18, 18, 582, 452);
    public const float PanelRadius = 40;
    public static readonly SKRect FramedImage = new(44, 40, 556, 432);
    public static readonly SKRect PlainImage = new(0, 0, 600, 600);
    public const float BandTextWidth = 520;
    public const float LabelBaseline = 514;
    public const float LabelAloneBaseline = 534;
    public const float LevelBaseline = 562;

    public static FittedText Label(BadgeArt art) => TextFit.Fit(art.MarkLabel, RenderFonts.Bold, BandTextWidth, 1, 46, 18);
    public static FittedText Level(BadgeArt art) => TextFit.Fit(art.LevelAndLoad, RenderFonts.Regular, BandTextWidth, 1, 34, 14);

    /// <summary>The largest rectangle with the source's aspect ratio centred in the box.</summary>
    public static SKRect Contain(SKRect box, float width, float height)
    {
        if (width <= 0 || height <= 0) return box;
        var scale = Math.Min(box.Width / width, box.Height / height);
        var w = width * scale;
        var h = height * scale;
        return SKRect.Create(box.MidX - w / 2, box.MidY - h / 2, w, h);
    }

    public static SKColor Colour(string? hex, string fallback) =>
        hex is not null && SKColor.TryParse(hex, out var colour) ? colour.WithAlpha(255) : SKColor.Parse(fallback);

    public static string Hex(SKColor colour) => $"#{colour.Red:X2}{colour.Green:X2}{colour.Blue:X2}";
}
