using Laurel.Infrastructure.Web;

namespace Laurel.Features.Achievements.Catalog;

/// <summary>
/// The catalog's entity tag: the publication version (<see cref="Laurel.Infrastructure.Database.PublicationVersion"/>), raised by
/// every change of a definition, issuer, faculty or institution, so one primary-key read whatever the catalog holds. Computed by
/// <see cref="PublicPageCache"/> before the page runs, so a current copy costs a 304 or a stored rendering and only a change
/// searches and renders again.
/// </summary>
public sealed class CatalogPageTag : IPublicPageTag
{
    public string Page => "/Achievements/Catalog/Index";
    public string Vary => "Accept-Language, Cookie";

    public async Task<string?> TagAsync(HttpContext context, CancellationToken ct) => await PublicationTag.OfAsync(context, viewer: null, ct);
}
