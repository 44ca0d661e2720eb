using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Backpack.Collections;

/// <summary>
/// A learner's named package of credentials — also from different institutions and imported ones — with its own public
/// page (<c>/collections/{Id}</c>) when the learner makes it public, and a download as one presentation file.
/// </summary>
public class Collection
{
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 2000;

    public Guid Id { get; set; }
    public Guid PersonId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    /// <summary>Private by default, like the badges in it.</summary>
    public bool IsPublic { get; set; }
    public List<CollectionItem> Items { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>One credential in a collection: exactly one of <see cref="AwardId"/> and <see cref="ImportedCredentialId"/> is set.</summary>
public class CollectionItem
{
    public Guid Id { get; set; }
    public Guid CollectionId { get; set; }
    public Guid? AwardId { get; set; }
    public Guid? ImportedCredentialId { get; set; }
    /// <summary>Order in the collection (0 first).</summary>
    public int Position { get; set; }
    public DateTime AddedAt { get; set; }
}

internal sealed class CollectionConfiguration : IEntityTypeConfiguration<Collection>
{
    public void Configure(EntityTypeBuilder<Collection> b)
    {
        b.Property(c => c.Name).HasMaxLength(Collection.NameMaxLength);
        b.Property(c => c.Description).HasMaxLength(Collection.DescriptionMaxLength);
        b.HasOne<Laurel.Features.Identity.Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Items).WithOne().HasForeignKey(i => i.CollectionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => c.PersonId);
    }
}

internal sealed class CollectionItemConfiguration : IEntityTypeConfiguration<CollectionItem>
{
    public void Configure(EntityTypeBuilder<CollectionItem> b)
    {
        // Removing an import (or, one day, an award) takes it out of every collection rather than leaving a dangling item.
        b.HasOne<Laurel.Features.Awards.Award>().WithMany().HasForeignKey(i => i.AwardId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Laurel.Features.Backpack.Imports.ImportedCredential>().WithMany().HasForeignKey(i => i.ImportedCredentialId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(i => new { i.CollectionId, i.AwardId }).IsUnique();
        b.HasIndex(i => new { i.CollectionId, i.ImportedCredentialId }).IsUnique();
        b.ToTable(t => t.HasCheckConstraint("CK_CollectionItems_OneCredential",
            "(\"AwardId\" IS NOT NULL AND \"ImportedCredentialId\" IS NULL) OR (\"AwardId\" IS NULL AND \"ImportedCredentialId\" IS NOT NULL)"));
    }
}
