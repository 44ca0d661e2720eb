using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Keys;

namespace Laurel.Credentials.Jwt;

/// <summary>What can be wrong with a VC-JWT.</summary>
public enum JwtProblemCode
{
    /// <summary>Not a compact JWS, or the payload is not a JSON object.</summary>
    Malformed,
    /// <summary>A header parameter violates OB3-4.4 (typ, crit, missing kid/jwk).</summary>
    InvalidHeader,
    /// <summary>The <c>alg</c> is not supported (EdDSA, ES256 and RS256 are).</summary>
    UnsupportedAlgorithm,
    /// <summary>No key could be found for the <c>kid</c>.</summary>
    KeyNotFound,
    /// <summary>The signature does not verify.</summary>
    BadSignature,
    /// <summary>A required claim is missing (OB3-4.5).</summary>
    MissingClaim,
    /// <summary>A claim disagrees with the credential (OB3-4.6).</summary>
    ClaimMismatch,
    /// <summary><c>nbf</c> lies in the future.</summary>
    NotYetValid,
    /// <summary><c>exp</c> lies in the past.</summary>
    Expired,
}

/// <summary>One failed check.</summary>
public sealed record JwtProblem(JwtProblemCode Code, string Message);

/// <summary>Options for <see cref="OpenBadgeJwtVerifier"/>.</summary>
public sealed record JwtVerificationOptions
{
    /// <summary>The current time; defaults to the system clock.</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>Tolerance for nbf/exp comparisons.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Use a public <c>jwk</c> header when there is no <c>kid</c>; the caller must then bind that key to the issuer.</summary>
    public bool AllowEmbeddedJwk { get; init; }

    /// <summary>Resolves a <c>kid</c> to a public RSA JWK for RS256 tokens (OB3-4.4: verifiers MUST support RS256).</summary>
    public Func<string, CancellationToken, Task<JsonObject?>>? ResolveRsaJwk { get; init; }

    /// <summary>Resolves a <c>kid</c> to a P-256 public key for ES256 tokens (institutions' ES256 keys, DIIP/HAIP issuers).</summary>
    public Func<string, CancellationToken, Task<P256Key?>>? ResolveP256Key { get; init; }

    /// <summary>Maximum token length in characters.</summary>
    public int MaxLength { get; init; } = CompactJws.DefaultMaxLength;
}

/// <summary>The outcome of verifying a VC-JWT.</summary>
public sealed record JwtVerificationResult
{
    /// <summary>True when the signature verified and every claim check passed.</summary>
    public bool Verified => SignatureValid && Problems.Count == 0;

    /// <summary>True when the signature itself verified.</summary>
    public bool SignatureValid { get; init; }

    /// <summary>The decoded credential (payload without JWT claims, or the <c>vc</c> claim of VC 1.1 tokens).</summary>
    public JsonObject? Credential { get; init; }

    /// <summary>The decoded header.</summary>
    public JsonObject? Header { get; init; }

    /// <summary>The decoded payload.</summary>
    public JsonObject? Payload { get; init; }

    /// <summary>True for VC 1.1 era tokens carrying the credential in a <c>vc</c> claim.</summary>
    public bool IsVc11 { get; init; }

    /// <summary>Every failed check.</summary>
    public IReadOnlyList<JwtProblem> Problems { get; init; } = [];
}

/// <summary>Verifies VC-JWTs per OB3-4.6 (<c>EdDSA</c> with Ed25519 keys, <c>ES256</c> with P-256 keys, <c>RS256</c> with RSA JWKs).</summary>
public static class OpenBadgeJwtVerifier
{
    /// <summary>Verifies <paramref name="token"/>, resolving the key from the <c>kid</c> header with <paramref name="resolveKey"/>.</summary>
    public static async Task<JwtVerificationResult> VerifyAsync(string token,
        Func<string, CancellationToken, Task<Ed25519Key?>> resolveKey,
        JwtVerificationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resolveKey);
        options ??= new JwtVerificationOptions();
        var problems = new List<JwtProblem>();
        CompactJws jws;
        try
        {
            jws = CompactJws.Parse(token ?? throw new ArgumentNullException(nameof(token)), options.MaxLength);
        }
        catch (FormatException e)
        {
            return new JwtVerificationResult { Problems = [new(JwtProblemCode.Malformed, e.Message)] };
        }

