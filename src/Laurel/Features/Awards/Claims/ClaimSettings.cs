using Laurel.Features.Achievements;
using Laurel.Features.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Awards.Claims;

/// <summary>An institution's claim timing: reminder days after the award date and when an unclaimed award expires.</summary>
public class ClaimSettings
{
    public static readonly int[] DefaultReminderDays = [7, 21];
    public const int DefaultExpiryDays = 90;

    /// <summary>The institution these settings belong to (one row per institution; none means the defaults).</summary>
    public Guid InstitutionId { get; set; }
    public List<int> ReminderDays { get; set; } = [.. DefaultReminderDays];
    public int ExpiryDays { get; set; } = DefaultExpiryDays;
    public DateTime UpdatedAt { get; set; }

    public static ClaimSettings Defaults(Guid institutionId) => new() { InstitutionId = institutionId };

    /// <summary>Reminder days that fall before expiry, ascending (a reminder after expiry would be pointless).</summary>
    public IReadOnlyList<int> EffectiveReminderDays => [.. ReminderDays.Where(d => d > 0 && d < ExpiryDays).Distinct().Order()];
}

/// <summary>How an award's claim state is decided.</summary>
public static class ClaimRules
{
    /// <summary>
    /// A signed award lands in the backpack when the learner is known and the definition auto-accepts (the default);
    /// otherwise it waits for the learner to claim it.
    /// </summary>
    public static AwardState StateOnIssue(Achievement achievement, Person? learner) =>
        learner is not null && !achievement.ClaimRequired ? AwardState.Issued : AwardState.AwaitingClaim;
}

internal sealed class ClaimSettingsConfiguration : IEntityTypeConfiguration<ClaimSettings>
{
    public void Configure(EntityTypeBuilder<ClaimSettings> b)
    {
        b.ToTable("ClaimSettings");
        b.HasKey(s => s.InstitutionId);
        b.HasOne<Institutions.Institution>().WithOne().HasForeignKey<ClaimSettings>(s => s.InstitutionId).OnDelete(DeleteBehavior.Cascade);
    }
}
