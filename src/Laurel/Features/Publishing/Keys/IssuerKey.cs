using Laurel.Features.Institutions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Publishing.Keys;

/// <summary>
/// An Ed25519 signing key of an institution's did:web identity. Retired keys stay published in the
/// DID document so credentials signed with them keep verifying; only the active key signs.
/// </summary>
public class IssuerKey
{
    public Guid Id { get; set; }
    public Guid InstitutionId { get; set; }
    /// <summary>
    /// Fragment of the verification method id: the key's own publicKeyMultibase, so the method id is
    /// <c>{institution DID}#{publicKeyMultibase}</c> (openbadges3.md OB3-4.2a: the part before '#' is the issuer id).
    /// </summary>
    public required string KeyId { get; set; }
    public required string PublicKeyMultibase { get; set; }
    /// <summary>The 32-byte private seed protected with ASP.NET Data Protection (purpose <see cref="IssuerKeyRing.ProtectorPurpose"/>); never stored in the clear.</summary>
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
        builder.Property(k => k.KeyId).HasMaxLength(100);
        builder.Property(k => k.PublicKeyMultibase).HasMaxLength(100);
        builder.Property(k => k.EncryptedPrivateKey).HasMaxLength(1000);
        builder.HasIndex(k => new { k.InstitutionId, k.KeyId }).IsUnique();
        // At most one active key per institution, enforced by the database so two nodes creating the first key
        // (or rotating) at the same moment cannot both win. Both SQLite and PostgreSQL support partial indexes.
        builder.HasIndex(k => k.InstitutionId).IsUnique().HasFilter("\"RetiredAt\" IS NULL")
            .HasDatabaseName("IX_IssuerKeys_OneActivePerInstitution");
        builder.HasOne<Institution>().WithMany().HasForeignKey(k => k.InstitutionId).OnDelete(DeleteBehavior.Restrict);
    }
}
