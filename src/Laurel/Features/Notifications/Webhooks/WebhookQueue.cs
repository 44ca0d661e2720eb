using System.Text.Json;

namespace Laurel.Features.Notifications.Webhooks;

/// <summary>The standard webhook envelope, shared by award events (<see cref="WebhookSubscriber"/>) and the endpoint page's ping.</summary>
public static class WebhookQueue
{
    /// <summary>A delivery with the standard envelope around <paramref name="data"/>.</summary>
    internal static WebhookDelivery NewDelivery(Guid endpointId, Guid institutionId, string eventType, Guid eventId, DateTime now, object data) => new()
    {
        Id = Guid.CreateVersion7(), EndpointId = endpointId, InstitutionId = institutionId, EventType = eventType, EventId = eventId,
        Payload = JsonSerializer.Serialize(new { id = eventId, type = eventType, created = now, institutionId, data }, Json),
        State = WebhookDeliveryState.Pending, CreatedAt = now,
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never };
}
