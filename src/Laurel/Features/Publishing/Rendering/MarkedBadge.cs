using SkiaSharp;

namespace Laurel.Features.Publishing.Rendering;

/// <summary>The credential image as PNG: the marked badge for micro-credentials, the normalised image otherwise.</summary>
public static class MarkedBadge
{
    public const int DefaultSize = 600;

    public static byte[] Png(BadgeArt art, int size = DefaultSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 32);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, 2048);
        using var source = BadgeSource.Read(art.Image);
        using var surface = SKSurface.Create(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException("Cannot allocate a drawing surface.");
        surface.Canvas.Clear(SKColors.Transparent);
        BadgePainter.Paint(surface.Canvas, new SKRect(0, 0, size, size), art, source);
        using var snapshot = surface.Snapshot();
        return BadgeSource.EncodePng(snapshot);
    }
}
