using System.Globalization;
using System.Threading.RateLimiting;

namespace Laurel.Infrastructure.Web;

/// <summary>
/// The answer to a request over its limit: 429 with <c>Retry-After</c> (whole seconds). APIs get a ProblemDetails body;
/// pages get none here, so the status code pages show the friendly /error/429 page in the user's language.
/// </summary>
public static class RateLimitRejection
{
    private static readonly string[] ApiPrefixes = ["/api", "/credentials", "/presentations/verify", "/presentations/exchanges", "/oauth",
        // Wallets and OpenID4VP clients are programs too: they get the ProblemDetails body, not the HTML page.
        "/oid4vci", "/oid4vp", "/wallet/exchanges"];

    public static async ValueTask WriteAsync(HttpContext context, RateLimitLease lease)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        if (!IsApi(context.Request)) return;
        await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
            detail: $"This client has made too many requests; try again in {seconds} seconds.").ExecuteAsync(context);
    }

    private static bool IsApi(HttpRequest request) => ApiPrefixes.Any(prefix => request.Path.StartsWithSegments(prefix));
}
