using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Awards.Results;

/// <summary>
/// The natural key of a reported completion (learner + achievement + completion date): its unique index is what makes
/// "never awarded twice" hold under concurrent retries. The row is stored in the same SaveChanges as its award, so of concurrent
/// retries exactly one stores both and the others find its award and answer with it.
/// </summary>
public class Completion
{
    public Guid Id { get; set; }
    public Guid InstitutionId { get; set; }
    public Guid AchievementId { get; set; }
    /// <summary>Identity type and normalised identity of the learner, e.g. <c>emailAddress:ann@example.org</c>.</summary>
    public required string LearnerKey { get; set; }
    public DateOnly CompletedOn { get; set; }
    public Guid AwardId { get; set; }
    /// <summary>API client that reported it first.</summary>
    public required string ClientId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// One <c>Idempotency-Key</c> of one API client: the hash of the request it came with and, once answered, the answer to replay.
/// The unique (client, key) index lets exactly one of several concurrent retries do the work.
/// </summary>
public class IdempotencyRecord
{
    public Guid Id { get; set; }
    public required string ClientId { get; set; }
    public required string Key { get; set; }
    /// <summary>SHA-256 (hex) of method, path and body.</summary>
    public required string RequestHash { get; set; }
    public int? StatusCode { get; set; }
    public string? ResponseBody { get; set; }
    public DateTime LockedUntil { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
}

internal sealed class CompletionConfiguration : IEntityTypeConfiguration<Completion>
{
    public void Configure(EntityTypeBuilder<Completion> b)
    {
        b.ToTable("Completions");
        b.Property(c => c.LearnerKey).HasMaxLength(400);
        b.Property(c => c.ClientId).HasMaxLength(64);
        // The learner leads: the results API looks completions up by learner (CompletionService.LookUpAsync), never by definition alone.
        b.HasIndex(c => new { c.LearnerKey, c.AchievementId, c.CompletedOn }).IsUnique();
        b.HasIndex(c => c.AwardId);
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.ToTable("IdempotencyRecords");
        b.Property(r => r.ClientId).HasMaxLength(64);
        b.Property(r => r.Key).HasMaxLength(IdempotencyStore.MaxKeyLength);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.HasIndex(r => new { r.ClientId, r.Key }).IsUnique();
        b.HasIndex(r => r.CreatedAt);
    }
}
