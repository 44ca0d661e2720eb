using Laurel.Features.Institutions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Publishing.Status;

/// <summary>
/// One Bitstring Status List of an institution. Lists come in pairs with the same <see cref="Number"/>: a revocation
/// list and a suspension list; an award gets the same index in both, allocated on the revocation list.
/// </summary>
public class StatusList
{
    /// <summary>The minimum size the Bitstring Status List spec allows (131,072 entries = 16 KiB), which gives herd privacy.</summary>
    public const int DefaultCapacity = 131_072;

    public Guid Id { get; set; }
    public Guid InstitutionId { get; set; }
    /// <summary><c>revocation</c> or <c>suspension</c> (StatusPurpose constants).</summary>
    public required string Purpose { get; set; }
    /// <summary>1, 2, 3… per institution and purpose; a new pair is opened when the current one is full.</summary>
    public int Number { get; set; }
    /// <summary>The other list of the pair (suspension for a revocation list and vice versa).</summary>
    public Guid PairedListId { get; set; }
    public int Capacity { get; set; } = DefaultCapacity;
    /// <summary>How many indexes have been handed out (only counted on the revocation list of a pair).</summary>
    public int Allocated { get; set; }
    /// <summary>Secret key of the permutation that maps allocation order to index, so indexes do not reveal issuance order.</summary>
    public required byte[] PermutationKey { get; set; }
    /// <summary>The bitstring, index 0 = most significant bit of byte 0.</summary>
    public required byte[] Bits { get; set; }
    /// <summary>Increases on every bit change; concurrency token, so concurrent changes are retried, never lost.</summary>
    public int Version { get; set; }
    /// <summary>The signed BitstringStatusListCredential last served, valid for <see cref="SignedVersion"/>.</summary>
    public string? SignedCredentialJson { get; set; }
    public int? SignedVersion { get; set; }
    public DateTime? SignedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class StatusListConfiguration : IEntityTypeConfiguration<StatusList>
{
    public void Configure(EntityTypeBuilder<StatusList> builder)
    {
        builder.ToTable("StatusLists");
        builder.Property(l => l.Purpose).HasMaxLength(16);
        builder.Property(l => l.PermutationKey).HasMaxLength(32);
        builder.Property(l => l.Version).IsConcurrencyToken();
        // Two nodes opening the next list at once: the database lets exactly one of them win.
        builder.HasIndex(l => new { l.InstitutionId, l.Purpose, l.Number }).IsUnique();
        builder.HasOne<Institution>().WithMany().HasForeignKey(l => l.InstitutionId).OnDelete(DeleteBehavior.Restrict);
    }
}
