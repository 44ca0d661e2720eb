namespace Laurel.Features.Verification;

/// <summary>Values that break a phone layout unless they may wrap anywhere: DIDs, URNs, hashes, long URLs (one word, 32+ characters).</summary>
public static class LongIdentifier
{
    public static bool Is(string? value) =>
        value is { Length: >= 32 } && !value.Contains(' ', StringComparison.Ordinal)
        || value is not null && (value.StartsWith("did:", StringComparison.Ordinal) || value.StartsWith("urn:", StringComparison.Ordinal));
}
