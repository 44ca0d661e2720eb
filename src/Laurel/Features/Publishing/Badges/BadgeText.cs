namespace Laurel.Features.Publishing.Badges;

/// <summary>Marker for the badge page's nl/en resources (BadgeText.resx, BadgeText.nl.resx).</summary>
public sealed class BadgeText;
