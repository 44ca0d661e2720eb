namespace Laurel.Features.Institutions;

/// <summary>Marker for the institutions feature's texts (InstitutionsText.resx, InstitutionsText.nl.resx).</summary>
public sealed class InstitutionsText;
