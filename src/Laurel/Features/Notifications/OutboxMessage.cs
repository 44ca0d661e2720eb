using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Notifications;

/// <summary>What a message is about (decides its template; the e-mail worker may group or throttle by it).</summary>
public enum NotificationKind
{
    AwardIssued, AwardRevoked, AwardSuspended, AwardReinstated,
    ClaimReminder, AwardExpired, RequestReceived, RequestApproved, RequestDenied, StaffInvitation,
    // Claims flow: an award waits for the learner, a reminder, and the notice that it expired.
    AwardAwaitingClaim, AwardClaimReminder, AwardClaimExpired,
    // To the awarder: a scheduled award was refused by the award rules on its date.
    ScheduledAwardRefused,
    // To a learner: the link that proves an e-mail address is theirs (issue 12).
    EmailVerification,
    // To a learner: the exam board decided their application for exemptions (issue 17).
    RecognitionDecided,
}

/// <summary>
/// One e-mail waiting in the outbox: rendered in the recipient's language and added in the same transaction as the change
/// it reports, so a message exists exactly when the change was committed. The e-mail worker (awarding-flows issue) claims
/// unsent rows, sends them and fills the sending fields.
/// </summary>
public class OutboxMessage
{
    public Guid Id { get; set; }
    public NotificationKind Kind { get; set; }
    public required string RecipientAddress { get; set; }
    /// <summary>nl or en: the language the message was rendered in.</summary>
    public required string Language { get; set; }
    public required string Subject { get; set; }
    public required string TextBody { get; set; }
    /// <summary>The award (or other entity) the message is about.</summary>
    public Guid? RelatedEntityId { get; set; }
    public Guid? InstitutionId { get; set; }
    public DateTime CreatedAt { get; set; }

    // Filled by the e-mail worker.
    public DateTime? SentAt { get; set; }
    public int Attempts { get; set; }
    public DateTime? NextAttemptAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>The same message as simple HTML (values escaped); null for messages queued before HTML existed.</summary>
    public string? HtmlBody { get; set; }
    /// <summary>Which worker claimed the message, and until when: set before talking to SMTP, so a worker that dies mid-send
    /// only delays the message until the lease runs out; another worker then takes it over.</summary>
    public Guid? LeaseToken { get; set; }
    public DateTime? LeaseUntil { get; set; }
    /// <summary>Set when the worker gave up (permanent rejection or too many attempts); institution admins can retry.</summary>
    public DateTime? FailedAt { get; set; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    // Same SQL on SQLite and PostgreSQL; queries must spell both conditions as IS NULL so the planner may use the index.
    private const string Due = "\"SentAt\" IS NULL AND \"FailedAt\" IS NULL";
    private const string FailedUnsent = "\"SentAt\" IS NULL AND \"FailedAt\" IS NOT NULL";

    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("OutboxMessages");
        b.Property(m => m.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(m => m.RecipientAddress).HasMaxLength(320);
        b.Property(m => m.Language).HasMaxLength(8);
        b.Property(m => m.Subject).HasMaxLength(300);
        b.Property(m => m.LastError).HasMaxLength(2000);
        // The worker looks for unsent messages in order.
        b.HasIndex(m => new { m.SentAt, m.CreatedAt });
        b.HasIndex(m => m.RelatedEntityId);
        // The institution's mail page lists unsent and failed messages.
        b.HasIndex(m => new { m.InstitutionId, m.SentAt });
        // Issue 18: only messages still to send, in the order the worker takes them, so claiming a batch reads about a batch of
        // index entries instead of sorting every unsent message; the mail page's waiting list reads the same per institution.
        b.HasIndex(m => new { m.CreatedAt, m.Id }).HasDatabaseName("IX_OutboxMessages_Due").HasFilter(Due);
        b.HasIndex(m => new { m.InstitutionId, m.CreatedAt, m.Id }).HasDatabaseName("IX_OutboxMessages_Institution_Due").HasFilter(Due);
        // The mail page's failed list and the dashboard's failed count per institution. The filter names both conditions those
        // queries state: with "FailedAt" alone PostgreSQL also walked the SentAt index over every unsent message (28,407 entries,
        // 75–153 ms at 1 M messages; 100 entries and < 1 ms with this filter: issue 18, memory round 3).
        b.HasIndex(m => new { m.InstitutionId, m.FailedAt }).HasDatabaseName("IX_OutboxMessages_Institution_Failed").HasFilter(FailedUnsent);
    }
}
