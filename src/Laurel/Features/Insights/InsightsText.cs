namespace Laurel.Features.Insights;

/// <summary>Marker for the insights pages' nl/en resources (InsightsText.resx, InsightsText.nl.resx).</summary>
public sealed class InsightsText;
