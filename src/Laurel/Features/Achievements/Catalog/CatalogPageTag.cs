using Laurel.Features.Institutions;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Achievements.Catalog;

/// <summary>
/// The catalog's entity tag: every definition, issuer, faculty and institution name the catalog shows (<see cref="AchievementCatalog.StampAsync"/>
/// and the filter lists). Computed by <see cref="PublicPageCache"/> before the page runs, so a current copy costs a 304 or a stored
/// rendering and only a change searches and renders again.
/// </summary>
public sealed class CatalogPageTag : IPublicPageTag
{
    public string Page => "/Achievements/Catalog/Index";
    public string Vary => "Accept-Language, Cookie";

    public async Task<string?> TagAsync(HttpContext context, CancellationToken ct)
    {
        var catalog = context.RequestServices.GetRequiredService<AchievementCatalog>();
        return Of(await catalog.StampAsync(ct), await catalog.InstitutionsAsync(ct), viewer: null);
    }

    /// <summary>The tag for <paramref name="viewer"/> (the signed-in person, null for the public): the layout names whoever is signed
    /// in, so their copy must never match the public's tag (nor the public's theirs).</summary>
    public static string Of(string stamp, List<Institution> institutions, Guid? viewer) => ConditionalGet.ETag(stamp, string.Join(";", institutions.Select(i =>
        $"{i.Id}{i.Slug}{i.NameNl}|{i.NameEn}:{string.Join(",", i.Faculties.Select(f => $"{f.Id}{f.NameNl}|{f.NameEn}"))}")), viewer);
}
