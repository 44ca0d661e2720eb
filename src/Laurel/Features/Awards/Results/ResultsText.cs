namespace Laurel.Features.Awards.Results;

/// <summary>Marker for the results API texts (ResultsText.resx, ResultsText.nl.resx).</summary>
public sealed class ResultsText;
