using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Laurel.Infrastructure.Database;

namespace Laurel.Features.Presentations;

/// <summary>
/// An accepted answer: who (as disclosed), which badges with every check, what was disclosed and what was withheld. One per
/// request and holder: a second answer from the same wallet or person updates this row. Deleted when <see cref="ExpiresAt"/> passes.
/// </summary>
public class PresentationResponse
{
    public Guid Id { get; set; }
    public Guid RequestId { get; set; }
    /// <summary>See <see cref="PresentationAnswer.HolderKey"/>.</summary>
    public required string HolderKey { get; set; }
    public Guid? HolderPersonId { get; set; }
    public string? HolderName { get; set; }
    public PresentationChannel Channel { get; set; }
    public List<PresentedCheck> PresentationChecks { get; set; } = [];
    public List<PresentedCredential> Credentials { get; set; } = [];
    /// <summary>Per credential (same order), the criteria results at the time of the answer.</summary>
    public List<List<CriterionResult>> CriteriaResults { get; set; } = [];
    public DateTime ReceivedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>How many times this holder answered (1 = once).</summary>
    public int AnswerCount { get; set; } = 1;
    public DateTime ExpiresAt { get; set; }
}

internal sealed class PresentationResponseConfiguration : IEntityTypeConfiguration<PresentationResponse>
{
    public void Configure(EntityTypeBuilder<PresentationResponse> b)
    {
        b.Property(r => r.HolderKey).HasMaxLength(256);
        b.Property(r => r.HolderName).HasMaxLength(300);
        b.Property(r => r.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.PresentationChecks).HasJsonConversion();
        b.Property(r => r.Credentials).HasJsonConversion();
        b.Property(r => r.CriteriaResults).HasJsonConversion();
        b.HasIndex(r => new { r.RequestId, r.HolderKey }).IsUnique();
        b.HasIndex(r => new { r.RequestId, r.UpdatedAt });
        b.HasIndex(r => r.ExpiresAt);
        b.HasOne<PresentationRequest>().WithMany().HasForeignKey(r => r.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}
