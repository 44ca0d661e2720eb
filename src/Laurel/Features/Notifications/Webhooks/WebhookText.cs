namespace Laurel.Features.Notifications.Webhooks;

/// <summary>Marker for the webhook pages' texts (WebhookText.resx, WebhookText.nl.resx).</summary>
public sealed class WebhookText;
