using Laurel.Features.Institutions;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Achievements.Catalog;

/// <summary>The public catalog with GET filters (works without JavaScript) and paging.</summary>
public sealed class IndexModel(AchievementCatalog catalog, RenderedPages rendered) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "institution")] public string? Institution { get; set; }
    [BindProperty(SupportsGet = true, Name = "faculty")] public Guid? Faculty { get; set; }
    [BindProperty(SupportsGet = true, Name = "kind")] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true, Name = "eqf")] public int? Eqf { get; set; }
    [BindProperty(SupportsGet = true, Name = "minEc")] public string? MinEc { get; set; }
    [BindProperty(SupportsGet = true, Name = "maxEc")] public string? MaxEc { get; set; }
    [BindProperty(SupportsGet = true, Name = "language")] public string? Language { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? Q { get; set; }
    // Read from the query directly: "page" is also Razor Pages' own route value (the page path).
    public int PageNumber => int.TryParse(Request.Query["page"], out var n) && n > 0 ? n : 1;

    public CatalogPage Results { get; private set; } = new([], 0, 1, AchievementCatalog.PageSize);
    public List<Institution> Institutions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // The tag is the publication version, raised by every change of what the catalog shows: a current copy costs a 304 or a
        // stored rendering, and only a change searches and renders again.
        // PublicPageCache already computed it for an anonymous visitor whose copy was not current.
        var etag = PublicPageCache.KnownTag(HttpContext)
            ?? await PublicationTag.OfAsync(HttpContext, Laurel.Features.Identity.StaffAccess.PersonId(User), ct);
        if (ConditionalGet.Validate(HttpContext, etag, isPrivate: User.Identity?.IsAuthenticated == true)) return StatusCode(StatusCodes.Status304NotModified);
        if (rendered.Find(HttpContext, etag) is { } copy) return copy;
        RenderedPages.Capture(HttpContext, etag);
        Institutions = await catalog.InstitutionsAsync(ct);
        Results = await catalog.SearchAsync(Filter() with { Page = PageNumber }, ct);
        return Page();
    }

    public CatalogFilter Filter() => new()
    {
        Institution = Institution, Faculty = Faculty, Kind = Kind, Eqf = Eqf, Language = Language, Q = Q,
        MinEc = CatalogNumbers.Parse(MinEc), MaxEc = CatalogNumbers.Parse(MaxEc),
    };

    /// <summary>The address of another page with the same filters.</summary>
    public string PageUrl(int page)
    {
        var query = new Dictionary<string, string?>
        {
            ["institution"] = Institution, ["faculty"] = Faculty?.ToString(), ["kind"] = Kind, ["eqf"] = Eqf?.ToString(),
            ["minEc"] = MinEc, ["maxEc"] = MaxEc, ["language"] = Language, ["q"] = Q, ["page"] = page.ToString(),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/catalog", query.Where(kv => !string.IsNullOrEmpty(kv.Value)));
    }
}

/// <summary>EC bounds typed by visitors: "2.5" and "2,5" both work; anything else is ignored.</summary>
public static class CatalogNumbers
{
    public static decimal? Parse(string? text) =>
        decimal.TryParse(text?.Trim().Replace(',', '.'), System.Globalization.NumberStyles.AllowDecimalPoint,
            System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;
}
