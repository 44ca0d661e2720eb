using System.Text.Json.Nodes;

namespace Laurel.Credentials.Jwt;

/// <summary>The claim/credential consistency and time checks of OB3-4.6.</summary>
internal static class JwtClaimChecks
{
    internal static void Check(JsonObject payload, JsonObject credential, bool isVc11, DateTimeOffset now, TimeSpan skew,
        List<JwtProblem> problems)
    {
        var iss = VcJwtClaims.Text(payload["iss"]);
        var issuerId = VcJwtClaims.IssuerId(credential);
        if (iss is null) problems.Add(new(JwtProblemCode.MissingClaim, "The 'iss' claim is missing."));
        else if (iss != issuerId)
            problems.Add(new(JwtProblemCode.ClaimMismatch, $"'iss' ({iss}) differs from issuer.id ({issuerId})."));

        var jti = VcJwtClaims.Text(payload["jti"]);
        var id = VcJwtClaims.Text(credential["id"]);
        if (jti is null)
        {
            if (id is not null) problems.Add(new(JwtProblemCode.MissingClaim, "The 'jti' claim is missing."));
        }
        else if (jti != id) problems.Add(new(JwtProblemCode.ClaimMismatch, $"'jti' ({jti}) differs from the credential id ({id})."));

        var sub = VcJwtClaims.Text(payload["sub"]);
        var subjectId = VcJwtClaims.SubjectId(credential);
        // OB3-4.5 makes 'sub' required, but 1EdTech's own fixtures omit it and its validator accepts that;
        // an absent 'sub' binds nothing, so only a conflicting one is an error.
        if (sub is not null && sub != subjectId)
            problems.Add(new(JwtProblemCode.ClaimMismatch, $"'sub' ({sub}) differs from credentialSubject.id ({subjectId})."));

        // VC 1.1 era tokens carry issuanceDate/expirationDate instead of validFrom/validUntil (OB3-4.6).
        var from = VcJwtClaims.Date(credential[isVc11 && !credential.ContainsKey("validFrom") ? "issuanceDate" : "validFrom"]);
        var until = VcJwtClaims.Date(credential[isVc11 && !credential.ContainsKey("validUntil") ? "expirationDate" : "validUntil"]);
        var nbf = VcJwtClaims.NumericDate(payload["nbf"]);
        if (nbf is null) problems.Add(new(JwtProblemCode.MissingClaim, "The 'nbf' claim is missing."));
        else
        {
            if (from is { } f && f.ToUnixTimeSeconds() != nbf)
                problems.Add(new(JwtProblemCode.ClaimMismatch, $"'nbf' ({nbf}) differs from validFrom ({f:O})."));
            if (DateTimeOffset.FromUnixTimeSeconds(nbf.Value) > now + skew)
                problems.Add(new(JwtProblemCode.NotYetValid, "The credential is not valid yet ('nbf' is in the future)."));
        }

        var exp = VcJwtClaims.NumericDate(payload["exp"]);
        if (exp is null)
        {
            if (until is not null) problems.Add(new(JwtProblemCode.MissingClaim, "The 'exp' claim is missing although validUntil is set."));
        }
        else
        {
            if (until is { } u && u.ToUnixTimeSeconds() != exp)
                problems.Add(new(JwtProblemCode.ClaimMismatch, $"'exp' ({exp}) differs from validUntil ({u:O})."));
            if (DateTimeOffset.FromUnixTimeSeconds(exp.Value) < now - skew)
                problems.Add(new(JwtProblemCode.Expired, "The credential has expired ('exp' is in the past)."));
        }
    }
}
