namespace Laurel.Features.Standards.Clr;

/// <summary>Marker for the CLR 2.0 texts (ClrText.resx, ClrText.nl.resx).</summary>
public sealed class ClrText;
