namespace Laurel.Credentials.SdJwt;

/// <summary>
/// Budgets for verifying untrusted SD-JWTs (RFC 9901 §9 leaves them to the verifier). The defaults are far above any
/// real badge (a few dozen disclosures, a few KB) and keep a hostile token to milliseconds of work.
/// </summary>
public sealed record SdJwtLimits
{
    /// <summary>Default <see cref="MaxLength"/>: 512 KB (badge images are referenced by URL in SD-JWT VC, not embedded).</summary>
    public const int DefaultMaxLength = 512 * 1024;

    /// <summary>Default <see cref="MaxDisclosures"/>.</summary>
    public const int DefaultMaxDisclosures = 1_000;

    /// <summary>The defaults.</summary>
    public static SdJwtLimits Default { get; } = new();

    /// <summary>Longest serialized SD-JWT (characters, including disclosures and KB-JWT).</summary>
    public int MaxLength { get; init; } = DefaultMaxLength;

    /// <summary>Most disclosures.</summary>
    public int MaxDisclosures { get; init; } = DefaultMaxDisclosures;

    /// <summary>Deepest JSON nesting, counted through the disclosures that nest into each other.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Most digests (<c>_sd</c> entries and <c>...</c> elements, decoys included) in the payload and disclosures together.</summary>
    public int MaxDigests { get; init; } = 10_000;
}
