using System.Text.Json.Nodes;

namespace Laurel.Credentials.OpenBadges;

/// <summary>Where "now" falls relative to a credential's validity period (OB3 §6 step 4).</summary>
public enum ValidityState
{
    /// <summary>Within validFrom..validUntil.</summary>
    Valid,
    /// <summary>Before validFrom.</summary>
    NotYetValid,
    /// <summary>After validUntil.</summary>
    Expired,
    /// <summary>The dates are missing or unreadable.</summary>
    Malformed,
}

/// <summary>Checks validFrom/validUntil (or the VC 1.1 issuanceDate/expirationDate) against a clock.</summary>
public static class CredentialValidity
{
    /// <summary>Classifies <paramref name="now"/> against the credential's validity period with a clock-skew tolerance.</summary>
    public static ValidityState Check(JsonObject credential, DateTimeOffset now, TimeSpan? clockSkew = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var skew = clockSkew ?? TimeSpan.FromMinutes(5);
        var fromNode = credential["validFrom"] ?? credential["issuanceDate"];
        var untilNode = credential["validUntil"] ?? credential["expirationDate"];
        if (ShapeRules.Text(fromNode) is not { } fromText || !ShapeRules.TryDateTimeZ(fromText, out var from))
            return ValidityState.Malformed;
        DateTimeOffset? until = null;
        if (untilNode is not null)
        {
            if (ShapeRules.Text(untilNode) is not { } untilText || !ShapeRules.TryDateTimeZ(untilText, out var u)) return ValidityState.Malformed;
            until = u;
        }
        if (now + skew < from) return ValidityState.NotYetValid;
        if (until is { } end && now - skew > end) return ValidityState.Expired;
        return ValidityState.Valid;
    }
}
