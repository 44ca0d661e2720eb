using SkiaSharp;

namespace Laurel.Features.Publishing.Rendering;

/// <summary>Small text-flow helpers over a canvas: blocks of wrapped text placed from their top edge.</summary>
internal sealed class PdfPageWriter(SKCanvas canvas)
{
    public static readonly SKColor Dark = new(0x1A, 0x1A, 0x22);
    public static readonly SKColor Grey = new(0x55, 0x55, 0x60);

    public SKCanvas Canvas { get; } = canvas;

    /// <summary>Draws text wrapped to the width, shrinking to minSize and then cutting, and returns its bottom edge.</summary>
    public float Block(string text, float left, float top, float width, SKTypeface face, float size, float minSize, int maxLines, SKColor colour)
    {
        var fitted = TextFit.Fit(text, face, width, maxLines, size, minSize);
        using var font = new SKFont(face, fitted.Size);
        using var paint = new SKPaint { Color = colour, IsAntialias = true };
        var y = top;
        foreach (var line in fitted.Lines)
        {
            Canvas.DrawText(line, left, y + fitted.Size, SKTextAlign.Left, font, paint);
            y += fitted.LineHeight;
        }
        return y;
    }

    public void Line(string text, float left, float top, SKTypeface face, float size, SKColor colour)
    {
        using var font = new SKFont(face, size);
        using var paint = new SKPaint { Color = colour, IsAntialias = true };
        Canvas.DrawText(text, left, top + size, SKTextAlign.Left, font, paint);
    }

    public List<string> Wrap(string text, SKTypeface face, float size, float width)
    {
        using var font = new SKFont(face, size);
        return TextFit.Wrap(string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), font, width);
    }

    public void Rule(float y, SKColor colour, float thickness)
    {
        using var paint = new SKPaint { Color = colour, StrokeWidth = thickness, IsAntialias = true };
        Canvas.DrawLine(50, y, Canvas.LocalClipBounds.Right - 50, y, paint);
    }

    public void Image(SKImage image, SKRect box)
    {
        using var paint = new SKPaint { IsAntialias = true };
        Canvas.DrawImage(image, box, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear), paint);
    }
}
