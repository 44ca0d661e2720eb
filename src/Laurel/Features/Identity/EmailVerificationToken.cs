using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Identity;

/// <summary>
/// One verification link Laurel sent: only the SHA-256 of its secret is stored (a database reader cannot follow the link), it
/// belongs to the person who asked for it, works once and expires (<see cref="EmailVerifications.LinkLifetime"/>).
/// </summary>
public class EmailVerificationToken
{
    public Guid Id { get; set; }
    public Guid PersonId { get; set; }
    /// <summary>The address the link was sent to, lower-case.</summary>
    public required string Address { get; set; }
    /// <summary>Lower-case hex SHA-256 of the secret in the link.</summary>
    public required string TokenHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
}

internal sealed class EmailVerificationTokenConfiguration : IEntityTypeConfiguration<EmailVerificationToken>
{
    public void Configure(EntityTypeBuilder<EmailVerificationToken> b)
    {
        b.ToTable("EmailVerificationTokens");
        b.Property(t => t.Address).HasMaxLength(320);
        b.Property(t => t.TokenHash).HasMaxLength(64);
        b.HasIndex(t => t.TokenHash).IsUnique();
        // The resend limit counts a person's recent links.
        b.HasIndex(t => new { t.PersonId, t.CreatedAt });
        // Account deletion removes the person with a set-based delete; the database removes their links with it.
        b.HasOne<Person>().WithMany().HasForeignKey(t => t.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
