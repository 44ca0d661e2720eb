namespace Laurel.Features.Awards.Bulk;

/// <summary>Marker for the bulk award texts (BulkText.resx, BulkText.nl.resx).</summary>
public sealed class BulkText;
