using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Pathways.Public;

/// <summary>A published pathway as JSON (for prospective learners' tools and other institutions).</summary>
public sealed class JsonModel(PathwayCatalog catalog, PublicOrigin origin) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await catalog.FindPublishedAsync(id, ct) is not { } view) return NotFound();
        var p = view.Pathway;
        return new JsonResult(new
        {
            id = origin.Url($"/pathways/{p.Id}"),
            name = new { nl = p.NameNl, en = p.NameEn },
            description = new { nl = p.DescriptionNl, en = p.DescriptionEn },
            institution = new { view.Institution.Slug, name = new { nl = view.Institution.NameNl, en = view.Institution.NameEn } },
            requirements = new { minItems = p.MinItems, minCredits = p.MinCredits, minEqfLevel = p.MinEqfLevel, minEqfCount = p.MinEqfLevel is null ? (int?)null : p.MinEqfCount },
            items = view.Items.Select(i => new
            {
                achievement = i.Achievement is { } a ? origin.Url($"/catalog/{a.Id}") : null,
                externalUrl = i.Item.ExternalUrl,
                acceptedIssuers = i.Item.ExternalUrl is null ? null : i.Item.AcceptedIssuers,
                name = PathwayDisplay.ItemName(i),
                institution = i.Achievement?.Issuer?.Faculty?.Institution?.Slug,
                credits = i.Achievement?.StudyLoadEc is { } ec ? decimal.Round(ec, 2) : (decimal?)null,
                eqfLevel = i.Achievement?.EqfLevel,
                required = i.Item.Required,
            }),
            completionAchievement = view.Completion is { } c ? new { id = origin.Url($"/catalog/{c.Id}"), name = c.Name } : null,
        });
    }
}
