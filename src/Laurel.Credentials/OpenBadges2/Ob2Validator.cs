using System.Globalization;

namespace Laurel.Credentials.OpenBadges2;

/// <summary>Data checks for OB 2.0 objects beyond deserialization (OB2-1.2, OB2-1.4).</summary>
public static class Ob2Validator
{
    /// <summary>Problems with an assertion: type, recipient, dates (expires after issuedOn), verification type.</summary>
    public static IReadOnlyList<string> Validate(Assertion assertion)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var problems = new List<string>();
        if (!assertion.Type.Contains("Assertion")) problems.Add("type must be 'Assertion'.");
        if (!IsIri(assertion.Id)) problems.Add("id must be an IRI.");
        if (assertion.Badge.Id is null && assertion.Badge.Value is null) problems.Add("badge is required.");
        if (!assertion.Verification.IsHosted && !assertion.Verification.IsSigned)
            problems.Add("verification.type must be hosted/HostedBadge or signed/SignedBadge.");
        if (assertion.Verification.IsHosted && !assertion.Id.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            problems.Add("A hosted assertion's id must be its HTTP(S) URL (OB2-1.2).");
        if (assertion.Recipient.Hashed && !assertion.Recipient.Identity.Contains('$'))
            problems.Add("recipient.identity of a hashed recipient must be '<alg>$<hex>'.");
        var issued = ParseDate(assertion.IssuedOn);
        if (issued is null) problems.Add("issuedOn must be a date-time.");
        if (assertion.Expires is { } expiresText)
        {
            var expires = ParseDate(expiresText);
            if (expires is null) problems.Add("expires must be a date-time.");
            else if (issued is { } i && expires < i) problems.Add("expires precedes issuedOn.");
        }
        return problems;
    }

    /// <summary>Problems with a BadgeClass: type, IRIs and the required image.</summary>
    public static IReadOnlyList<string> Validate(BadgeClass badge)
    {
        ArgumentNullException.ThrowIfNull(badge);
        var problems = new List<string>();
        if (!badge.Type.Contains("BadgeClass")) problems.Add("type must be 'BadgeClass'.");
        if (!IsIri(badge.Id)) problems.Add("id must be an IRI.");
        if (badge.Issuer.Id is null) problems.Add("issuer must have an id.");
        if (badge.Image is null) problems.Add("image is required.");
        return problems;
    }

    /// <summary>Problems with an issuer profile: type and IRIs.</summary>
    public static IReadOnlyList<string> Validate(Ob2Profile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var problems = new List<string>();
        if (!profile.Type.Contains("Issuer") && !profile.Type.Contains("Profile")) problems.Add("type must be 'Issuer' or 'Profile'.");
        if (!IsIri(profile.Id)) problems.Add("id must be an IRI.");
        if (!IsIri(profile.Url)) problems.Add("url must be an IRI.");
        return problems;
    }

    /// <summary>
    /// OB2-1.2: whether a hosted assertion id lies in the issuer's scope: every <c>startsWith</c> prefix policy and
    /// <c>allowedOrigins</c> host list that is present must pass; without a policy the host must equal the issuer id's host.
    /// </summary>
    public static bool IsInIssuerScope(string assertionId, Ob2Profile issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        if (!System.Uri.TryCreate(assertionId, UriKind.Absolute, out var assertionUri)) return false;
        var policy = issuer.Verification;
        if (policy?.StartsWith is { Count: > 0 } prefixes && !prefixes.Any(p => assertionId.StartsWith(p, StringComparison.Ordinal)))
            return false;
        if (policy?.AllowedOrigins is { Count: > 0 } origins)
            return origins.Any(o => string.Equals(o, assertionUri.Authority, StringComparison.OrdinalIgnoreCase)
                || string.Equals(o, assertionUri.Host, StringComparison.OrdinalIgnoreCase));
        if (policy?.StartsWith is { Count: > 0 }) return true;
        return System.Uri.TryCreate(issuer.Id, UriKind.Absolute, out var issuerUri)
            && string.Equals(issuerUri.Authority, assertionUri.Authority, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsIri(string? value) => value is not null && value.IndexOf(':') > 0 && !value.Any(char.IsWhiteSpace);

    private static DateTimeOffset? ParseDate(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;
}
