using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.OpenBadges;

namespace Laurel.Credentials.Verification;

/// <summary>
/// Checks the validity period against now, plus a VC-JWT's nbf/exp. Open Badges 3.0 requires validFrom (OB3 §6 step 4); a
/// VC 2.0 credential may omit validFrom and validUntil, but when given they are xsd:dateTimeStamp values (VC-4.9); a VC 1.1
/// credential has issuanceDate and optionally expirationDate.
/// </summary>
internal static class DatesStage
{
    private const string V1Context = "https://www.w3.org/2018/credentials/v1";

    public static VerificationCheck Check(JsonObject credential, DateTimeOffset now, TimeSpan skew, IReadOnlyList<JwtProblem> jwtProblems,
        bool openBadge = true)
    {
        if (jwtProblems.Count > 0)
            return Fail(jwtProblems[0].Code == JwtProblemCode.Expired ? "dates.expired" : "dates.not_yet_valid", jwtProblems[0].Message);
        string? problem = null;
        var state = openBadge ? OpenBadgeState(credential, now, skew) : GenericState(credential, now, skew, out problem);
        if (problem is not null) return Fail("dates.malformed", problem);
        return state switch
        {
            ValidityState.Valid => new(CheckIds.Dates, CheckOutcome.Passed, "dates.valid", "The credential is within its validity period."),
            ValidityState.NotYetValid => Fail("dates.not_yet_valid", "The credential is not valid yet (validFrom is in the future)."),
            ValidityState.Expired => Fail("dates.expired", "The credential has expired (validUntil has passed)."),
            _ => Fail("dates.malformed", "validFrom/validUntil are missing or not valid date-times."),
        };
    }

    private static ValidityState OpenBadgeState(JsonObject credential, DateTimeOffset now, TimeSpan skew)
    {
        try
        {
            return CredentialValidity.Check(credential, now, skew);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            return ValidityState.Malformed;
        }
    }

    private static ValidityState GenericState(JsonObject credential, DateTimeOffset now, TimeSpan skew, out string? problem)
    {
        problem = null;
        var v1 = FirstContext(credential) == V1Context;
        var (fromName, untilName) = v1 ? ("issuanceDate", "expirationDate") : ("validFrom", "validUntil");
        DateTimeOffset? from = null, until = null;
        if (credential[fromName] is { } fromNode)
        {
            if (!TryDate(fromNode, v1, out var value)) { problem = $"{fromName} is not a valid date-time with a time zone."; return ValidityState.Malformed; }
            from = value;
        }
        else if (v1)
        {
            problem = "issuanceDate is required in a VC 1.1 credential.";
            return ValidityState.Malformed;
        }
        if (credential[untilName] is { } untilNode)
        {
            if (!TryDate(untilNode, v1, out var value)) { problem = $"{untilName} is not a valid date-time with a time zone."; return ValidityState.Malformed; }
            until = value;
        }
        if (from is { } f && until is { } u && u < f)
        {
            problem = $"{untilName} is before {fromName}.";
            return ValidityState.Malformed;
        }
        if (from is { } start && now + skew < start) return ValidityState.NotYetValid;
        if (until is { } end && now - skew > end) return ValidityState.Expired;
        return ValidityState.Valid;
    }

    /// <summary>VC 2.0: xsd:dateTimeStamp (zone required); VC 1.1 verifiers commonly read a zoneless value as UTC.</summary>
    private static bool TryDate(JsonNode node, bool lenient, out DateTimeOffset value)
    {
        value = default;
        if (node is not JsonValue v || !v.TryGetValue<string>(out var text)) return false;
        return lenient ? DataIntegrityProofs.TryParseDateTime(text, out value) : ShapeRules.TryDateTimeZ(text, out value);
    }

    private static string? FirstContext(JsonObject credential) => credential["@context"] switch
    {
        JsonArray { Count: > 0 } a => a[0] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null,
        JsonValue v => v.TryGetValue<string>(out var s) ? s : null,
        _ => null,
    };

    private static VerificationCheck Fail(string code, string detail) => new(CheckIds.Dates, CheckOutcome.Failed, code, detail);
}
