using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.SdJwt;

namespace Laurel.Credentials.SdJwtVc;

/// <summary>
/// Verifies SD-JWT VCs: the SD-JWT checks of <see cref="SdJwtVerifier"/> with <c>typ: dc+sd-jwt</c>, then the claim rules of
/// draft-ietf-oauth-sd-jwt-vc §3.2.2 (<c>iss</c> and <c>vct</c> strings, <c>nbf</c>/<c>exp</c> against the clock).
/// The <c>status</c> claim is returned, not resolved: the caller checks it against the Token Status List.
/// </summary>
public static class SdJwtVcVerifier
{
    /// <summary>Verifies <paramref name="sdJwtVc"/>; <paramref name="expectedVct"/>, when set, must equal <c>vct</c>.</summary>
    public static SdJwtVerificationResult Verify(string sdJwtVc, Func<CompactJws, JwsKey?> resolveIssuerKey,
        SdJwtVerifyOptions? options = null, string? expectedVct = null)
    {
        options = (options ?? new SdJwtVerifyOptions()) with { ExpectedType = SdJwtVcIssuer.Type };
        var result = SdJwtVerifier.Verify(sdJwtVc, resolveIssuerKey, options);
        if (result.Claims is not { } claims) return result;

        var problems = result.Problems.ToList();
        if (Text(claims["iss"]) is null) problems.Add(new(SdJwtProblemCode.MissingClaim, "The 'iss' claim is missing or not a string."));
        if (Text(claims["vct"]) is not { } vct) problems.Add(new(SdJwtProblemCode.MissingClaim, "The 'vct' claim is missing or not a string."));
        else if (expectedVct is not null && vct != expectedVct)
            problems.Add(new(SdJwtProblemCode.ClaimMismatch, $"The 'vct' is '{vct}', not '{expectedVct}'."));
        var now = options.TimeProvider.GetUtcNow();
        if (Seconds(claims["nbf"]) is { } nbf && DateTimeOffset.FromUnixTimeSeconds(nbf) > now + options.ClockSkew)
            problems.Add(new(SdJwtProblemCode.NotYetValid, "The credential is not valid yet ('nbf' is in the future)."));
        if (Seconds(claims["exp"]) is { } exp && DateTimeOffset.FromUnixTimeSeconds(exp) < now - options.ClockSkew)
            problems.Add(new(SdJwtProblemCode.Expired, "The credential has expired ('exp' is in the past)."));
        return result with { Problems = problems };
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static long? Seconds(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<long>(out var l) ? Math.Clamp(l, 0, 253402300799) : null;
}
