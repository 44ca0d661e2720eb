using Laurel.Features.Awards;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Wallets;

/// <summary>Where a wallet offer is in its life: each step is shown to the learner beside the badge.</summary>
public enum WalletOfferState { Offered, Fetched, TokenIssued, Issued, Acknowledged, Expired, Refused }

/// <summary>
/// One "Add to wallet" for one award: the OpenID4VCI credential offer (by reference), its pre-authorized code and
/// tx_code, and the issuer_state a wallet carries into the authorization code flow. Secrets are stored only as
/// hashes (<see cref="WalletSecrets"/>); an offer is single use and expires.
/// </summary>
public class WalletOffer
{
    public Guid Id { get; set; }
    public Guid AwardId { get; set; }
    /// <summary>The backpack owner: only this person's wallet may take the credential (anti-QR-theft).</summary>
    public Guid PersonId { get; set; }
    public Guid InstitutionId { get; set; }
    /// <summary>The credential configuration ids offered (see <see cref="WalletConfigurationId"/>).</summary>
    public List<string> ConfigurationIds { get; set; } = [];
    /// <summary>SHA-256 of the pre-authorized code (<see cref="WalletSecrets.Hash"/>).</summary>
    public required string PreAuthorizedCodeHash { get; set; }
    /// <summary>SHA-256 of the tx_code shown on the learner's screen; null when the offer has none.</summary>
    public string? TxCodeHash { get; set; }
    public int TxCodeFailures { get; set; }
    /// <summary>SHA-256 of the issuer_state for the authorization code flow started from this offer.</summary>
    public required string IssuerStateHash { get; set; }
    /// <summary>
    /// The pre-authorized code, issuer_state and tx_code themselves, protected with ASP.NET Data Protection
    /// (<see cref="WalletOfferSecrets"/>): the offer fetched by reference must carry the code, and the learner's page
    /// shows the tx_code again while the offer is open. Lookups use the hashes above.
    /// </summary>
    public required string ProtectedSecrets { get; set; }
    public WalletOfferState State { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? FetchedAt { get; set; }
    public DateTime? TokenIssuedAt { get; set; }
    public DateTime? IssuedAt { get; set; }
    public DateTime? AcknowledgedAt { get; set; }
    /// <summary>Optimistic concurrency: two wallets redeeming the same code at once cannot both win.</summary>
    public int Version { get; set; }
}

internal sealed class WalletOfferConfiguration : IEntityTypeConfiguration<WalletOffer>
{
    public void Configure(EntityTypeBuilder<WalletOffer> builder)
    {
        builder.Property(o => o.PreAuthorizedCodeHash).HasMaxLength(64);
        builder.Property(o => o.TxCodeHash).HasMaxLength(64);
        builder.Property(o => o.IssuerStateHash).HasMaxLength(64);
        builder.Property(o => o.ProtectedSecrets).HasMaxLength(2000);
        builder.Property(o => o.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.HasIndex(o => o.PreAuthorizedCodeHash).IsUnique();
        builder.HasIndex(o => o.IssuerStateHash).IsUnique();
        builder.HasIndex(o => new { o.AwardId, o.CreatedAt });
        builder.HasOne<Award>().WithMany().HasForeignKey(o => o.AwardId).OnDelete(DeleteBehavior.Cascade);
    }
}
