namespace Laurel.Credentials.TokenStatusList;

/// <summary>
/// Budgets for status lists read from elsewhere (draft-ietf-oauth-status-list §11 "Security Considerations": a
/// verifier fetches and inflates data an outsider controls). DEFLATE expands up to ~1032:1, so a 1 KB
/// <c>lst</c> can claim a megabyte; the inflate stops at <see cref="MaxDecompressedBytes"/> instead of trusting it.
/// </summary>
public sealed record TokenStatusListLimits
{
    /// <summary>The defaults: 2 MiB token, 1 MiB compressed list, 16 MiB inflated (134 million 1-bit entries).</summary>
    public static TokenStatusListLimits Default { get; } = new();

    /// <summary>Longest Status List Token (compact JWS characters) that is parsed at all.</summary>
    public int MaxTokenChars { get; init; } = 2 * 1024 * 1024;

    /// <summary>Largest compressed byte array (after base64url decoding of <c>lst</c>).</summary>
    public int MaxCompressedBytes { get; init; } = 1024 * 1024;

    /// <summary>Largest inflated byte array; inflating stops as soon as it would grow past this.</summary>
    public int MaxDecompressedBytes { get; init; } = 16 * 1024 * 1024;
}
