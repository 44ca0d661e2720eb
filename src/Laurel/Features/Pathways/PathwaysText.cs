namespace Laurel.Features.Pathways;

/// <summary>Marker for the pathways resource files (PathwaysText.resx, PathwaysText.nl.resx).</summary>
public sealed class PathwaysText;
