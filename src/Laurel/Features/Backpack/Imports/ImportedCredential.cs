using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Backpack.Imports;

/// <summary>How an imported credential reached Laurel.</summary>
public enum ImportSource { Upload, Url }

/// <summary>The credential's own format, as recognised on import.</summary>
public enum ImportFormat { Ob3Json, Ob2Json, VcJwt, BakedPng, BakedSvg }

/// <summary>The outcome of the latest verification of an imported credential (re-checked on view: status may change).</summary>
public enum ImportStatus { Valid, Revoked, Suspended, Expired, Invalid, Unreachable }

/// <summary>
/// A badge earned elsewhere that a learner added to their backpack. It was verified on import and is kept with that
/// report; it is always labelled as imported and is private to its owner unless they put it in a public collection.
/// </summary>
public class ImportedCredential
{
    public Guid Id { get; set; }
    public Guid PersonId { get; set; }
    public ImportSource Source { get; set; }
    public ImportFormat Format { get; set; }
    /// <summary>The URL it was fetched from (URL imports only).</summary>
    public string? SourceUrl { get; set; }
    public string? FileName { get; set; }
    /// <summary>The credential exactly as verified: JSON (OB 3.0 / OB 2.0) or a compact VC-JWT; baked images are stored unbaked.</summary>
    public required string CredentialText { get; set; }
    /// <summary>Lower-case hex SHA-256 of <see cref="CredentialText"/>: the same credential is imported once per learner.</summary>
    public required string ContentHash { get; set; }

    public string? IssuerId { get; set; }
    public required string IssuerName { get; set; }
    /// <summary>The achievement's id (OB 3.0 <c>achievement.id</c>, OB 2.0 BadgeClass id): pathways match on it.</summary>
    public string? AchievementId { get; set; }
    public required string AchievementName { get; set; }
    public string? AchievementDescription { get; set; }
    /// <summary>OB 3.0 achievementType (e.g. MicroCredential, Course).</summary>
    public string? AchievementType { get; set; }
    /// <summary>The achievement's image URL or data: URI, shown only after the image passed the sanitizer/size checks.</summary>
    public string? ImageUrl { get; set; }
    /// <summary>Alignment target URLs of the achievement: pathways match on these too.</summary>
    public List<string> AlignmentTargets { get; set; } = [];
    /// <summary>OB 3.0 creditsAvailable (EC).</summary>
    public decimal? Credits { get; set; }
    /// <summary>EQF level from the achievement's alignments, when stated.</summary>
    public int? EqfLevel { get; set; }
    public DateTime? IssuedAt { get; set; }
    public DateTime? ValidUntil { get; set; }

    public ImportStatus Status { get; set; }
    /// <summary>
    /// Whether the credential names this learner by one of their verified identities (latest check). Rows from before this
    /// was stored read <see cref="RecipientMatch.Unchecked"/> until checked again: they do not count for pathways meanwhile.
    /// </summary>
    public RecipientMatch Recipient { get; set; } = RecipientMatch.Unchecked;
    /// <summary>The issuer the latest check proved (<see cref="ImportVerifier.ProvenIssuerOf"/>); trust decisions use this, never the name.</summary>
    public string? ProvenIssuerId { get; set; }
    /// <summary>The verification report (Laurel's verifier result as JSON) of the latest check.</summary>
    public required string VerificationReportJson { get; set; }
    public DateTime VerifiedAt { get; set; }
    public DateTime ImportedAt { get; set; }
}

internal sealed class ImportedCredentialConfiguration : IEntityTypeConfiguration<ImportedCredential>
{
    public void Configure(EntityTypeBuilder<ImportedCredential> b)
    {
        b.Property(i => i.Source).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.Format).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.Recipient).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.ProvenIssuerId).HasMaxLength(2048);
        b.Property(i => i.SourceUrl).HasMaxLength(2048);
        b.Property(i => i.FileName).HasMaxLength(255);
        b.Property(i => i.ContentHash).HasMaxLength(64);
        b.Property(i => i.IssuerId).HasMaxLength(2048);
        b.Property(i => i.IssuerName).HasMaxLength(500);
        b.Property(i => i.AchievementId).HasMaxLength(2048);
        b.Property(i => i.AchievementName).HasMaxLength(500);
        b.Property(i => i.AchievementType).HasMaxLength(100);
        b.Property(i => i.Credits).HasPrecision(6, 2);
        b.HasOne<Laurel.Features.Identity.Person>().WithMany().HasForeignKey(i => i.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(i => new { i.PersonId, i.ContentHash }).IsUnique();
    }
}
