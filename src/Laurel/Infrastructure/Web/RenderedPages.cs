using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Caching.Memory;

namespace Laurel.Infrastructure.Web;

/// <summary>
/// Rendered HTML of anonymous public pages, kept per node under the page's address and culture together with the entity tag it was
/// rendered for (<see cref="ConditionalGet"/>). A page computes its current tag from the database first and only reuses a copy
/// with that same tag, so a change (a revocation, an edited definition or profile) is never served from here: there is nothing
/// to evict, and another node's copy cannot be stale. Signed-in viewers are never served from or stored in it.
/// </summary>
public sealed class RenderedPages : IDisposable
{
    /// <summary>Default upper bound of the cached HTML per node (bytes); the least recently used pages go first.
    /// <c>Laurel:Memory:RenderedPagesMB</c> sets another (<see cref="CacheBudgets"/>).</summary>
    public const long SizeLimit = 32L * 1024 * 1024;
    private static readonly TimeSpan KeepUnused = TimeSpan.FromMinutes(10);
    private const string CaptureKey = "Laurel.RenderedPages.Capture";
    private static readonly byte[] AntiforgeryField = "__RequestVerificationToken"u8.ToArray();
    private readonly MemoryCache _cache;

    public RenderedPages() : this(SizeLimit) { }

    /// <param name="byteBudget">The bound on the cached bytes (0: nothing is kept).</param>
    public RenderedPages(long byteBudget) =>
        _cache = new(new MemoryCacheOptions { SizeLimit = byteBudget, CompactionPercentage = 0.25 });

    /// <summary>The cache key of this request's page: address with query (the layout links back to it) and UI culture.</summary>
    public static string KeyOf(HttpContext context) =>
        context.Request.Path + context.Request.QueryString + "|" + System.Globalization.CultureInfo.CurrentUICulture.Name;

    /// <summary>Only anonymous GETs share a rendering: the layout names a signed-in person.</summary>
    public static bool Shareable(HttpContext context) => context.User.Identity?.IsAuthenticated != true;

    /// <summary>The page as last rendered for <paramref name="etag"/>, as a result to return from the handler; null when there is none.</summary>
    public IActionResult? Find(HttpContext context, string etag) =>
        Shareable(context) && _cache.TryGetValue(KeyOf(context), out Entry? entry) && entry!.ETag == etag ? new HtmlResult(entry.Html) : null;

    /// <summary>
    /// The stored rendering of this request's page when it was rendered for <paramref name="etag"/> (for <see cref="PublicPageCache"/>,
    /// which answers before Razor Pages runs); null when there is none or the viewer is signed in.
    /// </summary>
    public byte[]? FindBytes(HttpContext context, string etag) =>
        Shareable(context) && _cache.TryGetValue(KeyOf(context), out Entry? entry) && entry!.ETag == etag ? entry.Html : null;

    /// <summary>Asks <see cref="CaptureFilter"/> to keep this request's rendering under <paramref name="etag"/>.</summary>
    public static void Capture(HttpContext context, string etag)
    {
        if (Shareable(context)) context.Items[CaptureKey] = etag;
    }

    private void Store(string key, string etag, byte[] html) =>
        _cache.Set(key, new Entry(etag, html), new MemoryCacheEntryOptions { Size = html.Length + key.Length * 2 + 64, SlidingExpiration = KeepUnused });

    public void Dispose() => _cache.Dispose();

    private sealed record Entry(string ETag, byte[] Html);

    private sealed class HtmlResult(byte[] html) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.ContentType = "text/html; charset=utf-8";
            response.ContentLength = html.Length;
            return response.Body.WriteAsync(html, context.HttpContext.RequestAborted).AsTask();
        }
    }

    /// <summary>Buffers the rendering of a page that asked for it (<see cref="Capture"/>) and keeps it when it succeeded.</summary>
    public sealed class CaptureFilter(RenderedPages pages) : IAsyncAlwaysRunResultFilter
    {
        public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
        {
            var http = context.HttpContext;
            if (context.Result is not PageResult || http.Items[CaptureKey] is not string etag)
            {
                await next();
                return;
            }
            var original = http.Response.Body;
            using var buffer = new MemoryStream();
            http.Response.Body = buffer;
            try
            {
                await next();
            }
            finally
            {
                http.Response.Body = original;
            }
            var html = buffer.ToArray();
            // A copy is shared with every anonymous visitor: never one that set a cookie or carries a form's antiforgery token
            // (bound to this visitor's cookie), and only for a viewer who is still anonymous after the page ran.
            if (http.Response.StatusCode == StatusCodes.Status200OK && !http.Response.Headers.ContainsKey("Set-Cookie") && Shareable(http)
                && html.AsSpan().IndexOf(AntiforgeryField) < 0)
                pages.Store(KeyOf(http), etag, html);
            await original.WriteAsync(html, http.RequestAborted);
        }
    }
}
