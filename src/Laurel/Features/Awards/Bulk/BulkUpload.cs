using Laurel.Features.Institutions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Awards.Bulk;

/// <summary>
/// Previewed: waiting for confirmation; Confirming: awards are being written; Completed: every row has an outcome; Interrupted:
/// confirmation stopped part-way (an error, or a node that stopped and let its lease run out) and staff may resume it.
/// </summary>
public enum BulkUploadStatus { Previewed, Confirming, Completed, Expired, Interrupted }

/// <summary>
/// An uploaded bulk award file kept on the server between preview and confirmation (never in the page), owned by the
/// institution. The rows are the file as read; the outcomes are filled at confirmation. Both are cleared when the upload
/// expires (a preview after <see cref="BulkAwardService.PreviewLifetime"/>, a result after <see cref="BulkAwardService.ResultLifetime"/>);
/// the audit trail keeps who uploaded and awarded how many.
/// </summary>
public class BulkUpload
{
    public Guid Id { get; set; }
    public Guid InstitutionId { get; set; }
    public Guid AchievementId { get; set; }
    public Guid? UploadedByPersonId { get; set; }
    public required string FileName { get; set; }
    public BulkUploadStatus Status { get; set; }
    public int RowCount { get; set; }
    /// <summary>The rows as read (JSON array of <see cref="BulkRow"/>).</summary>
    public string? RowsJson { get; set; }
    /// <summary>Every row's outcome after confirmation (JSON array of <see cref="BulkOutcome"/>).</summary>
    public string? OutcomesJson { get; set; }
    /// <summary>The file's delimiter, reused for the report so it opens in the same spreadsheet settings.</summary>
    public string Delimiter { get; set; } = ",";
    /// <summary>Header names Laurel did not recognise (separated by U+001F), named on the preview.</summary>
    public string IgnoredColumns { get; set; } = "";
    public int AwardedCount { get; set; }
    public int RefusedCount { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public Guid? ConfirmedByPersonId { get; set; }
    public DateTime? ConfirmedAt { get; set; }
    /// <summary>While Confirming: renewed with every stored batch; once past, the confirmation is taken as interrupted (its node stopped).</summary>
    public DateTime? LeasedUntil { get; set; }
    /// <summary>While Confirming: the run that holds the lease; a run that lost it (taken as interrupted, then resumed) stops storing.</summary>
    public Guid? LeaseId { get; set; }
}

/// <summary>
/// One row's outcome: awarded (award id and state) or refused with every reason, in the confirmer's language. Earlier marks a row
/// awarded before an interruption (by the run that was interrupted, not the one that finished the upload).
/// </summary>
public sealed record BulkOutcome(int Line, string Recipient, string? Name, Guid? AwardId, string? State, List<string> Reasons, bool Earlier = false)
{
    public bool Awarded => AwardId is not null;
}

internal sealed class BulkUploadConfiguration : IEntityTypeConfiguration<BulkUpload>
{
    public void Configure(EntityTypeBuilder<BulkUpload> b)
    {
        b.ToTable("BulkUploads");
        b.Property(u => u.FileName).HasMaxLength(260);
        b.Property(u => u.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(u => u.Delimiter).HasMaxLength(1);
        b.Property(u => u.IgnoredColumns).HasMaxLength(4000);
        b.HasOne<Institution>().WithMany().HasForeignKey(u => u.InstitutionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Laurel.Features.Achievements.Achievement>().WithMany().HasForeignKey(u => u.AchievementId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(u => new { u.Status, u.ExpiresAt });
        b.HasIndex(u => new { u.AchievementId, u.CreatedAt });
    }
}
