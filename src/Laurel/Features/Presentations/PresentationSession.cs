using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Presentations;

/// <summary>
/// One attempt to answer a request: a wallet fetching the request object, a VC-API exchange, or a backpack answer page. Holds the
/// fresh nonce (OpenID4VP <c>nonce</c>, VC-API <c>challenge</c>) and state; consumed by the first answer (a replay is refused).
/// No personal data: a refused answer leaves only its refusal code here.
/// </summary>
public class PresentationSession
{
    public Guid Id { get; set; }
    public Guid RequestId { get; set; }
    public PresentationChannel Channel { get; set; }
    /// <summary>Random, base64url, 32 bytes: bound into the key-binding JWT or the VP proof's challenge.</summary>
    public required string Nonce { get; set; }
    /// <summary>OpenID4VP <c>state</c> (random), echoed by the wallet.</summary>
    public string? State { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    /// <summary>Set once, atomically, by the first answer that arrives (accepted or refused).</summary>
    public DateTime? ConsumedAt { get; set; }
    public Guid? ResponseId { get; set; }
    public string? RefusalCode { get; set; }

    /// <summary>How long a wallet has between fetching the request and answering.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
}

internal sealed class PresentationSessionConfiguration : IEntityTypeConfiguration<PresentationSession>
{
    public void Configure(EntityTypeBuilder<PresentationSession> b)
    {
        b.Property(s => s.Nonce).HasMaxLength(64);
        b.Property(s => s.State).HasMaxLength(64);
        b.Property(s => s.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.RefusalCode).HasMaxLength(64);
        b.HasIndex(s => s.Nonce).IsUnique();
        b.HasIndex(s => s.ExpiresAt);
        b.HasOne<PresentationRequest>().WithMany().HasForeignKey(s => s.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}
