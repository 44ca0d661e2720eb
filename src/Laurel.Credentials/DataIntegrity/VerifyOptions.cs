using Laurel.Credentials.JsonLd;
using Laurel.Credentials.Limits;

namespace Laurel.Credentials.DataIntegrity;

/// <summary>Options for verifying Data Integrity proofs (DI-2.4).</summary>
public sealed record VerifyOptions
{
    /// <summary>The proof purpose every proof must have (null = accept any purpose the key is listed for).</summary>
    public string? ExpectedProofPurpose { get; init; } = "assertionMethod";

    /// <summary>The expected domain, if any (INVALID_DOMAIN_ERROR otherwise).</summary>
    public string? ExpectedDomain { get; init; }

    /// <summary>The expected challenge, if any (INVALID_CHALLENGE_ERROR otherwise).</summary>
    public string? ExpectedChallenge { get; init; }

    /// <summary>The time to check <c>created</c>/<c>expires</c> against; defaults to <see cref="TimeProvider"/>'s now.</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>The clock used when <see cref="Now"/> is not set.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Tolerated clock difference for a <c>created</c> in the future.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>True (Data Integrity): every proof must verify; false (OB 3.0): one valid proof is enough.</summary>
    public bool RequireAllProofs { get; init; } = true;

    /// <summary>Work budgets for the proof transformation; null = <see cref="ProcessingLimits.Default"/>.</summary>
    public ProcessingLimits? Limits { get; init; }

    /// <summary>JSON-LD options for eddsa-rdfc-2022 (safe mode is always switched on).</summary>
    public JsonLdOptions? JsonLd { get; init; }

    /// <summary>
    /// True when the caller already knows that the signatures over exactly this document are valid (an issuer checking a credential
    /// it signed itself, with the verdict bound to a hash of the stored bytes): the transformation, hashing and signature check are
    /// skipped, while every other step still runs (proof shape, purpose, <c>created</c>/<c>expires</c>, the verification method
    /// resolving to an Ed25519 key authorised for the purpose). Never set it for input that came from outside.
    /// </summary>
    public bool SignatureKnownValid { get; init; }
}
