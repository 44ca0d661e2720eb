namespace Laurel.Features.Presentations;

/// <summary>Marker for the presentation resource files (PresentationsText.resx, PresentationsText.nl.resx).</summary>
public sealed class PresentationsText;
