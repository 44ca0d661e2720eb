using Laurel.Features.Institutions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Publishing.Status;

/// <summary>
/// One IETF Token Status List of an institution (draft-ietf-oauth-status-list), for SD-JWT VC wallet copies: 2 bits per entry,
/// VALID 0, INVALID 1, SUSPENDED 2. Served as a signed <c>application/statuslist+jwt</c> at <c>/status/tokens/{Id}</c>.
/// </summary>
public class TokenStatusList
{
    /// <summary>Entries per list: as many as a Bitstring list (herd privacy, §12.1); 32 KiB of statuses, a few hundred bytes compressed.</summary>
    public const int DefaultCapacity = 131_072;
    /// <summary>Bits per status: VALID, INVALID and SUSPENDED need two.</summary>
    public const int BitsPerStatus = 2;

    public Guid Id { get; set; }
    public Guid InstitutionId { get; set; }
    /// <summary>1, 2, 3… per institution; the next list is opened when the current one is full.</summary>
    public int Number { get; set; }
    public int Capacity { get; set; } = DefaultCapacity;
    /// <summary>How many indices have been handed out.</summary>
    public int Allocated { get; set; }
    /// <summary>Secret key of the permutation from allocation order to index, so indices reveal nothing about issuance order.</summary>
    public required byte[] PermutationKey { get; set; }
    /// <summary>The statuses as the token carries them (2 bits each, index 0 in the least significant bits of byte 0).</summary>
    public required byte[] Statuses { get; set; }
    /// <summary>Increases on every change; compare-and-swap token, so concurrent changes are retried, never lost.</summary>
    public int Version { get; set; }
    /// <summary>The signed Status List Token last served, valid for <see cref="SignedVersion"/>.</summary>
    public string? SignedToken { get; set; }
    public int? SignedVersion { get; set; }
    public DateTime? SignedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class TokenStatusListConfiguration : IEntityTypeConfiguration<TokenStatusList>
{
    public void Configure(EntityTypeBuilder<TokenStatusList> builder)
    {
        builder.ToTable("TokenStatusLists");
        builder.Property(l => l.PermutationKey).HasMaxLength(32);
        builder.Property(l => l.Version).IsConcurrencyToken();
        // Two nodes opening the next list at once: the database lets exactly one of them win.
        builder.HasIndex(l => new { l.InstitutionId, l.Number }).IsUnique();
        builder.HasOne<Institution>().WithMany().HasForeignKey(l => l.InstitutionId).OnDelete(DeleteBehavior.Restrict);
    }
}
