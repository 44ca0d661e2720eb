using SkiaSharp;

namespace Laurel.Features.Publishing.Rendering;

/// <summary>Lines of text and the font size at which they fit a box.</summary>
internal sealed record FittedText(float Size, IReadOnlyList<string> Lines)
{
    public float LineHeight => Size * 1.22f;
    public float Height => Lines.Count * LineHeight;
}

/// <summary>
/// Word-wraps text into at most a number of lines of a given width, shrinking the font down to a minimum first
/// and only then cutting the last line with an ellipsis, so long achievement names never overflow a frame.
/// </summary>
internal static class TextFit
{
    private const string Ellipsis = "…";

    public static FittedText Fit(string text, SKTypeface face, float maxWidth, int maxLines, float maxSize, float minSize)
    {
        text = Normalize(text);
        using var font = new SKFont(face, maxSize);
        for (var size = maxSize; size >= minSize; size -= Math.Max(0.5f, size * 0.05f))
        {
            font.Size = size;
            var lines = Wrap(text, font, maxWidth);
            if (lines.Count <= maxLines) return new(size, lines);
        }
        font.Size = minSize;
        var wrapped = Wrap(text, font, maxWidth);
        var kept = wrapped.Take(maxLines).ToList();
        kept[^1] = WithEllipsis(kept[^1], font, maxWidth);
        return new(minSize, kept);
    }

    /// <summary>Width of the text in the face at the size, in the same units as the canvas.</summary>
    public static float Measure(string text, SKTypeface face, float size)
    {
        using var font = new SKFont(face, size);
        return font.MeasureText(text);
    }

    public static List<string> Wrap(string text, SKFont font, float maxWidth)
    {
        var lines = new List<string>();
        var current = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (font.MeasureText(candidate) <= maxWidth) { current = candidate; continue; }
            if (current.Length > 0) lines.Add(current);
            current = word;
            // A single word wider than the box (a long compound, a URL) is broken between characters.
            while (font.MeasureText(current) > maxWidth && current.Length > 1)
            {
                var cut = current.Length - 1;
                while (cut > 1 && font.MeasureText(current[..cut]) > maxWidth) cut--;
                lines.Add(current[..cut]);
                current = current[cut..];
            }
        }
        if (current.Length > 0 || lines.Count == 0) lines.Add(current);
        return lines;
    }

    private static string WithEllipsis(string line, SKFont font, float maxWidth)
    {
        var cut = line.TrimEnd();
        while (cut.Length > 0 && font.MeasureText(cut + Ellipsis) > maxWidth) cut = cut[..^1].TrimEnd();
        return cut + Ellipsis;
    }

    private static string Normalize(string text) =>
        string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
