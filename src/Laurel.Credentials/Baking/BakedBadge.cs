using Laurel.Credentials.Limits;

namespace Laurel.Credentials.Baking;

/// <summary>Which baking rules apply: OB 2.0 (<c>openbadges</c>) or OB 3.0 (<c>openbadgecredential</c>).</summary>
public enum BadgeSpec
{
    /// <summary>Open Badges 2.0 / Baking 1.0: iTXt keyword <c>openbadges</c>, SVG <c>openbadges:assertion</c>.</summary>
    OpenBadges2,
    /// <summary>Open Badges 3.0: iTXt keyword <c>openbadgecredential</c>, SVG <c>openbadges:credential</c>.</summary>
    OpenBadges3,
}

/// <summary>What a baked image carries.</summary>
public enum BakedContentKind
{
    /// <summary>Credential or assertion JSON.</summary>
    Json,
    /// <summary>A compact JWS (VC-JWT or OB 2.0 signed assertion).</summary>
    CompactJws,
    /// <summary>A hosted assertion URL (legacy OB 1.x tEXt chunks).</summary>
    Url,
}

/// <summary>The payload found in (or to put into) a baked badge image. Unbaking is only transport: verify afterwards (BAKE-P6).</summary>
public sealed record BakedBadge(BadgeSpec Spec, BakedContentKind Kind, string Content)
{
    /// <summary>For OB 2.0 SVGs with a JSON body: the hosted assertion URL from the <c>verify</c> attribute.</summary>
    public string? VerifyUrl { get; init; }

    /// <summary>Classifies baked text: JSON when it starts with '{', a URL for http(s), else a compact JWS.</summary>
    public static BakedContentKind Classify(string content)
    {
        var text = content.AsSpan().TrimStart();
        if (text.StartsWith("{")) return BakedContentKind.Json;
        if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            return BakedContentKind.Url;
        return BakedContentKind.CompactJws;
    }
}

/// <summary>Raised when an image cannot be baked or unbaked; the message says why.</summary>
public sealed class BakingException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Size limits that keep (un)baking of untrusted images bounded.</summary>
public sealed record BakingLimits
{
    /// <summary>Largest image accepted.</summary>
    public int MaxImageBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Largest baked text accepted (after decompression).</summary>
    public int MaxTextBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Most XML elements in an SVG (<see cref="ProcessingLimits.MaxSvgElements"/>).</summary>
    public int MaxSvgElements { get; init; } = ProcessingLimits.Default.MaxSvgElements;

    /// <summary>Deepest element nesting in an SVG (<see cref="ProcessingLimits.MaxSvgDepth"/>).</summary>
    public int MaxSvgDepth { get; init; } = ProcessingLimits.Default.MaxSvgDepth;

    /// <summary>Most chunks in a PNG (<see cref="ProcessingLimits.MaxPngChunks"/>).</summary>
    public int MaxPngChunks { get; init; } = ProcessingLimits.Default.MaxPngChunks;

    /// <summary>The defaults.</summary>
    public static BakingLimits Default { get; } = new();

    internal static BakingException Exceeded(string limit, long max, string what)
    {
        var exceeded = ProcessingLimitExceededException.Of(limit, max, what);
        return new(exceeded.Message, exceeded);
    }
}
