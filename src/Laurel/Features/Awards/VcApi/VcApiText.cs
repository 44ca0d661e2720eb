namespace Laurel.Features.Awards.VcApi;

/// <summary>Marker for the VC-API issuer's texts (VcApiText.resx, VcApiText.nl.resx).</summary>
public sealed class VcApiText;
