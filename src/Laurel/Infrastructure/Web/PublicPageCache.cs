namespace Laurel.Infrastructure.Web;

/// <summary>
/// The entity tag of one public Razor page for an anonymous viewer, computed without running the page (one small query). Null
/// means "let the page answer" (unknown, not public, a machine asking for JSON): the page then decides as it always does.
/// </summary>
public interface IPublicPageTag
{
    /// <summary>The Razor page this tag is for, as routing names it (the <c>page</c> route value, e.g. <c>/Publishing/Badges/BadgePage</c>).</summary>
    string Page { get; }

    /// <summary>The headers the page's own answer varies by (sent again with a 304 or a stored copy).</summary>
    string Vary { get; }

    Task<string?> TagAsync(HttpContext context, CancellationToken ct);
}

/// <summary>
/// Answers anonymous GETs of the public pages (badge page, catalog, profiles) before Razor Pages runs: after routing and
/// authentication it asks the page's <see cref="IPublicPageTag"/> for the current tag (read from the database on every request,
/// so a revocation or an edit on any node shows on the next view) and answers 304 to a browser holding that tag, or writes this
/// node's stored rendering made for that same tag (<see cref="RenderedPages"/>). Anything else goes on to the page, which finds
/// the tag already computed (<see cref="KnownTag"/>). Signed-in viewers never get here: their pages name them and may show more.
/// The security headers are added by <see cref="SecurityHeadersMiddleware"/> as for every answer (the CSP has no per-request
/// nonce, so a stored page carries nothing that belongs to one request).
/// </summary>
public sealed class PublicPageCache(RequestDelegate next, IEnumerable<IPublicPageTag> tags, RenderedPages rendered)
{
    private const string TagKey = "Laurel.PublicPageCache.Tag";
    private readonly Dictionary<string, IPublicPageTag> _tags = tags.ToDictionary(t => t.Page, StringComparer.Ordinal);

    /// <summary>The tag this middleware already computed for the request's page (anonymous viewers only), or null.</summary>
    public static string? KnownTag(HttpContext context) =>
        context.User.Identity?.IsAuthenticated != true && context.Items[TagKey] is (string page, string tag)
        && Equals(context.Request.RouteValues["page"], page) ? tag : null;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) || !RenderedPages.Shareable(context)
            || context.Request.RouteValues["page"] is not string page || !_tags.TryGetValue(page, out var source))
        {
            await next(context);
            return;
        }
        var tag = await source.TagAsync(context, context.RequestAborted);
        if (tag is null)
        {
            await next(context);
            return;
        }
        context.Items[TagKey] = (page, tag);
        var response = context.Response;
        if (ConditionalGet.Matches(context.Request, tag))
        {
            Validators(response, tag, source.Vary);
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        if (rendered.FindBytes(context, tag) is { } html)
        {
            Validators(response, tag, source.Vary);
            response.ContentType = "text/html; charset=utf-8";
            response.ContentLength = html.Length;
            await response.Body.WriteAsync(html, context.RequestAborted);
            return;
        }
        await next(context);
    }

    // The same validators the page sets (ConditionalGet.Validate): a shared copy that any cache must revalidate.
    private static void Validators(HttpResponse response, string tag, string vary)
    {
        response.Headers.ETag = tag;
        response.Headers.CacheControl = "no-cache";
        response.Headers.Vary = vary;
    }
}

public static class PublicPageCacheSetup
{
    /// <summary>After routing and authentication (it needs the page and the viewer), before the endpoint runs.</summary>
    public static IApplicationBuilder UsePublicPageCache(this IApplicationBuilder app) => app.UseMiddleware<PublicPageCache>();
}
