namespace Laurel.Features.Backpack;

/// <summary>Marker for the backpack's nl/en resources (BackpackText.resx, BackpackText.nl.resx).</summary>
public sealed class BackpackText;
