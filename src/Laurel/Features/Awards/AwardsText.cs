namespace Laurel.Features.Awards;

/// <summary>Marker for the awards feature's texts (AwardsText.resx, AwardsText.nl.resx).</summary>
public sealed class AwardsText;
