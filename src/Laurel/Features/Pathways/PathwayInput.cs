using System.Globalization;

namespace Laurel.Features.Pathways;

/// <summary>The staff form as posted. Numbers arrive as text and are parsed culture-independently ("7,5" and "7.5").</summary>
public sealed class PathwayInput
{
    public string? NameNl { get; set; }
    public string? NameEn { get; set; }
    public string? DescriptionNl { get; set; }
    public string? DescriptionEn { get; set; }
    /// <summary><c>draft</c> or <c>published</c>.</summary>
    public string? Status { get; set; } = "draft";
    public List<PathwayItemInput> Items { get; set; } = [];
    public string? MinItems { get; set; }
    public string? MinCredits { get; set; }
    public string? MinEqfLevel { get; set; }
    public string? MinEqfCount { get; set; }
    public Guid? CompletionAchievementId { get; set; }

    public static PathwayInput From(Pathway p) => new()
    {
        NameNl = p.NameNl, NameEn = p.NameEn, DescriptionNl = p.DescriptionNl, DescriptionEn = p.DescriptionEn,
        Status = p.Status == PathwayStatus.Published ? "published" : "draft",
        Items = [.. p.Items.OrderBy(i => i.Position).Select(i => new PathwayItemInput
        {
            AchievementId = i.AchievementId, ExternalUrl = i.ExternalUrl, Label = i.Label, Required = i.Required,
            AcceptedIssuers = i.AcceptedIssuers.Count == 0 ? null : string.Join('\n', i.AcceptedIssuers),
        })],
        MinItems = p.MinItems?.ToString(CultureInfo.InvariantCulture),
        MinCredits = p.MinCredits?.ToString("0.##", CultureInfo.InvariantCulture),
        MinEqfLevel = p.MinEqfLevel?.ToString(CultureInfo.InvariantCulture),
        MinEqfCount = p.MinEqfLevel is null ? null : p.MinEqfCount.ToString(CultureInfo.InvariantCulture),
        CompletionAchievementId = p.CompletionAchievementId,
    };

    /// <summary>Rows the form leaves blank are not items.</summary>
    public IEnumerable<(PathwayItemInput Item, int Row)> FilledItems() =>
        Items.Select((item, row) => (item, row)).Where(x => !x.item.IsBlank);
}

/// <summary>One row of the items table: a Laurel achievement from the catalog, or an external achievement URL with a label.</summary>
public sealed class PathwayItemInput
{
    public Guid? AchievementId { get; set; }
    public string? ExternalUrl { get; set; }
    public string? Label { get; set; }
    public bool Required { get; set; }
    /// <summary>External items: the issuers accepted for it, one per line (issuer DIDs or URLs, or domains).</summary>
    public string? AcceptedIssuers { get; set; }

    public bool IsBlank => AchievementId is null && string.IsNullOrWhiteSpace(ExternalUrl) && string.IsNullOrWhiteSpace(Label)
        && string.IsNullOrWhiteSpace(AcceptedIssuers);

    /// <summary>The non-empty lines of <see cref="AcceptedIssuers"/> (commas separate too), trimmed.</summary>
    public List<string> IssuerLines() =>
        [.. (AcceptedIssuers ?? "").Split(['\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
