namespace Laurel.Features.Backpack.Imports;

/// <summary>Marker for the import pages' nl/en resources (ImportText.resx, ImportText.nl.resx).</summary>
public sealed class ImportText;
