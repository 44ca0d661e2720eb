using Laurel.Features.Institutions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Pathways.Public;

/// <summary>The public list of pathways, filtered by institution and search text (GET form, works without JavaScript).</summary>
public sealed class IndexModel(PathwayCatalog catalog) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "institution")] public string? Institution { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? Q { get; set; }

    public List<Institution> Institutions { get; private set; } = [];
    public List<PathwaySummary> Results { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Institutions = await catalog.InstitutionsAsync(ct);
        Results = await catalog.SearchAsync(Institution, Q, ct);
    }
}
