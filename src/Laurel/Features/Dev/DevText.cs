namespace Laurel.Features.Dev;

/// <summary>Marker for the Development-only pages' texts (DevText.resx, DevText.nl.resx).</summary>
public sealed class DevText;
