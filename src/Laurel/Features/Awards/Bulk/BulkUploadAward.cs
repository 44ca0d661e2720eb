using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Awards.Bulk;

/// <summary>
/// The award one line of a bulk upload produced, written in the same transaction as the award. An interrupted upload resumes from
/// these rows: a line that has one is never awarded again, and the report names it "awarded before the interruption".
/// </summary>
public class BulkUploadAward
{
    public Guid BulkUploadId { get; set; }
    /// <summary>The file line (<see cref="BulkRow.Line"/>).</summary>
    public int Line { get; set; }
    public Guid AwardId { get; set; }
}

internal sealed class BulkUploadAwardConfiguration : IEntityTypeConfiguration<BulkUploadAward>
{
    public void Configure(EntityTypeBuilder<BulkUploadAward> b)
    {
        b.ToTable("BulkUploadAwards");
        // One award per line: a second run that reached a line already awarded fails its batch instead of awarding it twice.
        b.HasKey(x => new { x.BulkUploadId, x.Line });
        b.HasOne<BulkUpload>().WithMany().HasForeignKey(x => x.BulkUploadId).OnDelete(DeleteBehavior.Cascade);
        // No foreign key to Awards: PostgreSQL COPY writes table by table in no promised order within the batch's transaction.
        b.HasIndex(x => x.AwardId);
    }
}
