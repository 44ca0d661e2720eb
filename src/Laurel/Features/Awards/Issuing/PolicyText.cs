namespace Laurel.Features.Awards.Issuing;

/// <summary>Marker for the award policy's messages (PolicyText.resx, PolicyText.nl.resx).</summary>
public sealed class PolicyText;
