using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Notifications.Webhooks;

public enum WebhookDeliveryState { Pending, Delivered, Failed }

/// <summary>
/// One event on its way to one endpoint: added in the same transaction as the award change it reports (transactional
/// outbox), claimed with a lease by one node's worker, retried with backoff, and kept as the endpoint's delivery log.
/// </summary>
public class WebhookDelivery
{
    public const int MaxErrorLength = 500;

    public Guid Id { get; set; }
    public Guid EndpointId { get; set; }
    public Guid InstitutionId { get; set; }
    public required string EventType { get; set; }
    /// <summary>The event (shared by the deliveries of one event to several endpoints).</summary>
    public Guid EventId { get; set; }
    /// <summary>The exact JSON body sent (and signed) on every attempt.</summary>
    public required string Payload { get; set; }
    public WebhookDeliveryState State { get; set; }
    public int Attempts { get; set; }
    public DateTime? NextAttemptAt { get; set; }
    public Guid? LeaseToken { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public int? LastStatus { get; set; }
    /// <summary>Short: the receiver's status line and the start of its body, or the connection error; never a secret.</summary>
    public string? LastError { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
    public DateTime? FailedAt { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.ToTable("WebhookDeliveries");
        b.Property(d => d.EventType).HasMaxLength(64);
        b.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.LastError).HasMaxLength(WebhookDelivery.MaxErrorLength);
        // The worker looks for due deliveries; the log lists an endpoint's deliveries newest first.
        b.HasIndex(d => new { d.State, d.NextAttemptAt });
        b.HasIndex(d => new { d.EndpointId, d.CreatedAt });
    }
}
