namespace Laurel.Features.Awards.Direct;

/// <summary>Marker for the direct award texts (DirectText.resx, DirectText.nl.resx).</summary>
public sealed class DirectText;
