namespace Laurel.Features.Awards.Claims;

/// <summary>Marker for the claims texts (ClaimsText.resx, ClaimsText.nl.resx).</summary>
public sealed class ClaimsText;
