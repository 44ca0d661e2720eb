using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Notifications.Webhooks;

/// <summary>
/// An HTTPS address of an institution's integrator (student information system, LMS) that receives award events, signed
/// with a secret only Laurel and the integrator know. Archived instead of deleted, so the delivery log keeps its endpoint.
/// </summary>
public class WebhookEndpoint
{
    public const int MaxUrlLength = 2000;
    public const int MaxDescriptionLength = 200;

    public Guid Id { get; set; }
    public Guid InstitutionId { get; set; }
    public required string Url { get; set; }
    public string? Description { get; set; }
    /// <summary>Subscribed event types (see <see cref="WebhookEventTypes"/>).</summary>
    public List<string> Events { get; set; } = [];
    /// <summary>The signing secret protected with ASP.NET Data Protection (<see cref="WebhookSecrets.ProtectorPurpose"/>); never stored or logged in the clear.</summary>
    public required string ProtectedSecret { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime? ArchivedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public Guid? CreatedByPersonId { get; set; }
    public DateTime UpdatedAt { get; set; }
    public Guid? UpdatedByPersonId { get; set; }
    public DateTime SecretRotatedAt { get; set; }
}

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> b)
    {
        b.ToTable("WebhookEndpoints");
        b.Property(e => e.Url).HasMaxLength(WebhookEndpoint.MaxUrlLength);
        b.Property(e => e.Description).HasMaxLength(WebhookEndpoint.MaxDescriptionLength);
        b.Property(e => e.ProtectedSecret).HasMaxLength(1000);
        b.PrimitiveCollection(e => e.Events);
        // Every award change looks up the institution's active endpoints.
        b.HasIndex(e => new { e.InstitutionId, e.IsActive });
    }
}
