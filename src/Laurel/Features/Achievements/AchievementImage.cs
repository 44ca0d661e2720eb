using System.Text.RegularExpressions;
using System.Xml;

namespace Laurel.Features.Achievements;

/// <summary>Checks an uploaded badge image: PNG (by magic bytes) or SVG without active content, at most 2 MB.</summary>
public static partial class AchievementImage
{
    public const int MaxBytes = 2 * 1024 * 1024;
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The content type to store, or the resource key of the problem.</summary>
    public static (string? ContentType, string? ErrorKey) Check(byte[] bytes)
    {
        if (bytes.Length == 0) return (null, "Image_Empty");
        if (bytes.Length > MaxBytes) return (null, "Image_TooLarge");
        if (bytes.AsSpan().StartsWith(PngSignature)) return ("image/png", null);
        return IsHarmlessSvg(bytes) ? ("image/svg+xml", null) : (null, "Image_WrongType");
    }

    // Minimal refusal-based check (no rewriting): a shared SvgSanitizer is planned in Infrastructure/Web and should replace this.
    private static bool IsHarmlessSvg(byte[] bytes)
    {
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxBytes };
            using var reader = XmlReader.Create(new MemoryStream(bytes), settings);
            var root = true;
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.ProcessingInstruction && reader.Name != "xml") return false;
                if (reader.NodeType != XmlNodeType.Element) continue;
                if (root && reader.LocalName != "svg") return false;
                root = false;
                if (ForbiddenElement().IsMatch(reader.LocalName)) return false;
                while (reader.MoveToNextAttribute())
                {
                    if (reader.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase)) return false;
                    if (reader.LocalName == "href" && !reader.Value.TrimStart().StartsWith('#')) return false;
                    if (reader.Value.Contains("javascript:", StringComparison.OrdinalIgnoreCase)
                        || reader.Value.Contains("url(", StringComparison.OrdinalIgnoreCase) && reader.Value.Contains("//")) return false;
                }
            }
            return !root;
        }
        catch (XmlException)
        {
            return false;
        }
    }

    [GeneratedRegex("^(script|foreignObject|iframe|embed|object|handler|listener|animate|set|animateMotion|animateTransform|style|image)$", RegexOptions.IgnoreCase)]
    private static partial Regex ForbiddenElement();
}
