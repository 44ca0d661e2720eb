namespace Laurel.Features.Awards.Manage;

/// <summary>Marker for the texts about scheduled awards that are cancelled or refused (ScheduledText.resx, ScheduledText.nl.resx).</summary>
public sealed class ScheduledText;
