namespace Laurel.Features.Notifications;

/// <summary>Marker for the notification templates (NotificationText.resx, NotificationText.nl.resx).</summary>
public sealed class NotificationText;