        var payload = jws.PayloadObject();
        if (payload is null) problems.Add(new(JwtProblemCode.Malformed, "The JWT payload is not a JSON object."));
        CheckHeader(jws, problems);

        var signatureValid = await JwsSignatureCheck.VerifyAsync(jws, resolveKey, options, problems, cancellationToken).ConfigureAwait(false);

        JsonObject? credential = null;
        var isVc11 = false;
        if (payload is not null)
        {
            (credential, isVc11) = ExtractCredential(payload);
            JwtClaimChecks.Check(payload, credential, isVc11, options.Now ?? DateTimeOffset.UtcNow, options.ClockSkew, problems);
        }

        return new JwtVerificationResult
        {
            SignatureValid = signatureValid,
            Credential = credential,
            Header = jws.Header,
            Payload = payload,
            IsVc11 = isVc11,
            Problems = problems,
        };
    }

    /// <summary>Verifies <paramref name="token"/>, resolving the <c>kid</c> through a verification method resolver.</summary>
    public static Task<JwtVerificationResult> VerifyAsync(string token, IVerificationMethodResolver resolver,
        JwtVerificationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        options ??= new JwtVerificationOptions();
        // The same resolver answers for ES256: a did:web method may hold a P-256 key (zDn… Multikey or EC JsonWebKey).
        options = options with
        {
            ResolveP256Key = options.ResolveP256Key ?? (async (kid, ct) => (await resolver.ResolveAsync(kid, ct).ConfigureAwait(false))?.P256PublicKey),
        };
        return VerifyAsync(token, async (kid, ct) =>
            (await resolver.ResolveAsync(kid, ct).ConfigureAwait(false))?.PublicKey, options, cancellationToken);
    }

    /// <summary>Splits a payload into the credential and says whether it was a VC 1.1 <c>vc</c> claim.</summary>
    public static (JsonObject Credential, bool IsVc11) ExtractCredential(JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload["vc"] is JsonObject vc) return (vc.DeepClone().AsObject(), true);
        var credential = payload.DeepClone().AsObject();
        foreach (var claim in VcJwtClaims.Registered) credential.Remove(claim);
        return (credential, false);
    }

    private static void CheckHeader(CompactJws jws, List<JwtProblem> problems)
    {
        if (jws.Algorithm is not { } alg)
            problems.Add(new(JwtProblemCode.InvalidHeader, "The JWS header has no 'alg'."));
        else if (alg is not ("EdDSA" or "ES256" or "RS256"))
            problems.Add(new(JwtProblemCode.UnsupportedAlgorithm, $"Algorithm '{alg}' is not supported; Laurel verifies EdDSA, ES256 and RS256."));
        // OB3-4.4: typ, if present, MUST be "JWT".
        if (jws.Header["typ"] is { } typ && VcJwtClaims.Text(typ) != "JWT")
            problems.Add(new(JwtProblemCode.InvalidHeader, "The 'typ' header must be \"JWT\" (OB3-4.4)."));
        // RFC 7515 §4.1.11: critical extensions we do not understand make the JWS invalid.
        if (jws.Header.ContainsKey("crit"))
            problems.Add(new(JwtProblemCode.InvalidHeader, "The JWS uses 'crit' extensions, which are not supported."));
        if (jws.KeyId is null && jws.Header["jwk"] is null)
            problems.Add(new(JwtProblemCode.InvalidHeader, "The JWS header has neither 'kid' nor 'jwk' (OB3-4.4)."));
        if (jws.Header["jwk"] is JsonObject jwk && jwk.ContainsKey("d"))
            problems.Add(new(JwtProblemCode.InvalidHeader, "The 'jwk' header contains a private key."));
    }
}
