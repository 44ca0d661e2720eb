using System.Text.Json.Nodes;

namespace Laurel.Features.Publishing.Keys;

/// <summary>Signs credentials with the institution's active did:web key (CONTRACT — the keys helper implements it).</summary>
public sealed class IssuerSigner
{
    /// <summary>Adds an eddsa-rdfc-2022 assertionMethod proof made with the institution's active key (created on first use); returns the signed copy.</summary>
    public Task<SignedCredential> SignAsync(Guid institutionId, JsonObject unsignedCredential, CancellationToken ct) =>
        throw new InvalidOperationException("contract: implemented by the keys helper");

    /// <summary>The same credential as a VC-JWT (OB 3.0 JWT profile, EdDSA) with the institution's active key.</summary>
    public Task<string> SignJwtAsync(Guid institutionId, JsonObject unsignedCredential, CancellationToken ct) =>
        throw new InvalidOperationException("contract: implemented by the keys helper");
}

/// <summary>A signed credential and the verification method (full DID URL) that signed it.</summary>
public sealed record SignedCredential(JsonObject Credential, string VerificationMethod);
