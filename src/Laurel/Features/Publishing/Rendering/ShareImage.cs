using SkiaSharp;

namespace Laurel.Features.Publishing.Rendering;

/// <summary>
/// The 1200×627 preview LinkedIn and other OpenGraph consumers show for a public badge page: the marked badge on
/// the left, the achievement, the institution and (for micro-credentials) kind, level and EC on the right.
/// </summary>
public static class ShareImage
{
    public const int Width = 1200;
    public const int Height = 627;
    private const float TextLeft = 620;
    private const float TextWidth = 530;

    public static byte[] Png(BadgeArt art, string institutionName)
    {
        using var source = BadgeSource.Read(art.Image);
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException("Cannot allocate a drawing surface.");
        var canvas = surface.Canvas;
        canvas.Clear(new SKColor(0xF6, 0xF4, 0xFA));
        using (var stripe = new SKPaint { Color = SKColor.Parse(art.IsMicroCredential ? BadgeArt.MarkColour : BadgeArt.DefaultAccent) })
            canvas.DrawRect(0, Height - 14, Width, 14, stripe);
        BadgePainter.Paint(canvas, SKRect.Create(60, 56, 500, 500), art, source);
        PaintText(canvas, art, institutionName);
        using var snapshot = surface.Snapshot();
        return BadgeSource.EncodePng(snapshot);
    }

    private static void PaintText(SKCanvas canvas, BadgeArt art, string institutionName)
    {
        var institution = TextFit.Fit(institutionName, RenderFonts.Regular, TextWidth, 2, 28, 18);
        var name = TextFit.Fit(art.AchievementName, RenderFonts.Bold, TextWidth, 4, 54, 26);
        var kindLine = art.KindLine;
        var kind = kindLine.Length == 0 ? null : TextFit.Fit(kindLine, RenderFonts.Bold, TextWidth, 2, 30, 18);
        const float gap = 28;
        var total = institution.Height + gap + name.Height + (kind is null ? 0 : gap + kind.Height);
        var y = (Height - 14 - total) / 2;

        using var grey = new SKPaint { Color = new SKColor(0x4A, 0x4A, 0x55), IsAntialias = true };
        using var dark = new SKPaint { Color = new SKColor(0x1A, 0x1A, 0x22), IsAntialias = true };
        using var mark = new SKPaint { Color = SKColor.Parse(BadgeArt.MarkColour), IsAntialias = true };
        y = Lines(canvas, institution, RenderFonts.Regular, grey, y) + gap;
        y = Lines(canvas, name, RenderFonts.Bold, dark, y);
        if (kind is not null) Lines(canvas, kind, RenderFonts.Bold, mark, y + gap);
    }

    // Draws lines from a top edge and returns the bottom edge.
    private static float Lines(SKCanvas canvas, FittedText text, SKTypeface face, SKPaint paint, float top)
    {
        using var font = new SKFont(face, text.Size);
        var y = top;
        foreach (var line in text.Lines)
        {
            canvas.DrawText(line, TextLeft, y + text.Size, SKTextAlign.Left, font, paint);
            y += text.LineHeight;
        }
        return y;
    }
}
