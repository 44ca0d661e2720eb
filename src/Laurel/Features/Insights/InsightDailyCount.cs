using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Insights;

/// <summary>What is counted about a badge (each a column of the insights pages).</summary>
public enum InsightKind { PageView, Verification, Download, LinkedIn, Share }

/// <summary>
/// One day's count of one kind for one definition (version): the aggregate the insights pages read. Counting never scans a log:
/// <see cref="InsightsCounter"/> buffers increments in memory and <see cref="InsightsFlusher"/> adds them here in batches.
/// Issuer, faculty and institution numbers are roll-ups over the definitions' issuer.
/// </summary>
public class InsightDailyCount
{
    public DateOnly Day { get; set; }
    public Guid AchievementId { get; set; }
    public InsightKind Kind { get; set; }
    public long Count { get; set; }
}

internal sealed class InsightDailyCountConfiguration : IEntityTypeConfiguration<InsightDailyCount>
{
    public const string Table = "InsightDailyCounts";

    public void Configure(EntityTypeBuilder<InsightDailyCount> b)
    {
        b.ToTable(Table);
        // The key is the upsert's conflict target (INSERT … ON CONFLICT (Day, AchievementId, Kind) DO UPDATE).
        b.HasKey(c => new { c.Day, c.AchievementId, c.Kind });
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(c => new { c.AchievementId, c.Day });
    }
}
