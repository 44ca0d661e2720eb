using Laurel.Features.Awards;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Wallets;

/// <summary>The three forms a badge takes in a wallet (OpenID4VCI credential formats, oid4vci.md).</summary>
public enum WalletCredentialFormat { SdJwtVc, LdpVc, JwtVcJson }

/// <summary>
/// One credential handed to one wallet (one holder key). Each copy has its own status index, so the learner can stop
/// one copy without touching the award or other copies; revoking or suspending the award sets every copy's status in
/// the same transaction.
/// </summary>
public class WalletCopy
{
    public Guid Id { get; set; }
    public Guid AwardId { get; set; }
    public Guid InstitutionId { get; set; }
    /// <summary>The offer it was issued through; null for a wallet that started from the issuer (authorization code flow).</summary>
    public Guid? OfferId { get; set; }
    public WalletCredentialFormat Format { get; set; }
    public required string ConfigurationId { get; set; }
    /// <summary>How it got there: <c>pre-authorized_code</c>, <c>authorization_code</c> or <c>vcapi</c>.</summary>
    public required string Protocol { get; set; }
    /// <summary>RFC 7638 thumbprint of the holder key the credential is bound to.</summary>
    public required string HolderKeyThumbprint { get; set; }
    /// <summary>The holder's DID (did:key / did:jwk) for the Data Integrity and VC-JWT forms.</summary>
    public string? HolderDid { get; set; }
    /// <summary>Token Status List entry (SD-JWT VC form).</summary>
    public Guid? TokenStatusListId { get; set; }
    public long? TokenStatusIndex { get; set; }
    /// <summary>Bitstring Status List entries (Data Integrity and VC-JWT forms), same index in both lists.</summary>
    public Guid? RevocationListId { get; set; }
    public Guid? SuspensionListId { get; set; }
    public int? StatusIndex { get; set; }
    /// <summary>The notification_id given to the wallet (OpenID4VCI notification endpoint).</summary>
    public required string NotificationId { get; set; }
    /// <summary>The last event the wallet reported: credential_accepted, credential_deleted or credential_failure.</summary>
    public string? LastNotificationEvent { get; set; }
    public DateTime? NotifiedAt { get; set; }
    public DateTime IssuedAt { get; set; }
    /// <summary>Set when the learner stopped this copy: its own status index is revoked.</summary>
    public DateTime? StoppedAt { get; set; }
}

internal sealed class WalletCopyConfiguration : IEntityTypeConfiguration<WalletCopy>
{
    public void Configure(EntityTypeBuilder<WalletCopy> builder)
    {
        builder.Property(c => c.Format).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.ConfigurationId).HasMaxLength(200);
        builder.Property(c => c.Protocol).HasMaxLength(40);
        builder.Property(c => c.HolderKeyThumbprint).HasMaxLength(64);
        builder.Property(c => c.HolderDid).HasMaxLength(2000);
        builder.Property(c => c.NotificationId).HasMaxLength(64);
        builder.Property(c => c.LastNotificationEvent).HasMaxLength(40);
        builder.HasIndex(c => c.AwardId);
        builder.HasIndex(c => c.NotificationId).IsUnique();
        builder.HasOne<Award>().WithMany().HasForeignKey(c => c.AwardId).OnDelete(DeleteBehavior.Cascade);
    }
}
