using System.Text.Json.Nodes;

namespace Laurel.Credentials.SdJwt;

/// <summary>What can be wrong with an SD-JWT or its key binding (RFC 9901 §7).</summary>
public enum SdJwtProblemCode
{
    /// <summary>Not <c>jwt~…~</c>, a part is not valid base64url/JSON, or a disclosure has the wrong shape.</summary>
    Malformed,
    /// <summary>A budget of <see cref="SdJwtLimits"/> was exceeded; nothing further was checked.</summary>
    LimitExceeded,
    /// <summary>The issuer JWT header is unacceptable (<c>alg: none</c>, unexpected <c>typ</c>, <c>crit</c>).</summary>
    InvalidHeader,
    /// <summary>No issuer key was found.</summary>
    KeyNotFound,
    /// <summary>The issuer signature does not verify.</summary>
    BadSignature,
    /// <summary><c>_sd_alg</c> names a hash other than <c>sha-256</c>.</summary>
    UnsupportedHashAlgorithm,
    /// <summary>A digest occurs more than once, or a disclosure is sent twice (RFC 9901 §7.1 step 3.4).</summary>
    DuplicateDigest,
    /// <summary>A disclosure is not referenced by any digest (RFC 9901 §7.1 step 3.5).</summary>
    UnreferencedDisclosure,
    /// <summary>A disclosed claim name already exists in its object, or is <c>_sd</c> / <c>...</c> (RFC 9901 §7.1 step 3.3.2).</summary>
    ClaimNameConflict,
    /// <summary><c>_sd</c> is not an array of strings, <c>...</c> is not alone in an array element, or a disclosure is of the wrong kind for its place.</summary>
    InvalidDigestStructure,
    /// <summary>A key binding was required but is absent, or the payload has no usable <c>cnf.jwk</c>.</summary>
    KeyBindingMissing,
    /// <summary>The KB-JWT is malformed, has the wrong <c>typ</c>, or its signature does not verify with <c>cnf.jwk</c>.</summary>
    KeyBindingInvalid,
    /// <summary>The KB-JWT <c>sd_hash</c> does not match the presentation.</summary>
    SdHashMismatch,
    /// <summary>The KB-JWT <c>nonce</c> or <c>aud</c> differ from what the verifier expects.</summary>
    KeyBindingAudienceOrNonce,
    /// <summary>The KB-JWT <c>iat</c> is in the future or too old.</summary>
    KeyBindingStale,
    /// <summary>A claim the profile requires is missing or has the wrong type (SD-JWT VC §3.2.2.2: <c>iss</c>, <c>vct</c>).</summary>
    MissingClaim,
    /// <summary><c>nbf</c> lies in the future.</summary>
    NotYetValid,
    /// <summary><c>exp</c> lies in the past.</summary>
    Expired,
    /// <summary>A claim has a value the verifier did not ask for (e.g. another <c>vct</c>).</summary>
    ClaimMismatch,
}

/// <summary>One failed check.</summary>
public sealed record SdJwtProblem(SdJwtProblemCode Code, string Message);

/// <summary>Options for <see cref="SdJwtVerifier"/>.</summary>
public sealed record SdJwtVerifyOptions
{
    /// <summary>Budgets for hostile input.</summary>
    public SdJwtLimits Limits { get; init; } = SdJwtLimits.Default;

    /// <summary>When set, the issuer JWT <c>typ</c> header must equal it (e.g. <c>dc+sd-jwt</c>, RFC 8725 §3.11).</summary>
    public string? ExpectedType { get; init; }

    /// <summary>Require a KB-JWT (RFC 9901 §7.3); a KB-JWT that is present is always checked.</summary>
    public bool RequireKeyBinding { get; init; }

    /// <summary>The audience the KB-JWT must name; null skips the check (only sensible in tests).</summary>
    public string? ExpectedAudience { get; init; }

    /// <summary>The nonce the KB-JWT must carry; null skips the check (only sensible in tests).</summary>
    public string? ExpectedNonce { get; init; }

    /// <summary>Oldest acceptable KB-JWT <c>iat</c>.</summary>
    public TimeSpan KeyBindingMaxAge { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Tolerance for clock differences.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>The outcome of <see cref="SdJwtVerifier.Verify"/>.</summary>
public sealed record SdJwtVerificationResult
{
    /// <summary>True when the signature verified and no check failed.</summary>
    public bool Verified => SignatureValid && Problems.Count == 0;

    /// <summary>True when the issuer signature verified.</summary>
    public bool SignatureValid { get; init; }

    /// <summary>True when a KB-JWT was present and verified.</summary>
    public bool KeyBindingVerified { get; init; }

    /// <summary>The issuer JWT header.</summary>
    public JsonObject? Header { get; init; }

    /// <summary>The processed payload: disclosed claims in place, <c>_sd</c>, <c>_sd_alg</c> and undisclosed digests removed.</summary>
    public JsonObject? Claims { get; init; }

    /// <summary>The KB-JWT claims, when present.</summary>
    public JsonObject? KeyBindingClaims { get; init; }

    /// <summary>Every failed check.</summary>
    public IReadOnlyList<SdJwtProblem> Problems { get; init; } = [];
}
