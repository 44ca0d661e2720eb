using SkiaSharp;

namespace Laurel.Features.Publishing.Rendering;

/// <summary>
/// Draws the credential image into a square on any canvas (a PNG surface, the share image, the PDF page):
/// micro-credentials get the frame and label band, other kinds just the image.
/// </summary>
internal static class BadgePainter
{
    public static void Paint(SKCanvas canvas, SKRect square, BadgeArt art, BadgeSource source)
    {
        canvas.Save();
        canvas.Translate(square.Left, square.Top);
        canvas.Scale(square.Width / BadgeLayout.Size, square.Height / BadgeLayout.Size);
        if (art.IsMicroCredential) PaintMark(canvas, art, source);
        else PaintImage(canvas, BadgeLayout.PlainImage, art, source);
        canvas.Restore();
    }

    private static void PaintMark(SKCanvas canvas, BadgeArt art, BadgeSource source)
    {
        using var mark = new SKPaint { Color = SKColor.Parse(BadgeArt.MarkColour), IsAntialias = true };
        canvas.DrawRoundRect(new SKRect(0, 0, BadgeLayout.Size, BadgeLayout.Size), BadgeLayout.OuterRadius, BadgeLayout.OuterRadius, mark);
        using var panel = new SKPaint { Color = SKColors.White, IsAntialias = true };
        canvas.DrawRoundRect(BadgeLayout.Panel, BadgeLayout.PanelRadius, BadgeLayout.PanelRadius, panel);
        PaintImage(canvas, BadgeLayout.FramedImage, art, source);

        using var white = new SKPaint { Color = SKColors.White, IsAntialias = true };
        var label = BadgeLayout.Label(art);
        var level = art.LevelAndLoad;
        using var labelFont = new SKFont(RenderFonts.Bold, label.Size);
        var labelBaseline = level.Length == 0 ? BadgeLayout.LabelAloneBaseline : BadgeLayout.LabelBaseline;
        canvas.DrawText(label.Lines[0], BadgeLayout.Size / 2, labelBaseline, SKTextAlign.Center, labelFont, white);
        if (level.Length == 0) return;
        var fitted = BadgeLayout.Level(art);
        using var levelFont = new SKFont(RenderFonts.Regular, fitted.Size);
        canvas.DrawText(fitted.Lines[0], BadgeLayout.Size / 2, BadgeLayout.LevelBaseline, SKTextAlign.Center, levelFont, white);
    }

    private static void PaintImage(SKCanvas canvas, SKRect box, BadgeArt art, BadgeSource source)
    {
        if (source.Raster is { } image)
        {
            var target = BadgeLayout.Contain(box, image.Width, image.Height);
            using var paint = new SKPaint { IsAntialias = true };
            canvas.DrawImage(image, target, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear), paint);
            return;
        }
        // SVG sources cannot be rasterised by SkiaSharp; they, and missing or broken images, get the generic badge.
        GenericBadge.Paint(canvas, box, art.AchievementName, BadgeLayout.Colour(art.AccentColour, BadgeArt.DefaultAccent));
    }
}
