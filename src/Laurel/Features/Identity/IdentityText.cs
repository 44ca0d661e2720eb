namespace Laurel.Features.Identity;

/// <summary>Marker for the identity feature's texts (IdentityText.resx, IdentityText.nl.resx).</summary>
public sealed class IdentityText;
