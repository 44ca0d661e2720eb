using Laurel.Features.Achievements;
using Laurel.Features.Publishing.Rendering;
using SkiaSharp;

namespace Laurel.Tests.Rendering;

/// <summary>Inputs for rendering tests, and pixel helpers. Every artefact is also written to the test output
/// folder (render-output/) so a person can look at what the tests looked at.</summary>
internal static class RenderKit
{
    public static readonly SKColor Mark = SKColor.Parse(BadgeArt.MarkColour);
    public static readonly SKColor IssuerOrange = new(0xF2, 0x8C, 0x28);
    public const string Accent = "#C0392B";

    /// <summary>An issuer's badge: an orange disc with a green square on transparent ground (no purple anywhere).</summary>
    public static byte[] IssuerPng(int width = 400, int height = 400)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(SKColors.Transparent);
        using var orange = new SKPaint { Color = IssuerOrange, IsAntialias = true };
        surface.Canvas.DrawCircle(width / 2f, height / 2f, Math.Min(width, height) / 2f, orange);
        using var green = new SKPaint { Color = new SKColor(0x2E, 0x9E, 0x4F) };
        surface.Canvas.DrawRect(width * 0.4f, height * 0.4f, width * 0.2f, height * 0.2f, green);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public static BadgeArt MicroCredential(byte[]? image = null, string language = "en", string name = "Data Science in Practice") =>
        new(name, AchievementKind.MicroCredential, 6, 5m, language, image, Accent);

    public static BadgeArt Regular(byte[]? image = null, string language = "en") =>
        new("Academic Writing", AchievementKind.Regular, null, null, language, image, Accent);

    public static SKBitmap Decode(byte[] png) =>
        SKBitmap.Decode(png) ?? throw new Xunit.Sdk.XunitException("Output is not a decodable image.");

    public static bool Near(SKColor a, SKColor b, int tolerance = 6) =>
        Math.Abs(a.Red - b.Red) <= tolerance && Math.Abs(a.Green - b.Green) <= tolerance && Math.Abs(a.Blue - b.Blue) <= tolerance && a.Alpha > 240;

    public static int Count(SKBitmap bitmap, SKRectI region, SKColor colour, int tolerance = 6)
    {
        var n = 0;
        for (var y = region.Top; y < region.Bottom; y++)
            for (var x = region.Left; x < region.Right; x++)
                if (Near(bitmap.GetPixel(x, y), colour, tolerance)) n++;
        return n;
    }

    public static string Save(string name, byte[] bytes)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "render-output");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
