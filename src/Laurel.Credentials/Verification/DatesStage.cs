using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.OpenBadges;

namespace Laurel.Credentials.Verification;

/// <summary>Checks validFrom/validUntil against now (OB3 §6 step 4), plus a VC-JWT's nbf/exp.</summary>
internal static class DatesStage
{
    public static VerificationCheck Check(JsonObject credential, DateTimeOffset now, TimeSpan skew, IReadOnlyList<JwtProblem> jwtProblems)
    {
        if (jwtProblems.Count > 0)
            return Fail(jwtProblems[0].Code == JwtProblemCode.Expired ? "dates.expired" : "dates.not_yet_valid", jwtProblems[0].Message);
        ValidityState state;
        try
        {
            state = CredentialValidity.Check(credential, now, skew);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            state = ValidityState.Malformed;
        }
        return state switch
        {
            ValidityState.Valid => new(CheckIds.Dates, CheckOutcome.Passed, "dates.valid", "The credential is within its validity period."),
            ValidityState.NotYetValid => Fail("dates.not_yet_valid", "The credential is not valid yet (validFrom is in the future)."),
            ValidityState.Expired => Fail("dates.expired", "The credential has expired (validUntil has passed)."),
            _ => Fail("dates.malformed", "validFrom/validUntil are missing or not valid date-times."),
        };
    }

    private static VerificationCheck Fail(string code, string detail) => new(CheckIds.Dates, CheckOutcome.Failed, code, detail);
}
