namespace Laurel.Features.Shared;

/// <summary>Marker for the texts shared by every page (layout, navigation, errors): SharedText.resx / SharedText.nl.resx.</summary>
public sealed class SharedText;
