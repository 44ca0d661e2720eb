using Laurel.Credentials.Keys;

namespace Laurel.Credentials.DataIntegrity;

/// <summary>The Data Integrity cryptosuites Laurel implements.</summary>
public enum Cryptosuite
{
    /// <summary><c>eddsa-rdfc-2022</c>: RDFC-1.0 canonicalization, SHA-256, Ed25519.</summary>
    EddsaRdfc2022,
    /// <summary><c>eddsa-jcs-2022</c>: JCS canonicalization, SHA-256, Ed25519.</summary>
    EddsaJcs2022,
}

/// <summary>Options for a new proof (Data Integrity §4.2 proof configuration).</summary>
public sealed record ProofOptions
{
    /// <summary>The verification method id, e.g. <c>did:web:host:institutions:uu#key-1</c>.</summary>
    public required string VerificationMethod { get; init; }

    /// <summary>The proof purpose; <c>assertionMethod</c> for credentials.</summary>
    public string ProofPurpose { get; init; } = "assertionMethod";

    /// <summary>When the proof was created.</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>When the proof stops being valid.</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>An optional proof id (for proof chains).</summary>
    public string? Id { get; init; }

    /// <summary>Id(s) of proofs this proof endorses (proof chains).</summary>
    public string? PreviousProof { get; init; }

    /// <summary>Several endorsed proof ids (emitted as an array); combined with <see cref="PreviousProof"/> if both are set.</summary>
    public IReadOnlyList<string>? PreviousProofs { get; init; }

    /// <summary>An optional security domain (DI-2.1; mostly for presentations).</summary>
    public string? Domain { get; init; }

    /// <summary>An optional challenge that accompanies <see cref="Domain"/>.</summary>
    public string? Challenge { get; init; }

    /// <summary>Emit <c>proof</c> as an array even when it is the only proof (Open Badges 3.0 style).</summary>
    public bool ProofAsArray { get; init; }
}

/// <summary>
/// A resolved verification method with its public key: Ed25519 in <see cref="PublicKey"/> (eddsa proofs, EdDSA JWS), or
/// P-256 in <see cref="P256PublicKey"/> (ES256 JWS) with <see cref="PublicKey"/> null.
/// </summary>
public sealed record VerificationMethod(string Id, string Controller, Ed25519Key? PublicKey, IReadOnlyList<string> Relationships)
{
    /// <summary>The P-256 public key of a <c>zDn…</c> Multikey or EC/P-256 JsonWebKey method; null for Ed25519 methods.</summary>
    public P256Key? P256PublicKey { get; init; }
}

/// <summary>Resolves a verification method id (did:key, did:web, or a controller document URL) to its key.</summary>
public interface IVerificationMethodResolver
{
    /// <summary>Returns the method, or null when it cannot be found; throws only for cancellation.</summary>
    Task<VerificationMethod?> ResolveAsync(string verificationMethodId, CancellationToken cancellationToken = default);
}

/// <summary>The outcome of verifying one proof.</summary>
public sealed record ProofResult(bool Verified, string? Cryptosuite, string? VerificationMethod, string? ProofPurpose, string? Error);

/// <summary>The outcome of verifying every proof on a document.</summary>
public sealed record ProofSetResult(bool Verified, IReadOnlyList<ProofResult> Proofs)
{
    /// <summary>The first error, if any.</summary>
    public string? Error => Proofs.FirstOrDefault(p => !p.Verified)?.Error ?? (Proofs.Count == 0 ? "The document has no proof." : null);
}
