using SkiaSharp;

namespace Laurel.Features.Publishing.Rendering;

/// <summary>
/// The typefaces every rendering draws with, loaded once from fonts embedded in this assembly (DejaVu Sans,
/// licence in Fonts/LICENSE-DejaVu.txt), so output never depends on which fonts the server happens to have.
/// SKTypeface is immutable and safe to share between threads.
/// </summary>
internal static class RenderFonts
{
    /// <summary>Named in SVG output so viewers without DejaVu fall back to a similarly wide face.</summary>
    public const string SvgFontFamily = "DejaVu Sans, Verdana, Arial, sans-serif";

    private static readonly Lazy<SKTypeface> RegularFace = new(() => Load("DejaVuSans.ttf"));
    private static readonly Lazy<SKTypeface> BoldFace = new(() => Load("DejaVuSans-Bold.ttf"));

    public static SKTypeface Regular => RegularFace.Value;
    public static SKTypeface Bold => BoldFace.Value;

    private static SKTypeface Load(string file)
    {
        var name = "Laurel.Rendering.Fonts." + file;
        using var stream = typeof(RenderFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded font {name} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        using var data = SKData.CreateCopy(copy.ToArray());
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"Embedded font {name} cannot be read.");
    }
}
