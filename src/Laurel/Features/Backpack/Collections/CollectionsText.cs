namespace Laurel.Features.Backpack.Collections;

/// <summary>Marker for the collections' texts (CollectionsText.resx, CollectionsText.nl.resx).</summary>
public sealed class CollectionsText;
