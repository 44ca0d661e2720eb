namespace Laurel.Features.Backpack;

/// <summary>The backpack's filter and sort, read from GET query parameters so they work without JavaScript.</summary>
public sealed record BackpackQuery
{
    /// <summary>A <see cref="BackpackState"/> name, or empty for every state.</summary>
    public string? State { get; init; }
    /// <summary>An institution/issuer key (<see cref="BackpackEntry.InstitutionKey"/>), or empty for all.</summary>
    public string? Institution { get; init; }
    /// <summary><c>mc</c> (micro-credentials only), <c>other</c>, or empty.</summary>
    public string? Kind { get; init; }
    /// <summary><c>laurel</c> (awarded through Laurel), <c>imported</c>, or empty.</summary>
    public string? Source { get; init; }
    /// <summary><c>date</c> (newest first, the default), <c>date-asc</c>, <c>name</c> or <c>institution</c>.</summary>
    public string? Sort { get; init; }

    public static readonly string[] Sorts = ["date", "date-asc", "name", "institution"];

    public IEnumerable<BackpackEntry> Apply(IEnumerable<BackpackEntry> entries, string language)
    {
        if (Enum.TryParse<BackpackState>(State, ignoreCase: true, out var state)) entries = entries.Where(e => e.State == state);
        if (!string.IsNullOrEmpty(Institution)) entries = entries.Where(e => e.InstitutionKey == Institution);
        if (Kind == "mc") entries = entries.Where(e => e.IsMicroCredential);
        else if (Kind == "other") entries = entries.Where(e => !e.IsMicroCredential);
        if (Source == "imported") entries = entries.Where(e => e.Imported);
        else if (Source == "laurel") entries = entries.Where(e => !e.Imported);
        var byName = StringComparer.Create(System.Globalization.CultureInfo.CurrentCulture, ignoreCase: true);
        return Sort switch
        {
            "name" => entries.OrderBy(e => e.Name, byName).ThenByDescending(e => e.Date),
            "institution" => entries.OrderBy(e => e.Institution(language), byName).ThenBy(e => e.Name, byName),
            "date-asc" => entries.OrderBy(e => e.Date),
            _ => entries.OrderByDescending(e => e.Date),
        };
    }

    /// <summary>True when any filter narrows the list (the page then offers to clear them).</summary>
    public bool Filters => !string.IsNullOrEmpty(State) || !string.IsNullOrEmpty(Institution) || !string.IsNullOrEmpty(Kind) || !string.IsNullOrEmpty(Source);
}
