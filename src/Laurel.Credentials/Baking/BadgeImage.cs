namespace Laurel.Credentials.Baking;

/// <summary>The two image formats badges may be baked into (BAKE-P1).</summary>
public enum BadgeImageFormat
{
    /// <summary>Neither PNG nor SVG.</summary>
    Unknown,
    /// <summary>PNG.</summary>
    Png,
    /// <summary>SVG (XML).</summary>
    Svg,
}

/// <summary>Format-sniffing front door for baking and unbaking PNG or SVG badge images.</summary>
public static class BadgeImage
{
    /// <summary>Detects PNG by its signature and SVG by an XML/svg start (after an optional BOM and whitespace).</summary>
    public static BadgeImageFormat Detect(ReadOnlySpan<byte> image)
    {
        if (image.StartsWith(PngChunks.Signature)) return BadgeImageFormat.Png;
        if (image.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) image = image[3..];
        var i = 0;
        while (i < image.Length && image[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') i++;
        var head = image[i..];
        if (head.StartsWith("<?xml"u8) || head.StartsWith("<svg"u8) || head.StartsWith("<!DOCTYPE svg"u8) || head.StartsWith("<!--"u8))
            return BadgeImageFormat.Svg;
        return BadgeImageFormat.Unknown;
    }

    /// <summary>Bakes into a PNG or SVG; any other format is refused (BAKE-P1).</summary>
    public static byte[] Bake(ReadOnlySpan<byte> image, BadgeSpec spec, string content, BakingLimits? limits = null) => Detect(image) switch
    {
        BadgeImageFormat.Png => PngBaker.Bake(image, spec, content, limits: limits),
        BadgeImageFormat.Svg => SvgBaker.Bake(image, spec, content, limits: limits),
        _ => throw new BakingException("Badges can only be baked into PNG or SVG images (BAKE-P1)."),
    };

    /// <summary>Unbakes a PNG or SVG; null when it carries no badge; <see cref="BakingException"/> for other or corrupt input.</summary>
    public static BakedBadge? Unbake(ReadOnlySpan<byte> image, BakingLimits? limits = null) => Detect(image) switch
    {
        BadgeImageFormat.Png => PngBaker.Unbake(image, limits),
        BadgeImageFormat.Svg => SvgBaker.Unbake(image, limits),
        _ => throw new BakingException("Not a PNG or SVG image."),
    };
}
