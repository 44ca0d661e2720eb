using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Infrastructure.Auditing;

/// <summary>One audited action: who did what to which thing, when, and from which client.</summary>
public class AuditEntry
{
    public Guid Id { get; set; }
    public DateTime At { get; set; }
    public Guid? ActorPersonId { get; set; }
    public required string ActorName { get; set; }
    /// <summary>Dotted action name, e.g. <c>achievement.published</c>.</summary>
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public Guid EntityId { get; set; }
    public Guid? InstitutionId { get; set; }
    /// <summary>Client that performed the action: <c>web</c>, <c>api:{clientId}</c>, <c>cli</c>.</summary>
    public string Client { get; set; } = "web";
    /// <summary>JSON with the details that matter (changed fields, reasons).</summary>
    public string? Details { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(a => a.Action).HasMaxLength(64);
        b.Property(a => a.EntityType).HasMaxLength(64);
        // The audit page pages newest first by (At, Id) per institution, with or without an action filter (issue 18: keyset
        // paging at millions of entries, no count and no DISTINCT per view).
        b.HasIndex(a => new { a.InstitutionId, a.At, a.Id }).HasDatabaseName("IX_AuditEntries_Institution_At");
        b.HasIndex(a => new { a.InstitutionId, a.Action, a.At, a.Id }).HasDatabaseName("IX_AuditEntries_Institution_Action_At");
    }
}
