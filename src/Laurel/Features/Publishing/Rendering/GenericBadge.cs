using SkiaSharp;

namespace Laurel.Features.Publishing.Rendering;

/// <summary>
/// The badge drawn when there is no usable raster: a disc in the institution colour with the achievement's
/// initials and name. Used for absent or corrupt images, and for SVG sources whenever a PNG is needed, because
/// SkiaSharp cannot rasterise SVG (and we do not want a second renderer for untrusted markup).
/// </summary>
internal static class GenericBadge
{
    private static readonly HashSet<string> SmallWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "and", "of", "the", "for", "in", "on", "to", "with", "de", "het", "een", "en", "van", "voor",
        "op", "met", "der", "den", "te", "in", "&", "-",
    };

    public sealed record Layout(SKPoint Centre, float Radius, FittedText Initials, float InitialsBaseline,
        FittedText Name, float NameTop);

    public static Layout Measure(SKRect box, string name)
    {
        var radius = Math.Min(box.Width, box.Height) / 2 - 4;
        var d = radius * 2;
        var initials = TextFit.Fit(Initials(name), RenderFonts.Bold, d * 0.6f, 1, d * 0.3f, 8);
        var nameText = TextFit.Fit(name, RenderFonts.Regular, d * 0.66f, 2, d * 0.07f, d * 0.04f);
        return new(new SKPoint(box.MidX, box.MidY), radius, initials, box.MidY + d * 0.04f, nameText, box.MidY + d * 0.13f);
    }

    public static void Paint(SKCanvas canvas, SKRect box, string name, SKColor accent)
    {
        var layout = Measure(box, name);
        using var fill = new SKPaint { Color = accent, IsAntialias = true };
        canvas.DrawCircle(layout.Centre, layout.Radius, fill);
        using var ring = new SKPaint
        {
            Color = SKColors.White.WithAlpha(200), IsAntialias = true, Style = SKPaintStyle.Stroke,
            StrokeWidth = layout.Radius * 0.025f,
        };
        canvas.DrawCircle(layout.Centre, layout.Radius * 0.9f, ring);
        using var text = new SKPaint { Color = SKColors.White, IsAntialias = true };
        using var bold = new SKFont(RenderFonts.Bold, layout.Initials.Size);
        canvas.DrawText(layout.Initials.Lines[0], layout.Centre.X, layout.InitialsBaseline, SKTextAlign.Center, bold, text);
        using var regular = new SKFont(RenderFonts.Regular, layout.Name.Size);
        var y = layout.NameTop + layout.Name.Size;
        foreach (var line in layout.Name.Lines)
        {
            canvas.DrawText(line, layout.Centre.X, y, SKTextAlign.Center, regular, text);
            y += layout.Name.LineHeight;
        }
    }

    /// <summary>First letters of the first two significant words ("Data Science in Practice" → "DS").</summary>
    public static string Initials(string name)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => char.IsLetterOrDigit(w[0]) && !SmallWords.Contains(w)).ToList();
        if (words.Count == 0) return "★";
        return string.Concat(words.Take(2).Select(w => char.ToUpperInvariant(w[0])));
    }
}
