namespace Laurel.Features.Awards.Manage;

/// <summary>Marker for the texts of the staff award list of a definition (AwardListText.resx, AwardListText.nl.resx).</summary>
public sealed class AwardListText;
