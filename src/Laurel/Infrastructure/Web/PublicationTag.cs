using Laurel.Infrastructure.Database;

namespace Laurel.Infrastructure.Web;

/// <summary>
/// The entity tag of a page made only of published data (the catalog, the institution, faculty and issuer profiles): the page's
/// address, the public origin its links are made of, the <see cref="PublicationVersion"/> (one primary-key read, whatever the
/// number of definitions) and the viewer. <see cref="ConditionalGet.ETag"/> adds the culture and the build.
/// </summary>
public static class PublicationTag
{
    /// <summary>The tag for <paramref name="viewer"/> (the signed-in person, null for the public): the layout names whoever is signed
    /// in, so their copy never matches the public's tag (nor the public's theirs).</summary>
    public static async Task<string> OfAsync(HttpContext context, Guid? viewer, CancellationToken ct)
    {
        var stamp = await Publication.ReadAsync(context.RequestServices.GetRequiredService<LaurelDb>(), ct);
        return ConditionalGet.ETag(context.Request.Path.Value, context.RequestServices.GetRequiredService<PublicOrigin>().Root, stamp, viewer);
    }
}
