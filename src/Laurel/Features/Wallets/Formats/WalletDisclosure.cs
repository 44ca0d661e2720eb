using Laurel.Features.Awards;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Wallets.Formats;

/// <summary>How one personal claim goes into the learner's SD-JWT VC.</summary>
public enum ClaimDisclosure
{
    /// <summary>In the credential as a selective disclosure: the wallet shows it only to verifiers the learner chooses.</summary>
    Selective,
    /// <summary>In the credential in the clear: every verifier that sees the credential sees it.</summary>
    Always,
    /// <summary>Left out of the credential.</summary>
    Omitted,
}

/// <summary>
/// The learner's choices for the SD-JWT VC form of one award (a missing row means <see cref="Defaults"/>). Only the personal
/// claims are the learner's to choose: name, grade and evidence. The achievement's facts, issuer and dates stay in the clear
/// because a verifier needs them to know what the credential is.
/// </summary>
public class WalletDisclosure
{
    public Guid AwardId { get; set; }
    public ClaimDisclosure RecipientName { get; set; } = ClaimDisclosure.Selective;
    public ClaimDisclosure Grade { get; set; } = ClaimDisclosure.Selective;
    public ClaimDisclosure Evidence { get; set; } = ClaimDisclosure.Selective;
    public DateTime UpdatedAt { get; set; }

    /// <summary>
    /// Everything personal selectively disclosable: the wallet (the learner) decides per presentation, and a verifier that
    /// only needs "holds this badge" learns nothing more (data minimisation, ARF/HAIP practice).
    /// </summary>
    public static WalletDisclosure Defaults(Guid awardId) => new() { AwardId = awardId };
}

internal sealed class WalletDisclosureConfiguration : IEntityTypeConfiguration<WalletDisclosure>
{
    public void Configure(EntityTypeBuilder<WalletDisclosure> builder)
    {
        builder.ToTable("WalletDisclosures");
        builder.HasKey(d => d.AwardId);
        builder.Property(d => d.RecipientName).HasConversion<string>().HasMaxLength(12);
        builder.Property(d => d.Grade).HasConversion<string>().HasMaxLength(12);
        builder.Property(d => d.Evidence).HasConversion<string>().HasMaxLength(12);
        builder.HasOne<Award>().WithOne().HasForeignKey<WalletDisclosure>(d => d.AwardId).OnDelete(DeleteBehavior.Cascade);
    }
}
