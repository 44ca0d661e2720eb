namespace Laurel.Features.Insights;

/// <summary>The data of one bar chart (<c>_InsightsChart.cshtml</c>).</summary>
public sealed record InsightsChart(string Id, string Title, string Description, IReadOnlyList<string> Labels, IReadOnlyList<long> Values);
