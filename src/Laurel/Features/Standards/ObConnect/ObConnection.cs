using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Standards.ObConnect;

/// <summary>Pending: the learner was sent to the host to allow access; Connected: Laurel holds tokens for it.</summary>
public enum ObConnectionState { Pending, Connected }

/// <summary>
/// A learner's link to another Open Badges 3.0 host (OB3-7.6–7.10): the endpoints read from its service description, the
/// client Laurel registered there, and the tokens the learner granted. Every secret is stored protected with Data Protection.
/// </summary>
public sealed class ObConnection
{
    public Guid Id { get; set; }
    public Guid PersonId { get; set; }
    public ObConnectionState State { get; set; }
    /// <summary>The OB API base the learner named, e.g. <c>https://badges.example.edu/ims/ob/v3p0</c>.</summary>
    public required string ApiBaseUrl { get; set; }
    /// <summary>The host's own name (SDD <c>info.title</c>), shown to the learner.</summary>
    public required string HostName { get; set; }
    public required string AuthorizationUrl { get; set; }
    public required string TokenUrl { get; set; }
    public string? RefreshUrl { get; set; }
    /// <summary>RFC 7009 endpoint from the host's RFC 8414 metadata; null when it offers none.</summary>
    public string? RevocationUrl { get; set; }
    public required string ClientId { get; set; }
    public required string ProtectedClientSecret { get; set; }
    /// <summary>SHA-256 (hex) of the <c>state</c> sent to the host while pending; null once connected.</summary>
    public string? StateHash { get; set; }
    public string? ProtectedCodeVerifier { get; set; }
    public string? ProtectedAccessToken { get; set; }
    public string? ProtectedRefreshToken { get; set; }
    public DateTime? AccessTokenExpiresAt { get; set; }
    /// <summary>The scopes the host granted (space-separated).</summary>
    public string? Scope { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ConnectedAt { get; set; }
}

internal sealed class ObConnectionConfiguration : IEntityTypeConfiguration<ObConnection>
{
    public void Configure(EntityTypeBuilder<ObConnection> b)
    {
        b.ToTable("ObConnections");
        b.Property(c => c.State).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.ApiBaseUrl).HasMaxLength(2048);
        b.Property(c => c.HostName).HasMaxLength(200);
        b.Property(c => c.AuthorizationUrl).HasMaxLength(2048);
        b.Property(c => c.TokenUrl).HasMaxLength(2048);
        b.Property(c => c.RefreshUrl).HasMaxLength(2048);
        b.Property(c => c.RevocationUrl).HasMaxLength(2048);
        b.Property(c => c.ClientId).HasMaxLength(500);
        b.Property(c => c.StateHash).HasMaxLength(64);
        b.Property(c => c.Scope).HasMaxLength(1000);
        b.HasOne<Laurel.Features.Identity.Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => c.PersonId);
        b.HasIndex(c => c.StateHash).IsUnique();
    }
}
