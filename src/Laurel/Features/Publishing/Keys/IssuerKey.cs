using Laurel.Features.Institutions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Publishing.Keys;

/// <summary>The JWS names of the two key algorithms an institution signs with.</summary>
public static class IssuerKeyAlgorithm
{
    /// <summary>Ed25519: eddsa-rdfc-2022 Data Integrity proofs and EdDSA VC-JWTs.</summary>
    public const string EdDsa = "EdDSA";
    /// <summary>P-256: SD-JWT VCs and Token Status List tokens (DIIP v5 and HAIP require ES256), ES256 VC-JWTs.</summary>
    public const string Es256 = "ES256";

    public static readonly IReadOnlyList<string> All = [EdDsa, Es256];
}

/// <summary>
/// A signing key (Ed25519 or P-256) of an institution's did:web identity. Retired keys stay published in the
/// DID document so credentials signed with them keep verifying; only the active key of each algorithm signs.
/// </summary>
public class IssuerKey
{
    public Guid Id { get; set; }
    public Guid InstitutionId { get; set; }
    /// <summary><see cref="IssuerKeyAlgorithm.EdDsa"/> or <see cref="IssuerKeyAlgorithm.Es256"/>.</summary>
    public string Algorithm { get; set; } = IssuerKeyAlgorithm.EdDsa;
    /// <summary>
    /// Fragment of the verification method id: the key's own publicKeyMultibase (z6Mk… or zDn…), so the method id is
    /// <c>{institution DID}#{publicKeyMultibase}</c> (openbadges3.md OB3-4.2a: the part before '#' is the issuer id).
    /// For ES256 keys it is also the <c>kid</c> of the key in <c>/.well-known/jwt-vc-issuer</c> and of SD-JWT VC headers.
    /// </summary>
    public required string KeyId { get; set; }
    public required string PublicKeyMultibase { get; set; }
    /// <summary>The 32-byte private seed (Ed25519) or scalar (P-256) protected with ASP.NET Data Protection (purpose <see cref="IssuerKeyRing.ProtectorPurpose"/>); never stored in the clear.</summary>
    public required string EncryptedPrivateKey { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Set on rotation; the key then no longer signs but stays in did.json.</summary>
    public DateTime? RetiredAt { get; set; }

    public bool IsActive => RetiredAt is null;
}

internal sealed class IssuerKeyConfiguration : IEntityTypeConfiguration<IssuerKey>
{
    public void Configure(EntityTypeBuilder<IssuerKey> builder)
    {
        builder.Ignore(k => k.IsActive);
        builder.Property(k => k.Algorithm).HasMaxLength(10);
        builder.Property(k => k.KeyId).HasMaxLength(100);
        builder.Property(k => k.PublicKeyMultibase).HasMaxLength(100);
        builder.Property(k => k.EncryptedPrivateKey).HasMaxLength(1000);
        builder.HasIndex(k => new { k.InstitutionId, k.KeyId }).IsUnique();
        // At most one active key per institution and algorithm, enforced by the database so two nodes creating the first key
        // (or rotating) at the same moment cannot both win. Both SQLite and PostgreSQL support partial indexes.
        builder.HasIndex(k => new { k.InstitutionId, k.Algorithm }).IsUnique().HasFilter("\"RetiredAt\" IS NULL")
            .HasDatabaseName("IX_IssuerKeys_OneActivePerInstitutionAndAlgorithm");
        builder.HasOne<Institution>().WithMany().HasForeignKey(k => k.InstitutionId).OnDelete(DeleteBehavior.Restrict);
    }
}
