using QRCoder;
using SkiaSharp;

namespace Laurel.Features.Publishing.Rendering;

/// <summary>Draws a QR code as vector squares (sharp at any zoom or print size) with its quiet zone.</summary>
internal static class QrModules
{
    public static void Paint(SKCanvas canvas, SKRect square, string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix; // includes the four-module quiet zone on every side
        var count = matrix.Count;
        var module = square.Width / count;
        using var white = new SKPaint { Color = SKColors.White };
        canvas.DrawRect(square, white);
        using var black = new SKPaint { Color = SKColors.Black, IsAntialias = false };
        // One path for all dark modules: no hairline seams between neighbours, and a small PDF.
        using var builder = new SKPathBuilder();
        for (var row = 0; row < count; row++)
            for (var col = 0; col < count; col++)
                if (matrix[row][col])
                    builder.AddRect(SKRect.Create(square.Left + col * module, square.Top + row * module, module, module));
        using var path = builder.Detach();
        canvas.DrawPath(path, black);
    }
}
