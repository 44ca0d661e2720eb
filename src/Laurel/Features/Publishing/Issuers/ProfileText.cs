namespace Laurel.Features.Publishing.Issuers;

/// <summary>Marker for the public issuer profile pages' texts (ProfileText.resx, ProfileText.nl.resx).</summary>
public sealed class ProfileText;
