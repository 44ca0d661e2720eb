using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Awards.Events;

/// <summary>The transitions of <see cref="Award"/> that <see cref="AwardEvents"/> records (one event per transition).</summary>
public enum AwardEventType { Issued, Scheduled, Claimed, Declined, Expired, Revoked, Suspended, Reinstated, Cancelled, Refused, Withdrawn }

/// <summary>
/// The durable record of one award transition, committed with it (transactional outbox). Background work that must not be lost
/// when a node stops after the commit (pathway evaluation, later wallet notifications) reads these rows: a worker leases
/// unprocessed ones (<see cref="LeaseToken"/>, <see cref="LeaseUntil"/>) so two nodes never handle the same event, and sets
/// <see cref="ProcessedAt"/> when done.
/// </summary>
public sealed class AwardEvent
{
    public Guid Id { get; set; }
    public Guid AwardId { get; set; }
    /// <summary>The learner, when known at the transition (null for awards still addressed to an e-mail address or EPPN).</summary>
    public Guid? PersonId { get; set; }
    public Guid AchievementId { get; set; }
    public Guid InstitutionId { get; set; }
    public AwardEventType Type { get; set; }
    public DateTime OccurredAt { get; set; }
    public DateTime? ProcessedAt { get; set; }
    public Guid? LeaseToken { get; set; }
    public DateTime? LeaseUntil { get; set; }
    /// <summary>Failed processing attempts so far (the worker gives up after a few and logs it).</summary>
    public int Attempts { get; set; }
}

internal sealed class AwardEventConfiguration : IEntityTypeConfiguration<AwardEvent>
{
    public void Configure(EntityTypeBuilder<AwardEvent> b)
    {
        b.ToTable("AwardEvents");
        b.Property(e => e.Type).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(e => e.AwardId);
        // The worker's question "what is left to do?" reads only unprocessed rows (same SQL on SQLite and PostgreSQL).
        b.HasIndex(e => e.OccurredAt).HasDatabaseName("IX_AwardEvents_Unprocessed").HasFilter("\"ProcessedAt\" IS NULL");
    }
}
