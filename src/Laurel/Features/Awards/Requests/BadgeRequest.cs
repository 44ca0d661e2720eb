using Laurel.Features.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Features.Awards.Requests;

/// <summary>Where a learner's request stands. Only <see cref="Open"/> requests wait for staff.</summary>
public enum BadgeRequestState { Open, Approved, Denied }

/// <summary>A learner asks for a published achievement from the catalog; staff with the Award right approve (award) or deny it.</summary>
public class BadgeRequest
{
    public const int MaxMotivationLength = 2_000;
    public const int MaxUrlLength = 2_000;
    public const int MaxReasonLength = 1_000;

    public Guid Id { get; set; }
    public Guid InstitutionId { get; set; }
    public Guid AchievementId { get; set; }
    public Achievement? Achievement { get; set; }
    public Guid PersonId { get; set; }
    public Person? Person { get; set; }
    public string? Motivation { get; set; }
    public string? EvidenceUrl { get; set; }
    public BadgeRequestState State { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DecidedAt { get; set; }
    public Guid? DecidedByPersonId { get; set; }
    /// <summary>Why staff denied it (mandatory for a denial, shown to the learner).</summary>
    public string? DenialReason { get; set; }
    /// <summary>The award an approval produced.</summary>
    public Guid? AwardId { get; set; }
    /// <summary>Why the last approval attempt failed (the request stays open); shown to staff.</summary>
    public string? LastApprovalProblem { get; set; }
}

internal sealed class BadgeRequestConfiguration : IEntityTypeConfiguration<BadgeRequest>
{
    public void Configure(EntityTypeBuilder<BadgeRequest> b)
    {
        b.ToTable("BadgeRequests");
        b.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Motivation).HasMaxLength(BadgeRequest.MaxMotivationLength);
        b.Property(r => r.EvidenceUrl).HasMaxLength(BadgeRequest.MaxUrlLength);
        b.Property(r => r.DenialReason).HasMaxLength(BadgeRequest.MaxReasonLength);
        b.Property(r => r.LastApprovalProblem).HasMaxLength(2_000);
        b.HasOne(r => r.Achievement).WithMany().HasForeignKey(r => r.AchievementId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(r => r.Person).WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => new { r.InstitutionId, r.State, r.CreatedAt });
        b.HasIndex(r => new { r.PersonId, r.CreatedAt });
        // One open request per learner and achievement, also when the learner double-submits.
        b.HasIndex(r => new { r.AchievementId, r.PersonId }).IsUnique().HasDatabaseName("UX_BadgeRequests_Open")
            .HasFilter("\"State\" = 'Open'");
    }
}
